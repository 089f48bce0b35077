// Round-trip property target, game schema (examples/game/game.h, root
// Monsters, packed): the fuzzer's bytes drive a generator
// (Inputs/roundtrip_target.h) that builds a random Monsters value: names up
// to 512 bytes, inventories up to 128, status up to 10, paths and monster
// lists up to 2000 elements (within a per-value element budget), enums among
// their enumerators, floats with NaNs, infinities, -0.0 and subnormals. For
// every value: encoded_size equals the bytes written; writer, a reused writer
// and a fixed_writer of exactly that size give identical bytes (nothing
// written past the end); one byte less refuses and writes nothing; decode
// (fresh and into a used value) gives the value back bit for bit and the
// view reads as it; trailing bytes change nothing; a random prefix reads
// alike through the view and decode.
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   mkdir -p corpus && ./roundtrip-game.cpp.tmp -max_len=8192 -max_total_time=600 corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only %srcroot/examples/game/game.h
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=20000 -seed=1 2>&1 | FileCheck %s
// CHECK: Done 20000 runs
#include "game.karmem.h"
#include "roundtrip_target.h"

using namespace game;

template <> struct fuzz::enum_values<Color> {
  static constexpr Color values[] = {Color::Red, Color::Green, Color::Blue};
};
template <> struct fuzz::enum_values<Team> {
  static constexpr Team values[] = {Team::Humans, Team::Orcs, Team::Zombies, Team::Robots, Team::Aliens};
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz::roundtrip_one<Monsters>(data, size);
}
