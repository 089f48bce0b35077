// Karmem has no slice of slices, so a sequence of strings (std::vector,
// karmem::limited, std::array or T[N] of std::string, or of a basic_string
// with another allocator) is a sequence of one generated inline wrapper,
// `KarmemString`, holding one []char: always packed, so that packed and
// unpacked structs share it. The .km passes `karmem check`; the view's
// elements read as std::string_view; decode fills the user's own vectors;
// native and wasm32 write the same bytes; `karmem decode` gives each string
// as {"Value": "..."} and `karmem encode` turns that JSON back into the same
// bytes; `karmem verify` and karmem::verify<T> accept the message and name
// the same path in a corrupted one.
// RUN: rm -rf %t && mkdir -p %t/native %t/wasm32 && cd %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t/native -fsyntax-only -x c++-header %S/Inputs/bookshelf.h
// RUN: FileCheck %s < %t/native/bookshelf.km
// RUN: %idl check %t/native/bookshelf.km
// RUN: %native-cxx -Wall -Wextra -Werror -I%t/native -I%S/Inputs %S/Inputs/bookshelf_main.cpp -o %t/main
// RUN: %t/main native.bin | FileCheck %s --check-prefix=OUT
// RUN: %karmem-cxx --target=wasm32-wasi -fplugin-arg-karmem-out-dir=%t/wasm32 -fsyntax-only -x c++-header %S/Inputs/bookshelf.h
// RUN: %wasm-link -Wall -Wextra -Werror -I%t/wasm32 -I%S/Inputs %S/Inputs/bookshelf_main.cpp -o %t/main.wasm
// RUN: %run-wasm %t/main.wasm wasm32.bin | FileCheck %s --check-prefix=OUT
// RUN: cmp native.bin wasm32.bin
// Each target reads the other's message:
// RUN: %t/main native.bin wasm32.bin | FileCheck %s --check-prefix=CROSS -DFILE=wasm32.bin
// RUN: %run-wasm %t/main.wasm wasm32.bin native.bin | FileCheck %s --check-prefix=CROSS -DFILE=native.bin
//
// `karmem cpp` of that .km declares sequences of std::string again (no C++
// KarmemString), and the plugin gives the same .km back:
// RUN: mkdir -p %t/from-km && %karmem-tool cpp %t/native/bookshelf.km -o %t/from-km
// RUN: FileCheck %s --check-prefix=CPP < %t/from-km/bookshelf.h
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t/from-km -fsyntax-only -x c++-header %t/from-km/bookshelf.h
// RUN: diff %t/native/bookshelf.km %t/from-km/bookshelf.km
//
// RUN: %karmem-tool decode --schema %t/native/bookshelf.km --root Shelf native.bin > shelf.json
// RUN: FileCheck %s --check-prefix=JSON < shelf.json
// RUN: %karmem-tool encode --schema %t/native/bookshelf.km --root Shelf shelf.json | cmp - native.bin
// RUN: %karmem-tool verify --schema %t/native/bookshelf.km --root Shelf native.bin | FileCheck %s --check-prefix=OK
//
// Names[2]'s byte length (the third 8-byte header in the Names block, whose
// offset is at 4) made 0xffffffff: both gates name it, and decode reads
// "bob" as "".
// RUN: %python -c "import struct; b = bytearray(open('native.bin','rb').read()); off = struct.unpack_from('<I', b, 4)[0]; b[off+20:off+24] = b'\xff' * 4; open('broken.bin','wb').write(b)"
// RUN: not %karmem-tool verify --schema %t/native/bookshelf.km --root Shelf broken.bin 2>&1 | FileCheck %s --check-prefix=BROKEN
// RUN: %t/main native.bin broken.bin | FileCheck %s --check-prefix=BROKEN
// RUN: %karmem-tool decode --schema %t/native/bookshelf.km --root Shelf broken.bin | FileCheck %s --check-prefix=LENIENT

// CHECK:      karmem bookshelf @packed(true);
// CHECK:      struct KarmemString inline @packed(true) @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Value []char;
// CHECK-NEXT: }
// CHECK:      struct Book table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Title   []char;
// CHECK-NEXT:     Authors []KarmemString;
// CHECK:      struct Loose table @packed(false) @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Words []KarmemString;
// CHECK:      struct Shelf table @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK-NEXT:     Names  []KarmemString;
// CHECK-NEXT:     Few    [<3]KarmemString;
// CHECK-NEXT:     Pair   [2]KarmemString;
// CHECK-NEXT:     CArray [2]KarmemString;
// CHECK-NEXT:     Texts  []KarmemString;
// CHECK-NEXT:     Books  []BookItem;
// CHECK-NEXT:     Loose  Loose;
// CHECK-NEXT: }
// CHECK-NOT:  KarmemString inline

// CPP-NOT:  struct {{.*}}KarmemString
// CPP:      std::vector<std::string> authors;
// CPP:      karmem::limited<std::string, 3> few;
// CPP-NEXT: std::array<std::string, 2> pair;

// OUT: names 3  'ann'  ''  'bob' | few 'yz' | pair 'right' | c_array 'second' | texts 't22' | author 'Gaiman' | loose 'bc' | past the end ''
// OUT: decoded equal: yes
// OUT: verify: ok

// JSON:      "Names": [
// JSON-NEXT:   {
// JSON-NEXT:     "Value": "ann"
// JSON-NEXT:   },
// JSON-NEXT:   {
// JSON-NEXT:     "Value": ""
// JSON-NEXT:   },
// JSON:      "Authors": [
// JSON-NEXT:   {
// JSON-NEXT:     "Value": "Herbert"
// JSON:      "Authors": [
// JSON-NEXT:   {
// JSON-NEXT:     "Value": "Pratchett"

// CROSS: verify [[FILE]]: ok
// CROSS: [[FILE]] decodes equal: yes

// OK: ok
// BROKEN: Names[2].Value: size 4294967295 past the end at offset 99{{$}}
// BROKEN-NOT: decodes equal: yes
// LENIENT:      "Names": [
// LENIENT-NEXT:   {
// LENIENT-NEXT:     "Value": "ann"
// LENIENT-NEXT:   },
// LENIENT-NEXT:   {
// LENIENT-NEXT:     "Value": ""
// LENIENT-NEXT:   },
// LENIENT-NEXT:   {
// LENIENT-NEXT:     "Value": ""
