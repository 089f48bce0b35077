// Fuzz target for small tables (Inputs/small_tables.h: tables of 5, 6 and 7
// bytes in both modes, as the root, as fields and as sequence elements, so
// that they are often the last block of the message; spec §11 bug 2, fixed
// in aae9528: an unpacked reader that asks 8 bytes of such a table reads it
// as absent). The first input byte picks one of eight targets on the rest:
//   0-3  the reader target (Inputs/read_target.h) for Holder, PHolder,
//        Small, Byte: view and decode agree, a used value changes nothing,
//        the decoded value re-encodes stably;
//   4-7  the round-trip property target (Inputs/roundtrip_target.h) for the
//        same roots: a random value encodes to encoded_size bytes, decodes
//        and views back bit for bit, every prefix reads alike both ways.
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   ./small-tables.cpp.tmp -max_len=512 -max_total_time=600 small-tables.cpp.tmp.dir/corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/corpus
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only -x c++-header %S/Inputs/small_tables.h
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=100000 -seed=1 -max_len=512 %t.dir/corpus 2>&1 | FileCheck %s
// CHECK: Done 100000 runs
#include "small_tables.karmem.h"
#include "read_target.h"
#include "roundtrip_target.h"

using namespace small_tables;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  const uint8_t *rest = data + 1;
  const size_t n = size - 1;
  switch (data[0] % 8) {
  case 0:
    return fuzz::read_one<Holder>(rest, n);
  case 1:
    return fuzz::read_one<PHolder>(rest, n);
  case 2:
    return fuzz::read_one<Small>(rest, n);
  case 3:
    return fuzz::read_one<Byte>(rest, n);
  case 4:
    return fuzz::roundtrip_one<Holder>(rest, n, 2048);
  case 5:
    return fuzz::roundtrip_one<PHolder>(rest, n, 2048);
  case 6:
    return fuzz::roundtrip_one<Small>(rest, n, 2048);
  default:
    return fuzz::roundtrip_one<Byte>(rest, n, 2048);
  }
}
