// Enums become KarmemIDL enums only with a fixed 8..64-bit underlying type,
// non-negative values and an enumerator equal to 0.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>

enum Loose { LA, LB };                          // expected-note {{give 'Loose' a fixed underlying type}}
enum class NoZero : uint8_t { One = 1, Two };   // expected-error {{enum 'NoZero' has no member with value 0; Karmem requires one (it is the default value)}}
enum class Negative : int8_t { Zero, Minus = -1 }; // expected-error {{enumerator 'Minus' of 'Negative' has the negative value -1; KarmemIDL enum values are non-negative}}
enum class Flag : bool { No, Yes };             // expected-error {{enum 'Flag' has the underlying type 'bool'; a Karmem enum needs an 8-, 16-, 32- or 64-bit integer type}}
enum class mode_2 : uint8_t { A };              // expected-error {{enum 'mode_2' maps to the KarmemIDL enum name 'Mode2', which is not valid (KarmemIDL enum names are ASCII letters only, starting upper-case)}}

struct [[karmem::struct]] Uses {
  Loose loose;       // expected-error {{field 'loose' uses the enum 'Loose', which has no fixed underlying type; a Karmem enum needs one (uint8_t ... int64_t)}}
  NoZero no_zero;
  Negative negative;
  Flag flag;
  mode_2 m;
};
