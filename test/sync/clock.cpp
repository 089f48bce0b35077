// Vector clocks: increment, merge (per-peer maximum), merged_size, and time
// (the sum of the counters) against a std::map model. Native only: wasm32
// runs it through the convergence test.
//
// RUN: %sync-cxx-native -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// CHECK: clock: 500 rounds ok
#include "sync_test.h"

#include "karmem/sync/clock.h"

#include <map>

using namespace karmem::sync;

static void same(const vector_clock& c, const std::map<uint32_t, uint64_t>& m) {
  auto e = c.entries();
  SYNC_CHECK(e.size() == m.size(), "%zu entries, model %zu", e.size(), m.size());
  size_t i = 0;
  uint64_t sum = 0;
  for (auto& [peer, counter] : m) {
    SYNC_CHECK(e[i].peer == peer && e[i].counter == counter, "entry %zu", i);
    SYNC_CHECK(c.counter(peer) == counter, "counter(%u)", peer);
    sum += counter;
    ++i;
  }
  SYNC_CHECK(c.time() == sum && clock_time(e) == sum, "time %llu, model %llu", (unsigned long long)c.time(),
             (unsigned long long)sum);
}

int main() {
  sync_test::rng r(3);
  vector_clock empty;
  SYNC_CHECK(empty.time() == 0 && empty.entries().empty() && empty.counter(5) == 0, "empty clock");
  for (int round = 0; round < 500; ++round) {
    vector_clock a;
    std::map<uint32_t, uint64_t> ma;
    for (int i = 0, n = static_cast<int>(r.below(20)); i < n; ++i) {
      const uint32_t p = static_cast<uint32_t>(r.below(8)) * 1000003u;
      a.increment(p);
      ++ma[p];
    }
    same(a, ma);
    std::vector<clock_entry> other;
    std::map<uint32_t, uint64_t> mo;
    for (int i = 0, n = static_cast<int>(r.below(8)); i < n; ++i) mo[static_cast<uint32_t>(r.below(8)) * 1000003u] = 1 + r.below(9);
    for (auto& [p, c] : mo) other.push_back({p, c});
    std::map<uint32_t, uint64_t> merged = ma;
    for (auto& [p, c] : mo) merged[p] = std::max(merged[p], c);
    SYNC_CHECK(a.merged_size(other) == merged.size(), "merged_size");
    a.merge(other);
    same(a, merged);
    a.merge(other); // idempotent
    same(a, merged);
  }
  std::printf("clock: 500 rounds ok\n");
}
