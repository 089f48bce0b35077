// Writes one patch batch (docs/sync-patch-format.md): header, clock, then one
// entry per changed page with its runs, then the checksum. Version 1, or
// version 2 when the batch carries a units digest (a region with units). The tracker uses it from scan(); tests use it to build patches.
#pragma once

#include "karmem/sync/clock.h"
#include "karmem/sync/detail/run_plan.h"
#include "karmem/sync/stamps.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace karmem::sync {

class patch_writer {
public:
  // Starts a batch. `clock` is the sender's clock with its own counter
  // already incremented (sorted by peer, counters >= 1). With a
  // `units_digest` the batch is version 2 and carries it (§3.2).
  void begin(uint32_t page_shift, uint32_t sender, uint64_t region_pages,
             std::span<const clock_entry> clock, std::optional<uint64_t> units_digest = std::nullopt);
  // Adds page `index` (greater than the previous page's) whose changed bytes
  // are `runs` (sorted, disjoint, non-adjacent, non-empty, inside the page);
  // their values are read from `page`, the page's current bytes.
  void add_page(uint32_t index, std::span<const byte_range> runs, const uint8_t* page);
  // Completes the batch into `out` (replacing its contents).
  void finish(std::vector<uint8_t>& out);

  uint32_t pages() const noexcept { return pages_; }
  // Runs and masked runs written so far (after merging).
  uint64_t tokens() const noexcept { return tokens_; }

private:
  uint32_t page_shift_ = 0;
  uint32_t sender_ = 0;
  uint64_t region_pages_ = 0;
  std::optional<uint64_t> units_digest_;
  std::vector<clock_entry> clock_;
  std::vector<uint8_t> body_;
  std::vector<run_group> groups_;
  run_plan_scratch plan_scratch_;
  uint32_t pages_ = 0;
  uint32_t last_page_ = 0;
  uint64_t tokens_ = 0;
};

} // namespace karmem::sync
