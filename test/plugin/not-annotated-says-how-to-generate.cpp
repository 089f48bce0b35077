// Using a type whose schema was never generated (not annotated, or its
// <stem>.karmem.h not included) stops at the runtime's static_assert, and its
// message says how to generate the schema: the plugin command or
// karmem_generate (runtime/include/karmem/schema.h). The order of the errors
// is clang's instantiation order, so the checks take them in any order.
// RUN: not %clangxx -std=c++20 -I%runtime-include -fsyntax-only -ferror-limit=0 %s 2>&1 | FileCheck %s
#include <karmem/generated.h>
#include <karmem/exchange.h>

struct Plain { float x; };

// CHECK-DAG: static assertion failed due to requirement 'is_annotated_v<Plain>': karmem::encode: T is not a {{\[\[}}karmem::struct]] type with a generated schema. Annotate it {{\[\[}}karmem::struct]] (or KARMEM_STRUCT(...)), generate <stem>.karmem.h from its header with the karmem plugin, `clang++-19 -std=c++20 -fplugin=<path>/libkarmem.so -fplugin-arg-karmem-out-dir=<dir> -fsyntax-only -x c++-header <header>` or CMake's `karmem_generate(TARGET <name> SOURCES <header> OUTPUT_DIR <dir>)`, and include <dir>/<stem>.karmem.h
// CHECK-DAG: karmem::decode: T is not a {{\[\[}}karmem::struct]] type with a generated schema. Annotate it {{.*}}-fplugin=<path>/libkarmem.so {{.*}}karmem_generate(
// CHECK-DAG: karmem::view_root: T is not a {{\[\[}}karmem::struct]] type with a generated schema. Annotate it {{.*}}-fplugin=<path>/libkarmem.so {{.*}}karmem_generate(
// CHECK-DAG: karmem::exchange::publisher<T>: T is not a {{\[\[}}karmem::struct]] type with a generated schema. Annotate it {{.*}}-fplugin=<path>/libkarmem.so {{.*}}karmem_generate(
// CHECK-DAG: karmem::exchange::subscriber<T>: T is not a {{\[\[}}karmem::struct]] type with a generated schema. Annotate it {{.*}}-fplugin=<path>/libkarmem.so {{.*}}karmem_generate(
void use(karmem::writer &w, const Plain &p, Plain &out) {
  karmem::encode(w, p);
  karmem::decode(w.bytes(), out);
  (void)karmem::view_root<Plain>(w.bytes());
}
template class karmem::exchange::publisher<Plain>;
template class karmem::exchange::subscriber<Plain>;
