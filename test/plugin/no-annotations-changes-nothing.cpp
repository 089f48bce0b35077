// Loaded on a large translation unit with no annotations, the plugin prints
// nothing, writes nothing, and the object file is byte-identical to one made
// without it (native and wasm32).
// RUN: rm -rf %t && mkdir -p %t/out
// RUN: %clangxx -std=c++20 -O1 -c %s -o %t/plain.o 2> %t/plain.err
// RUN: %clangxx -std=c++20 -O1 -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/out -c %s -o %t/plugin.o 2> %t/plugin.err
// RUN: count 0 < %t/plain.err
// RUN: count 0 < %t/plugin.err
// RUN: cmp %t/plain.o %t/plugin.o
// RUN: ls %t/out | count 0
// RUN: %clangxx --target=wasm32-wasi -fno-exceptions -std=c++20 -O1 -c %s -o %t/plain.wasm.o
// RUN: %clangxx --target=wasm32-wasi -fno-exceptions -std=c++20 -O1 -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/out -c %s -o %t/plugin.wasm.o 2> %t/plugin.wasm.err
// RUN: count 0 < %t/plugin.wasm.err
// RUN: cmp %t/plain.wasm.o %t/plugin.wasm.o
// RUN: ls %t/out | count 0
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <variant>
#include <vector>

// The words the plugin watches for, used in unrelated ways.
namespace karmem { struct struct_like { int value; }; }
struct [[nodiscard]] Annotated { int a; };
template <class T> struct Box { T value; };

int checksum(const std::vector<std::string> &words) {
  std::map<std::string, int> counts;
  for (const auto &w : words)
    ++counts[w];
  std::unordered_map<int, std::optional<Box<double>>> boxes;
  boxes[1] = Box<double>{2.5};
  std::variant<int, std::string> v = words.empty() ? std::string("none") : std::string(words[0]);
  std::array<int, 4> a{1, 2, 3, 4};
  karmem::struct_like s{std::accumulate(a.begin(), a.end(), 0)};
  return int(counts.size()) + s.value + int(std::get<std::string>(v).size());
}
