// Arithmetic types with no Karmem primitive (plugin/PrimitiveTypes.cpp) are
// errors at the field, alone or as sequence elements, saying what to use:
// wide characters, integers wider than 64 bits, floating-point types other
// than float and double (long double, with its fix-it, is in
// diag-field-types.cpp; target-dependent integers in
// diag-target-dependent-types.cpp). Nothing is written.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>
#include <array>
#include <vector>

struct [[karmem::struct]] Arithmetic {
  wchar_t w;                    // expected-error {{field 'w' has type 'wchar_t': wide character types have no Karmem equivalent; use uint16_t or uint32_t, or std::string for UTF-8 text}}
  char16_t c16;                 // expected-error {{field 'c16' has type 'char16_t': wide character types have no Karmem equivalent}}
  char32_t c32;                 // expected-error {{field 'c32' has type 'char32_t': wide character types have no Karmem equivalent}}
  std::vector<wchar_t> ws;      // expected-error {{field 'ws' has elements of type 'wchar_t': wide character types have no Karmem equivalent}}
  __int128 big;                 // expected-error {{field 'big' has type '__int128': integers wider than 64 bits have no Karmem equivalent}}
  unsigned __int128 ubig;       // expected-error {{field 'ubig' has type 'unsigned __int128': integers wider than 64 bits have no Karmem equivalent}}
  std::array<__int128, 2> bigs; // expected-error {{field 'bigs' has elements of type '__int128': integers wider than 64 bits}}
  _Float16 half;                // expected-error {{field 'half' has type '_Float16': only 'float' (float32) and 'double' (float64) have Karmem equivalents among floating-point types}}
  int32_t fine;
  double also_fine;
};
