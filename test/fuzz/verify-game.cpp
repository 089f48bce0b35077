// Verifier fuzz target, game schema (examples/game/game.h, root Monsters,
// packed): any bytes at all go through karmem::verify<Monsters> under ASan
// and UBSan (Inputs/verify_target.h): verify never crashes nor reads outside
// the input, and when it says ok, decode succeeds, every reachable byte of
// the view is read in bounds and agrees with the decoded value, and the
// decoded value re-encodes into a message that verifies. The run must take
// the "ok" branch (the count printed at exit is not 0).
// Seeds: the golden messages (game_*, and the malformed bad_* ones).
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   ./verify-game.cpp.tmp -max_len=8192 -max_total_time=600 verify-game.cpp.tmp.dir/corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/corpus
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only -x c++-header %srcroot/examples/game/game.h
// RUN: cp %golden/game_small3.bin %golden/game_bench1000.bin %golden/bad_all_ff.bin %golden/bad_path_size_7.bin %golden/bad_root_size_9.bin %golden/bad_root_size_too_big.bin %golden/bad_truncated.bin %golden/example_packed.bin %t.dir/corpus
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=100000 -seed=1 -max_len=2048 %t.dir/corpus 2>&1 | FileCheck %s
// CHECK: Done 100000 runs
// CHECK: verify: {{[1-9][0-9]*}} of {{[0-9]+}} inputs ok
#include "game.karmem.h"
#include "verify_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz::verify_one<game::Monsters>(data, size);
}
