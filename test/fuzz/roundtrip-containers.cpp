// Round-trip property target over every container and element kind the
// plugin accepts (Inputs/containers.h: T[N], std::array, std::vector with
// and without a custom allocator, std::string and basic_string with one,
// karmem::limited, of every scalar width, bool, char, unsigned char,
// std::byte, an enum, an inline struct, a table and a string (std::string
// and a basic_string with another allocator); through aliases, alias
// templates and template parameters; mutable; packed and unpacked). The
// checks are those of the other round-trip targets (Inputs/roundtrip_target.h):
// exact sizes, identical bytes from every writer, decode bit for bit, the view
// reads as the value, prefixes read alike through the view and decode.
//
// The generated header also compiles under g++ -Werror (libstdc++), and the
// same checks run in wasm32 (libc++) from a deterministic driver
// (-DROUNDTRIP_MAIN: 400 inputs from a fixed seed).
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only -x c++-header %S/Inputs/containers.h
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=5000 -seed=1 2>&1 | FileCheck %s
// RUN: g++ -std=c++20 -fsyntax-only -Wall -Wextra -Werror -DGCC_COMPILE_ONLY -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs %s
// A header is generated for the target that compiles it (int64_t is long on
// x86_64 and long long on wasm32, so Row<int64_t> is another C++ type):
// RUN: rm -rf %t.wasm32 && mkdir -p %t.wasm32
// RUN: %karmem-cxx --target=wasm32-wasi -fplugin-arg-karmem-out-dir=%t.wasm32 -fsyntax-only -x c++-header %S/Inputs/containers.h
// RUN: %clangxx --target=wasm32-wasi -fno-exceptions -std=c++20 -O1 -DROUNDTRIP_MAIN -I%runtime-include -I%t.wasm32 -I%S/Inputs -I%golden/Inputs -Wl,--stack-first -Wl,-z,stack-size=1048576 %s -o %t.wasm
// RUN: %run-wasm %t.wasm | FileCheck %s --check-prefix=WASM
// CHECK: Done 5000 runs
// WASM: 400 values round-tripped
#include "containers.karmem.h"

#ifdef GCC_COMPILE_ONLY
// What a user's code instantiates: the codecs and the views of the root.
#include <karmem/karmem.h>
bool round_trip(const containers::Root &in, containers::Root &out) {
  karmem::writer w;
  if (!karmem::encode(w, in))
    return false;
  (void)karmem::view_root<containers::Root>(w.bytes()).packed().notes().vector()[0].text();
  (void)karmem::view_root<containers::Root>(w.bytes()).unpacked().strings().limited()[0].size();
  return karmem::decode(w.bytes(), out);
}
#else
#include "roundtrip_target.h"

using namespace containers;

template <> struct fuzz::enum_values<Mood> {
  static constexpr Mood values[] = {Mood::Calm, Mood::Angry, Mood::Sleepy};
};
template <> struct fuzz::enum_values<Weather> {
  static constexpr Weather values[] = {Weather::Fair, Weather::Rain, Weather::Snow};
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  return fuzz::roundtrip_one<Root>(data, size);
}

#ifdef ROUNDTRIP_MAIN
int main() {
  fuzz::knobs random(2026);
  std::vector<uint8_t> input;
  for (int i = 0; i < 400; ++i) {
    input.resize(random.upto(4096));
    for (uint8_t &b : input)
      b = uint8_t(random.next());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("400 values round-tripped\n");
}
#endif
#endif
