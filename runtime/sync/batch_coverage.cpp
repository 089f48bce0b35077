// batch_coverage (karmem/sync/batch_coverage.h): covered prefixes per peer
// plus a bounded sorted set of batches that came before their predecessors.
#include "karmem/sync/batch_coverage.h"

#include "karmem/sync/patch_format.h"

#include <algorithm>

namespace karmem::sync {

namespace {

bool before(const clock_entry& a, const clock_entry& b) {
  return a.peer != b.peer ? a.peer < b.peer : a.counter < b.counter;
}

// Inserts `e` at `at` (room reserved by the caller).
void insert_at(fallible_vector<clock_entry>& v, size_t at, const clock_entry& e) {
  v.resize(v.size() + 1);
  std::move_backward(v.begin() + at, v.end() - 1, v.end());
  v[at] = e;
}

void erase_range(fallible_vector<clock_entry>& v, size_t from, size_t to) {
  std::move(v.begin() + to, v.end(), v.begin() + from);
  v.resize(v.size() - (to - from));
}

} // namespace

size_t batch_coverage::prefix_slot(uint32_t peer) const noexcept {
  return static_cast<size_t>(std::lower_bound(prefix_.begin(), prefix_.end(), peer,
                                              [](const clock_entry& e, uint32_t p) { return e.peer < p; }) -
                             prefix_.begin());
}

uint64_t batch_coverage::prefix(uint32_t peer) const noexcept {
  const size_t i = prefix_slot(peer);
  return i < prefix_.size() && prefix_[i].peer == peer ? prefix_[i].counter : 0;
}

bool batch_coverage::covers(uint32_t peer, uint64_t counter) const noexcept {
  if (counter == 0) return false;
  if (counter <= prefix(peer)) return true;
  return std::binary_search(early_.begin(), early_.end(), clock_entry{peer, counter}, before);
}

// The prefix in `slot` takes in the early batches that now continue it, and
// early batches it passed are dropped.
void batch_coverage::absorb(size_t slot) noexcept {
  clock_entry& p = prefix_[slot];
  const clock_entry* first = std::lower_bound(early_.begin(), early_.end(), clock_entry{p.peer, 0}, before);
  size_t from = static_cast<size_t>(first - early_.begin()), to = from;
  while (to < early_.size() && early_[to].peer == p.peer && early_[to].counter <= p.counter + 1) {
    p.counter = std::max(p.counter, early_[to].counter);
    ++to;
  }
  if (to > from) erase_range(early_, from, to);
}

void batch_coverage::add(uint32_t peer, uint64_t counter) noexcept {
  if (counter == 0 || covers(peer, counter)) return;
  size_t slot = prefix_slot(peer);
  const bool known = slot < prefix_.size() && prefix_[slot].peer == peer;
  const uint64_t have = known ? prefix_[slot].counter : 0;
  if (counter == have + 1) {
    if (!known) {
      if (!prefix_.reserve_growing(prefix_.size() + 1, format::max_clock_entries)) return;
      insert_at(prefix_, slot, {peer, 0});
    }
    prefix_[slot].counter = counter;
    absorb(slot);
    return;
  }
  if (early_.size() >= max_early || !early_.reserve_growing(early_.size() + 1, max_early)) return;
  const clock_entry e{peer, counter};
  insert_at(early_, static_cast<size_t>(std::lower_bound(early_.begin(), early_.end(), e, before) - early_.begin()), e);
}

void batch_coverage::cover_prefix(uint32_t peer, uint64_t upto) noexcept {
  if (upto == 0 || upto <= prefix(peer)) return;
  const size_t slot = prefix_slot(peer);
  if (slot == prefix_.size() || prefix_[slot].peer != peer) {
    if (!prefix_.reserve_growing(prefix_.size() + 1, format::max_clock_entries)) return;
    insert_at(prefix_, slot, {peer, 0});
  }
  prefix_[slot].counter = upto;
  absorb(slot);
}

} // namespace karmem::sync
