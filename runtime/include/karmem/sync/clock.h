// Vector clocks: for every peer, how many of its batches this peer has heard
// of. A batch carries its sender's clock; its time (the sum of the counters)
// orders writes: a batch made after another one was applied always has a
// larger time (docs/sync-patch-format.md §5.2).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace karmem::sync {

struct clock_entry {
  uint32_t peer;
  uint64_t counter; // >= 1; peers without an entry count 0
  friend bool operator==(const clock_entry&, const clock_entry&) = default;
};

// Entries sorted by peer id, no zero counters.
class vector_clock {
public:
  uint64_t counter(uint32_t peer) const noexcept;
  std::span<const clock_entry> entries() const noexcept { return entries_; }
  // Sum of all counters.
  uint64_t time() const noexcept { return time_; }
  // Number of entries after merging `other` (sorted by peer, like entries()).
  size_t merged_size(std::span<const clock_entry> other) const noexcept;
  // Takes the larger counter of each peer.
  void merge(std::span<const clock_entry> other);
  // Makes room so that merge(other) allocates nothing. The room is bounded
  // by the clock limit (format::max_clock_entries, 64 KiB of entries), so it
  // is an ordinary allocation; apply() makes it before it writes anything.
  void reserve_merge(std::span<const clock_entry> other);
  // Adds one to `peer`'s counter.
  void increment(uint32_t peer);

private:
  std::vector<clock_entry> entries_;
  uint64_t time_ = 0;
};

// Sum of the counters of a clock read from a patch.
uint64_t clock_time(std::span<const clock_entry> entries) noexcept;

} // namespace karmem::sync
