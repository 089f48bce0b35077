// Reader fuzz target, game schema (examples/game/game.h, root Monsters,
// packed): any bytes at all go through karmem::view_root<Monsters> and
// karmem::decode under ASan and UBSan. Checked for every input
// (Inputs/read_target.h): every reachable field of the view is read (every
// slice and array element, nested table, string byte, raw range bytes);
// decode returns whether the root is present and agrees with the view field
// by field; decoding into used values gives the same result; the decoded
// value re-encodes, decodes back to itself and re-encodes to the same bytes.
// Seeds: the golden messages (game_*, and the malformed bad_* ones).
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   ./read-game.cpp.tmp -max_len=8192 -max_total_time=600 read-game.cpp.tmp.dir/corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/corpus
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only %srcroot/examples/game/game.h
// RUN: cp %golden/game_small3.bin %golden/game_bench1000.bin %golden/bad_all_ff.bin %golden/bad_path_size_7.bin %golden/bad_root_size_9.bin %golden/bad_root_size_too_big.bin %golden/bad_truncated.bin %golden/example_packed.bin %t.dir/corpus
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=30000 -seed=1 -max_len=2048 %t.dir/corpus 2>&1 | FileCheck %s
// CHECK: Done 30000 runs
#include "game.karmem.h"
#include "read_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz::read_one<game::Monsters>(data, size);
}
