// Round-trip property target, unpacked all-types schema (test/golden/Inputs/alltypes_unpacked.h,
// root Root): the fuzzer's bytes drive a generator (Inputs/roundtrip_target.h)
// that builds a random Root value: every primitive (floats with NaNs,
// infinities, -0.0 and subnormals), enums of five widths among their
// enumerators, strings of any bytes, fixed arrays, slices and limited slices
// (up to their bound) of scalars, bools and structs, nested tables, inline
// structs holding tables. For every value: encoded_size equals the bytes
// written; writer, a reused writer and a fixed_writer of exactly that size
// give identical bytes (nothing written past the end); one byte less refuses
// and writes nothing; decode (fresh and into a used value) gives the value
// back bit for bit and the view reads as it; trailing bytes change nothing;
// a random prefix reads alike through the view and decode.
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   mkdir -p corpus && ./roundtrip-alltypes-unpacked.cpp.tmp -max_len=8192 -max_total_time=600 corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only %golden/Inputs/alltypes_unpacked.h
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=30000 -seed=1 2>&1 | FileCheck %s
// CHECK: Done 30000 runs
#include "alltypes_unpacked.karmem.h"
#include "roundtrip_target.h"

using namespace alltypes_unpacked;

template <> struct fuzz::enum_values<Color> {
  static constexpr Color values[] = {Color::Red, Color::Green, Color::Blue, Color::White};
};
template <> struct fuzz::enum_values<Short> {
  static constexpr Short values[] = {Short::None, Short::Big};
};
template <> struct fuzz::enum_values<Mid> {
  static constexpr Mid values[] = {Mid::Zero, Mid::Ten, Mid::Two};
};
template <> struct fuzz::enum_values<Wide> {
  static constexpr Wide values[] = {Wide::None, Wide::Max};
};
template <> struct fuzz::enum_values<Tiny> {
  static constexpr Tiny values[] = {Tiny::Zero, Tiny::Top};
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz::roundtrip_one<Root>(data, size);
}
