// diff_page and diff_blocks (only inside marked 64-byte blocks) against a
// byte-by-byte model, for the vector path of the build (SSE2 natively,
// simd128 in wasm32) and the 64-bit-word path (wasm32 without simd128):
// maximal runs, in order, joined across 64-byte block edges.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
// RUN: %sync-cxx-wasm -mno-simd128 -I%S/Inputs %s %srcroot/runtime/sync/diff.cpp -o %t.scalar.wasm
// RUN: %run-wasm %t.scalar.wasm | FileCheck %s
// CHECK: diff: 4000 pages ok
#include "sync_test.h"

#include "karmem/sync/detail/diff.h"

using namespace karmem::sync;

int main() {
  sync_test::rng r(5);
  int pages = 0;
  for (int round = 0; round < 4000; ++round, ++pages) {
    const uint32_t size = 64u << r.below(8); // 64 .. 8192
    std::vector<uint8_t> a(size), b(size);
    r.fill(a.data(), size);
    b = a;
    switch (r.below(4)) {
    case 0: break; // equal
    case 1:        // a few small writes
      for (int i = 0, n = 1 + static_cast<int>(r.below(8)); i < n; ++i) {
        const uint32_t at = static_cast<uint32_t>(r.below(size)), len = 1 + static_cast<uint32_t>(r.below(20));
        for (uint32_t k = at; k < std::min(size, at + len); ++k) b[k] ^= 1 + static_cast<uint8_t>(r.below(255));
      }
      break;
    case 2: // runs touching block edges and the page's ends
      for (uint32_t edge = 0; edge <= size; edge += 64) {
        if (!r.chance(30)) continue;
        for (uint32_t k = edge >= 3 ? edge - 3 : 0; k < std::min(size, edge + 2); ++k) b[k] ^= 0x80;
      }
      break;
    case 3: // dense: every byte flipped with 50 %
      for (uint32_t k = 0; k < size; ++k)
        if (r.chance(50)) b[k] ^= 0x01;
      break;
    }
    std::vector<byte_range> runs, model;
    diff_page(b.data(), a.data(), size, runs);
    for (uint32_t k = 0; k < size;) {
      if (a[k] == b[k]) {
        ++k;
        continue;
      }
      uint32_t e = k;
      while (e < size && a[e] != b[e]) ++e;
      model.push_back({k, e - k});
      k = e;
    }
    SYNC_CHECK(runs == model, "round %d: %zu runs, model %zu", round, runs.size(), model.size());

    // diff_blocks: only inside the set 64-byte blocks (bits past the page
    // are ignored).
    std::vector<uint64_t> blocks((size / 64 + 63) / 64 + 1, 0);
    const unsigned density = static_cast<unsigned>(r.below(101));
    for (uint32_t blk = 0; blk < size / 64 + 70; ++blk)
      if (r.chance(density)) blocks[blk / 64 >= blocks.size() ? blocks.size() - 1 : blk / 64] |= uint64_t{1} << (blk % 64);
    runs.clear();
    model.clear();
    diff_blocks(b.data(), a.data(), size, blocks.data(), runs);
    auto marked = [&](uint32_t k) { return (blocks[k / 64 / 64] >> (k / 64 % 64)) & 1; };
    for (uint32_t k = 0; k < size;) {
      if (a[k] == b[k] || !marked(k)) {
        ++k;
        continue;
      }
      uint32_t e = k;
      while (e < size && a[e] != b[e] && marked(e)) ++e;
      model.push_back({k, e - k});
      k = e;
    }
    SYNC_CHECK(runs == model, "round %d (blocks): %zu runs, model %zu", round, runs.size(), model.size());
  }
  std::printf("diff: %d pages ok\n", pages);
}
