// Reader fuzz target, unpacked all-types schema
// (test/golden/Inputs/alltypes_unpacked.h, root Root: the types of
// alltypes.h in Karmem's unpacked mode, padded inline structs and 12-byte
// slice headers): any bytes at all go through karmem::view_root<Root> and
// karmem::decode under ASan and UBSan. Checked for every input
// (Inputs/read_target.h): every reachable field of the view is read (every
// slice and array element, nested table, string byte, raw range bytes);
// decode returns whether the root is present and agrees with the view field
// by field; decoding into used values gives the same result; the decoded
// value re-encodes, decodes back to itself and re-encodes to the same bytes.
// Seeds: the golden messages (alltypes_unpacked_*, example_unpacked, and the
// malformed bad_*).
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   ./read-alltypes-unpacked.cpp.tmp -max_len=8192 -max_total_time=600 read-alltypes-unpacked.cpp.tmp.dir/corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/corpus
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only %golden/Inputs/alltypes_unpacked.h
// RUN: cp %golden/alltypes_unpacked_empty.bin %golden/alltypes_unpacked_full.bin %golden/alltypes_unpacked_leafref_root.bin %golden/example_unpacked.bin %golden/bad_all_ff.bin %golden/bad_path_size_7.bin %golden/bad_root_size_9.bin %golden/bad_root_size_too_big.bin %golden/bad_truncated.bin %t.dir/corpus
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=30000 -seed=1 -max_len=2048 %t.dir/corpus 2>&1 | FileCheck %s
// CHECK: Done 30000 runs
#include "alltypes_unpacked.karmem.h"
#include "read_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz::read_one<alltypes_unpacked::Root>(data, size);
}
