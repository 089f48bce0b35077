// KarmemIDL names are the PascalCase of the C++ names; two C++ names that map
// to the same KarmemIDL name are an error at the later one, with a note at
// the earlier.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>

struct [[karmem::struct]] Fields {
  int32_t is_alive; // expected-note {{field 'is_alive' is declared here}}
  int32_t IsAlive;  // expected-error {{field 'IsAlive' and field 'is_alive' both map to the KarmemIDL field name 'IsAlive'}}
  int32_t _x;       // expected-note {{field '_x' is declared here}}
  int32_t x;        // expected-error {{field 'x' and field '_x' both map to the KarmemIDL field name 'X'}}
};

namespace a { struct [[karmem::struct(inline)]] Point { int32_t x; }; } // expected-note {{'::a::Point' is declared here}}
namespace b { struct [[karmem::struct(inline)]] Point { int32_t y; }; } // expected-error {{'::b::Point' and '::a::Point' both map to the KarmemIDL type name 'Point'}}
struct [[karmem::struct]] Both { a::Point p; b::Point q; };

struct [[karmem::struct]] lower_case_name { int32_t v; }; // expected-note {{'::lower_case_name' is declared here}}
struct [[karmem::struct]] LowerCaseName { lower_case_name inner; }; // expected-error {{'::LowerCaseName' and '::lower_case_name' both map to the KarmemIDL type name 'LowerCaseName'}}
