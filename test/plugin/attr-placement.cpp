// [[karmem::struct]] belongs on struct and class definitions; anywhere else
// it is an error that names the attribute (clang's own message would drop
// the 'karmem::' scope).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify %s
#include <karmem/karmem.h>

struct [[karmem::struct]] Good { int32_t a; };
class [[karmem::struct(inline)]] AlsoGood { public: int32_t a; };

[[karmem::struct]] int variable; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a variable}}
[[karmem::struct]] void function(); // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a function}}
union [[karmem::struct]] U { int32_t a; float b; }; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a union}}
enum class [[karmem::struct]] E : uint8_t { A }; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to an enum}}
enum class F : uint8_t { A [[karmem::struct]] }; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to an enumerator}}
struct Holder {
  [[karmem::struct]] int32_t member; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a data member}}
};
using Alias [[karmem::struct]] = Good; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a type alias}}
namespace [[karmem::struct]] ns {} // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a namespace}}
void statements() {
  [[karmem::struct]] return; // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a statement}}
}
void parameter([[karmem::struct]] int p); // expected-error {{'karmem::struct' applies only to struct and class declarations, not to a parameter}}
