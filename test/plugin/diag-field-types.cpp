// Field types with no Karmem equivalent are errors at the field, with a
// fix-it where one exists; the plugin never crashes and writes nothing.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct Plain { int32_t a; }; // expected-note {{annotate 'Plain' to use it in Karmem structs}}
union Either { int32_t a; float b; };
struct [[karmem::struct(inline)]] Vec2 { float x, y; };
struct Incomplete;

struct [[karmem::struct]] Bad {
  int32_t *pointer;               // expected-error {{field 'pointer' uses the pointer type 'int32_t *' (aka 'int *'), which has no Karmem equivalent}}
  const int32_t &reference;       // expected-error {{field 'reference' has the reference type 'const int32_t &' (aka 'const int &'), which has no Karmem equivalent; store the value itself}}
  Plain plain;                    // expected-error {{field 'plain' has type 'Plain', which is not annotated with 'karmem::struct'}}
  Either either;                  // expected-error {{field 'either' uses the union type 'Either'; Karmem has no unions}}
  // CHECK: fix-it:"{{.*}}diag-field-types.cpp":{[[@LINE+1]]:3-[[@LINE+1]]:14}:"double"
  long double wide;               // expected-error {{field 'wide' has type 'long double'}} expected-note {{use 'double'}}
  uint32_t bits : 3;              // expected-error {{bit-field 'bits' has no Karmem equivalent: Karmem fields are whole bytes}} expected-note {{remove the bit-field width}}
  std::vector<std::vector<int32_t>> nested; // expected-error {{field 'nested' has type 'std::vector<std::vector<int32_t>>' (aka 'vector<vector<int>>'), a sequence of sequences; KarmemIDL has one bracket level}}
  int32_t empty[0];               // expected-error {{with length 0, which has no Karmem equivalent}}
  std::map<int32_t, int32_t> map; // expected-error {{field 'map' has type 'std::map<int32_t, int32_t>' (aka 'map<int, int>'), which has no Karmem equivalent (class types must be annotated structs, std::array, std::vector, std::string or karmem::limited)}}
  std::unique_ptr<Vec2> owned;    // expected-error {{field 'owned' has type 'std::unique_ptr<Vec2>', which has no Karmem equivalent}}
  std::optional<int32_t> maybe;   // expected-error {{field 'maybe' has type 'std::optional<int32_t>' (aka 'optional<int>'), which has no Karmem equivalent}}
  volatile int32_t v;             // expected-error {{field 'v' is volatile; karmem::decode assigns every field, so remove the qualifier}}
  const int32_t c = 1;            // expected-error {{field 'c' is const; karmem::decode assigns every field, so remove the qualifier}}
  Vec2 fine;
};

struct [[karmem::struct]] Hidden {
  int32_t visible;
private:
  int32_t secret; // expected-error {{field 'secret' is private, but generated code reads it through karmem::schema<Hidden>; make it public or add 'friend struct karmem::schema<Hidden>;' to Hidden}}
};

struct Base { int32_t b; };
struct [[karmem::struct]] Derived : Base { int32_t d; }; // expected-error {{'karmem::struct' type 'Derived' cannot have a base class (Base): Karmem structs have no inheritance; make the base a data member instead}}
struct [[karmem::struct]] Virtual { virtual ~Virtual(); int32_t a; }; // expected-error {{'karmem::struct' type 'Virtual' cannot be polymorphic}}
struct [[karmem::struct]] Empty {}; // expected-error {{struct 'Empty' has no fields; Karmem requires at least one}}
// Every field of Anonymous is an error; it is not reported again as a struct
// with no fields (SchemaBuilder::translatedCompletely).
struct [[karmem::struct]] Anonymous {
  struct { int32_t x; } inner; // expected-error {{field 'inner' has an unnamed struct type; name the struct and annotate it with 'karmem::struct'}}
  union { int32_t a; float f; }; // expected-error {{anonymous union members have no Karmem equivalent}}
};
void local() {
  struct [[karmem::struct]] Local { int32_t a; }; // expected-error {{'karmem::struct' type 'Local' is declared inside a function, where generated code cannot name it}}
  (void)sizeof(Local);
}
