// Enum errors beyond the underlying type and the values (diag-enums.cpp):
// enumerators whose KarmemIDL names collide or are not valid, an unnamed
// enum, an enum declared inside a function (reached through a template
// instantiated there). An enum without a fixed underlying type gets a fix-it
// to the smallest unsigned type that holds its values, or none when a value
// is negative. Nothing is written.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>

enum class Members : uint8_t {
  is_a, // expected-note {{enumerator 'is_a' is declared here}}
  IsA,  // expected-error {{enumerator 'IsA' and enumerator 'is_a' both map to the KarmemIDL enum member name 'IsA'}}
  _1,   // expected-error {{enumerator '_1' maps to the KarmemIDL member name '1', which is not valid (an upper-case ASCII letter, then ASCII letters and digits)}}
  ok,
};
// CHECK: fix-it:"{{.*}}diag-enum-declarations.cpp":{[[@LINE+1]]:11-[[@LINE+1]]:11}:" : uint8_t"
enum Small { SA, SB };          // expected-note {{give 'Small' a fixed underlying type}}
// CHECK: fix-it:"{{.*}}diag-enum-declarations.cpp":{[[@LINE+1]]:11-[[@LINE+1]]:11}:" : uint16_t"
enum Wider { WA, WB = 300 };    // expected-note {{give 'Wider' a fixed underlying type}}
// CHECK-NOT: fix-it:
enum Signed { NA = -1, NB };    // expected-note {{'Signed' is declared here}}

template <class E> struct [[karmem::struct(inline)]] Holder { E e; };

struct [[karmem::struct]] Uses {
  Members members;
  Small small;                  // expected-error {{field 'small' uses the enum 'Small', which has no fixed underlying type}}
  Wider wider;                  // expected-error {{field 'wider' uses the enum 'Wider', which has no fixed underlying type}}
  Signed sign;                  // expected-error {{field 'sign' uses the enum 'Signed', which has no fixed underlying type}}
  enum : uint8_t { X } unnamed; // expected-error {{field 'unnamed' uses an unnamed enum; KarmemIDL enums need a name}}
};

void local() {
  enum class Local : uint8_t { A }; // expected-error {{enum 'Local' is declared inside a function, where generated code cannot name it}}
  Holder<Local> h;
  (void)h;
}
