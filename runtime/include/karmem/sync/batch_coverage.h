// Which batches a tracker's state already includes, so that a batch it has
// (or a snapshot it applied has) is recognised and skipped rather than
// applied again (docs/sync-snapshot-format.md §5.3).
//
// A batch is named by its sender and the sender's own counter in its clock
// (its n-th batch). The vector clock alone cannot say which batches are in:
// batches arrive in any order, so a clock that counts 5 for a peer may lack
// that peer's batch 3. This keeps, per peer, the covered prefix (every batch
// 1..prefix is in) and a bounded set of batches above it that came early.
//
// Everything here errs on one side only: a batch that is not recorded (no
// memory, or more early batches than the bound) is applied again when it
// comes, which changes nothing (applying a batch twice is a no-op); a batch
// is never reported covered unless it is in.
#pragma once

#include "karmem/sync/clock.h"
#include "karmem/sync/fallible_vector.h"

#include <cstddef>
#include <cstdint>

namespace karmem::sync {

class batch_coverage {
public:
  // Early batches remembered above the prefixes, over all peers (16 bytes
  // each: 64 KiB). Bounds what out-of-order or never-completed delivery
  // (a dropped batch) can make a tracker keep; past it, early batches are
  // simply not recorded.
  static constexpr size_t max_early = 4096;

  // Whether batch `counter` of `peer` is included.
  bool covers(uint32_t peer, uint64_t counter) const noexcept;
  // Records that batch `counter` of `peer` is included (best effort, above).
  void add(uint32_t peer, uint64_t counter) noexcept;
  // Every batch 1..upto of `peer` is included (merging a snapshot's state).
  void cover_prefix(uint32_t peer, uint64_t upto) noexcept;
  // The covered prefix of `peer` (0: none).
  uint64_t prefix(uint32_t peer) const noexcept;
  // Batches recorded above the prefixes.
  size_t early() const noexcept { return early_.size(); }

private:
  size_t prefix_slot(uint32_t peer) const noexcept;
  void absorb(size_t slot) noexcept;

  fallible_vector<clock_entry> prefix_; // sorted by peer; counter = the prefix
  fallible_vector<clock_entry> early_;  // sorted by (peer, counter), each above its peer's prefix + 1
};

} // namespace karmem::sync
