// Internal to the sync runtime: for runtime/sync/*.cpp and the sync tests and
// benchmarks only, not part of the API (karmem/sync.h, karmem/sync/c_api.h);
// it may change without notice.
// (patch_writer.h includes it for the types of its members.)
//
// Chooses how the changed runs of one page are sent: each run as a plain run,
// or neighbouring runs separated by a few unchanged bytes merged into one
// masked run (a bitmap says which bytes of the span are written; unchanged
// bytes are not sent and not written). A merge is made only when it makes the
// patch smaller; the choice is exact (dynamic programming over the runs).
#pragma once

#include "karmem/sync/stamps.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace karmem::sync {

// runs[first..last] sent as one token: plain when first == last, else masked.
struct run_group {
  uint32_t first;
  uint32_t last;
  friend bool operator==(const run_group&, const run_group&) = default;
};

// Unchanged bytes a masked run may bridge between two changed runs, and runs
// one masked run may hold: limits that keep planning linear.
inline constexpr uint32_t max_masked_gap = 16;
inline constexpr uint32_t max_masked_runs = 64;

// Encoded size of a plain run token plus its data.
size_t plain_run_bytes(uint32_t skip, uint32_t length) noexcept;
// Encoded size of a masked run token, its bitmap and `written` data bytes.
size_t masked_run_bytes(uint32_t skip, uint32_t span, uint32_t written) noexcept;

// Working space of plan_runs, kept by the caller so planning allocates only
// while the vectors grow.
struct run_plan_scratch {
  std::vector<size_t> best;
  std::vector<uint32_t> choice;
  std::vector<uint64_t> written;
};

// Fills `groups` (cleared first) with the cheapest grouping of `runs` (sorted,
// disjoint, non-adjacent, non-empty).
void plan_runs(std::span<const byte_range> runs, std::vector<run_group>& groups,
               run_plan_scratch& scratch);

} // namespace karmem::sync
