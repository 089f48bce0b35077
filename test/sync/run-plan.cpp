// plan_runs picks the cheapest grouping of a page's runs into plain and
// masked tokens: compared with an exhaustive search over every grouping for
// up to 9 runs, and the bytes it predicts are the bytes the writer emits.
// Native only: the writer runs in wasm32 in every convergence test.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// CHECK: run-plan: 3000 pages ok, {{[1-9][0-9]*}} with masked runs
#include "sync_test.h"

#include "karmem/sync/detail/run_plan.h"
#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_writer.h"

#include <limits>

using namespace karmem::sync;

static size_t group_cost(const std::vector<byte_range>& runs, uint32_t j, uint32_t i) {
  const uint32_t prev_end = j == 0 ? 0 : runs[j - 1].offset + runs[j - 1].length;
  const uint32_t skip = runs[j].offset - prev_end;
  if (i == j) return plain_run_bytes(skip, runs[j].length);
  uint32_t written = 0;
  for (uint32_t k = j; k <= i; ++k) {
    if (k > j && runs[k].offset - (runs[k - 1].offset + runs[k - 1].length) > max_masked_gap)
      return std::numeric_limits<size_t>::max();
    written += runs[k].length;
  }
  if (i - j + 1 > max_masked_runs) return std::numeric_limits<size_t>::max();
  return masked_run_bytes(skip, runs[i].offset + runs[i].length - runs[j].offset, written);
}

int main() {
  sync_test::rng r(9);
  run_plan_scratch scratch;
  std::vector<run_group> groups;
  patch_writer w;
  int with_masked = 0;
  const clock_entry clock[] = {{1, 1}};
  for (int round = 0; round < 3000; ++round) {
    const uint32_t page = 8192;
    std::vector<byte_range> runs;
    const size_t n = 1 + r.below(9);
    uint32_t pos = static_cast<uint32_t>(r.below(300));
    for (size_t k = 0; k < n; ++k) {
      const uint32_t len = 1 + static_cast<uint32_t>(r.chance(80) ? r.below(6) : r.below(40));
      if (pos + len > page) break;
      runs.push_back({pos, len});
      pos += len + 1 + static_cast<uint32_t>(r.chance(70) ? r.below(12) : r.below(400));
    }
    plan_runs(runs, groups, scratch);
    // The groups tile the runs in order.
    size_t cost = 0, next = 0;
    bool masked = false;
    for (auto& g : groups) {
      SYNC_CHECK(g.first == next && g.last >= g.first && g.last < runs.size(), "groups do not tile the runs");
      cost += group_cost(runs, g.first, g.last);
      masked |= g.first != g.last;
      next = g.last + 1;
    }
    SYNC_CHECK(next == runs.size(), "groups cover %zu of %zu runs", next, runs.size());
    with_masked += masked;
    // Exhaustive: bit k of `cut` set means a group ends after run k.
    size_t best = std::numeric_limits<size_t>::max();
    for (uint32_t cut = 0; cut < (1u << (runs.size() - 1)); ++cut) {
      size_t c = 0;
      uint32_t start = 0;
      for (uint32_t k = 0; k < runs.size(); ++k) {
        if (k + 1 == runs.size() || (cut >> k) & 1) {
          const size_t g = group_cost(runs, start, k);
          c = g == std::numeric_limits<size_t>::max() ? g : c + g;
          if (g == std::numeric_limits<size_t>::max()) break;
          start = k + 1;
        }
      }
      best = std::min(best, c);
    }
    SYNC_CHECK(cost == best, "round %d: plan costs %zu bytes, the best grouping %zu", round, cost, best);
    // The writer's page entry is the page header plus exactly that many bytes.
    std::vector<uint8_t> page_bytes(page, 0xAB), empty, one;
    w.begin(13, 1, 1, clock);
    w.finish(empty);
    w.begin(13, 1, 1, clock);
    w.add_page(0, runs, page_bytes.data());
    w.finish(one);
    const size_t count = groups.size();
    const size_t header = count <= 3 ? 1 : 1 + varint::size(count - 4);
    // The total-length varint may grow by a byte.
    const size_t grew = one.size() - empty.size() - header - cost;
    SYNC_CHECK(grew <= 1, "round %d: the page took %zu bytes, predicted %zu", round, one.size() - empty.size(),
               header + cost);
  }
  std::printf("run-plan: 3000 pages ok, %d with masked runs\n", with_masked);
}
