// The C23 spelling: a C header annotated with [[karmem::struct(...)]] gives
// the same schema, and its generated C++ header reads and writes the C types.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -std=c23 -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t -fsyntax-only -x c-header %S/Inputs/c23_types.h
// RUN: FileCheck %s < %t/c23_types.km
// RUN: %native-cxx -Wall -Wextra -Werror -I%t -I%S/Inputs %S/Inputs/c23_main.cpp -o %t/main
// RUN: %t/main | FileCheck %s --check-prefix=OUT
// CHECK:      struct Vec inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     X float32;
// CHECK-NEXT:     Y float32;
// CHECK:      enum Shade uint8 {
// CHECK:      struct Thing table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     V     Vec;
// CHECK-NEXT:     Id    int32;
// CHECK-NEXT:     Ok    bool;
// CHECK-NEXT:     Shade Shade;
// OUT: 18 bytes: 1.5 -2.0 42 1 1
