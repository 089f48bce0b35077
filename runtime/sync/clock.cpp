// Vector clock operations (karmem/sync/clock.h).
#include "karmem/sync/clock.h"

#include <algorithm>

namespace karmem::sync {

uint64_t vector_clock::counter(uint32_t peer) const noexcept {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), peer,
                             [](const clock_entry& e, uint32_t p) { return e.peer < p; });
  return it != entries_.end() && it->peer == peer ? it->counter : 0;
}

size_t vector_clock::merged_size(std::span<const clock_entry> other) const noexcept {
  size_t n = entries_.size(), i = 0;
  for (const clock_entry& e : other) {
    while (i < entries_.size() && entries_[i].peer < e.peer) ++i;
    if (i == entries_.size() || entries_[i].peer != e.peer) ++n;
  }
  return n;
}

void vector_clock::merge(std::span<const clock_entry> other) {
  if (merged_size(other) == entries_.size()) {
    // No new peer (the usual case): raise counters in place, no allocation.
    size_t i = 0;
    for (const clock_entry& e : other) {
      while (entries_[i].peer < e.peer) ++i;
      if (e.counter > entries_[i].counter) {
        time_ += e.counter - entries_[i].counter;
        entries_[i].counter = e.counter;
      }
    }
    return;
  }
  // New peers: merge in place from the back, so no entry is overwritten
  // before it is read; no allocation after reserve_merge().
  size_t i = entries_.size(), j = other.size();
  entries_.resize(merged_size(other));
  for (size_t k = entries_.size(); k-- > 0;) {
    if (j == 0 || (i > 0 && entries_[i - 1].peer > other[j - 1].peer)) {
      entries_[k] = entries_[--i];
    } else if (i == 0 || other[j - 1].peer > entries_[i - 1].peer) {
      entries_[k] = other[--j];
    } else {
      entries_[k] = {other[j - 1].peer, std::max(entries_[i - 1].counter, other[j - 1].counter)};
      --i;
      --j;
    }
  }
  time_ = clock_time(entries_);
}

void vector_clock::reserve_merge(std::span<const clock_entry> other) { entries_.reserve(merged_size(other)); }

void vector_clock::increment(uint32_t peer) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), peer,
                             [](const clock_entry& e, uint32_t p) { return e.peer < p; });
  if (it != entries_.end() && it->peer == peer)
    ++it->counter;
  else
    entries_.insert(it, clock_entry{peer, 1});
  ++time_;
}

uint64_t clock_time(std::span<const clock_entry> entries) noexcept {
  uint64_t t = 0;
  for (const clock_entry& e : entries) t += e.counter;
  return t;
}

} // namespace karmem::sync
