// An annotated class template: every instantiation a field uses becomes its
// own KarmemIDL struct, named after the template and its arguments, with the
// kind and mode written on the template (also through KARMEM_STRUCT).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -x c++-header %S/Inputs/templates.h
// RUN: FileCheck %s < %t/templates.km
// RUN: %native-cxx -Wall -Wextra -Werror -I%t -I%S/Inputs %S/Inputs/templates_main.cpp -o %t/main
// RUN: %t/main | FileCheck %s --check-prefix=OUT
// CHECK: struct Vec3 inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK: struct PairInt inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT: First  int32;
// CHECK: struct PairFloat inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT: First  float32;
// CHECK: struct PairVec3 inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT: First  Vec3;
// CHECK: struct GridUnsignedChar4 table @packed(false) @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT: Cells [4]byte;
// CHECK: struct UsesPairs table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT: Ints   PairInt;
// CHECK-NEXT: Floats PairFloat;
// CHECK-NEXT: Vecs   PairVec3;
// CHECK-NEXT: Grid   GridUnsignedChar4;
// OUT: 1 -2 1.5 6.0 1 10 | -2 5 7
