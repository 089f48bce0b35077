// plan_runs: cheapest split of a page's runs into plain and masked tokens.
// best[k] is the fewest bytes that encode runs[0..k); a token covering
// runs[j..i] costs the same whatever came before except for its skip, which
// depends only on where runs[j-1] ends, so the recurrence is exact.
#include "karmem/sync/detail/run_plan.h"

#include "karmem/sync/detail/run_token.h"

#include <algorithm>
#include <limits>

namespace karmem::sync {
namespace {

uint32_t end_of(const byte_range& r) { return r.offset + r.length; }

} // namespace

size_t plain_run_bytes(uint32_t skip, uint32_t length) noexcept {
  return run_token::size(skip, length, false) + length;
}

size_t masked_run_bytes(uint32_t skip, uint32_t span, uint32_t written) noexcept {
  return run_token::size(skip, span, true) + run_token::mask_bytes(span) + written;
}

void plan_runs(std::span<const byte_range> runs, std::vector<run_group>& groups,
               run_plan_scratch& scratch) {
  groups.clear();
  const size_t n = runs.size();
  if (n == 0) return;
  auto& best = scratch.best;
  auto& choice = scratch.choice;   // first run of the cheapest token ending at i
  auto& written = scratch.written; // prefix sums of run lengths
  best.assign(n + 1, std::numeric_limits<size_t>::max());
  choice.assign(n, 0);
  written.assign(n + 1, 0);
  for (size_t i = 0; i < n; ++i) written[i + 1] = written[i] + runs[i].length;
  best[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j-- > 0;) {
      if (j < i) {
        // runs[j..i] as one masked run: every gap inside must be small.
        if (runs[j + 1].offset - end_of(runs[j]) > max_masked_gap || i - j + 1 > max_masked_runs) break;
      }
      const uint32_t prev_end = j == 0 ? 0 : end_of(runs[j - 1]);
      const uint32_t skip = runs[j].offset - prev_end;
      const size_t cost =
          j == i ? plain_run_bytes(skip, runs[i].length)
                 : masked_run_bytes(skip, end_of(runs[i]) - runs[j].offset,
                                    static_cast<uint32_t>(written[i + 1] - written[j]));
      if (best[j] + cost < best[i + 1]) {
        best[i + 1] = best[j] + cost;
        choice[i] = static_cast<uint32_t>(j);
      }
    }
  }
  for (size_t i = n; i > 0;) {
    const uint32_t first = choice[i - 1];
    groups.push_back({first, static_cast<uint32_t>(i - 1)});
    i = first;
  }
  std::reverse(groups.begin(), groups.end());
}

} // namespace karmem::sync
