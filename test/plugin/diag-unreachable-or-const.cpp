// Declarations the generated header could not use are errors at the
// declaration, instead of a header that does not compile: a struct nested
// privately (or protectedly) in a class, at any depth, cannot be named by
// karmem::schema<Outer::Inner>; a sequence of const or volatile elements
// cannot be assigned by karmem::decode.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>
#include <array>

class Outer {
  struct [[karmem::struct(inline)]] Hidden { int32_t x; }; // expected-error {{'karmem::struct' type 'Hidden' is not reachable from generated code: 'Hidden' is a private member of 'Outer'; make it public}}
protected:
  struct [[karmem::struct(inline)]] Guarded { int32_t x; }; // expected-error {{'karmem::struct' type 'Guarded' is not reachable from generated code: 'Guarded' is a protected member of 'Outer'; make it public}}
  struct Middle {
  public:
    struct [[karmem::struct(inline)]] Deep { int32_t x; }; // expected-error {{'karmem::struct' type 'Deep' is not reachable from generated code: 'Middle' is a protected member of 'Outer'; make it public}}
  };
public:
  struct [[karmem::struct(inline)]] Visible { int32_t x; };
};

struct [[karmem::struct]] ConstElements {
  std::array<const int32_t, 3> a; // expected-error-re {{field 'a' has type 'std::array<const int32_t, 3>'{{.*}}, whose elements are const; karmem::decode assigns every element, so remove the qualifier}}
  std::array<volatile int32_t, 3> b; // expected-error-re {{field 'b' has type 'std::array<volatile int32_t, 3>'{{.*}}, whose elements are volatile}}
  const int32_t c[3];             // expected-error {{field 'c' is const}}
  Outer::Visible fine;
};
