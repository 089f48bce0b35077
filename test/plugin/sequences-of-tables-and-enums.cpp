// Karmem's parser rejects slices and arrays of tables and of enums, so the
// plugin generates one inline wrapper struct per element type (<Name>Item,
// holding the element as its only field, the same bytes as the element) the
// way hand-written Karmem schemas do. The emitted .km passes karmem-idl check,
// and the C++ reads and writes the user's own vectors/arrays directly.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -x c++-header %S/Inputs/sequences.h
// RUN: FileCheck %s < %t/sequences.km
// RUN: %idl check %t/sequences.km
// RUN: %native-cxx -Wall -Wextra -Werror -I%t -I%S/Inputs %S/Inputs/sequences_main.cpp -o %t/main
// RUN: %t/main | FileCheck %s --check-prefix=OUT
// RUN: %wasm-link -Wall -Wextra -Werror -I%t -I%S/Inputs %S/Inputs/sequences_main.cpp -o %t/main.wasm
// RUN: %run-wasm %t/main.wasm | FileCheck %s --check-prefix=OUT

// CHECK:      enum Kind uint16 {
// CHECK:      struct KindItem inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Value Kind;
// CHECK:      struct Item table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK:      struct ItemItem inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Value Item;
// CHECK:      struct Bag table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Items     []ItemItem;
// CHECK-NEXT:     Kinds     [3]KindItem;
// CHECK-NEXT:     Few       [<4]ItemItem;
// CHECK-NEXT:     MoreKinds []KindItem;
// CHECK-NEXT:     Best      [2]ItemItem;
// CHECK-NEXT:     Note      []char;
// CHECK-NEXT:     Flags     []bool;
// CHECK-NEXT:     Raw       []byte;
// CHECK-NEXT: }

// OUT: items 2 lamp 10 | kinds 2 | few 1 | best 7 | flags 101 | raw ab
// OUT: decoded equal: yes
