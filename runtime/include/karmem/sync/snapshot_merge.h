// Merging a snapshot page's stamped spans into a page's own: every byte takes
// the larger stamp (docs/sync-patch-format.md §5.2), which is what applying
// every batch the snapshot covers would have left. Used by
// tracker::apply_snapshot (snapshot.cpp); test/sync/snapshot-merge.cpp checks
// it against a per-byte model.
#pragma once

#include "karmem/sync/stamps.h"

#include <algorithm>
#include <cstdint>
#include <span>

namespace karmem::sync {

// Writes to `out` the spans of a page that held `ours` after merging
// `theirs` (both sorted, disjoint, non-empty): where both cover a byte the
// larger stamp wins (an equal stamp is the same batch: ours is kept), and
// bytes only one covers keep its stamp. Adjacent output spans with equal
// stamps are merged. For every piece where a span of `theirs` wins it calls
// on_win(index into theirs, offset, length): those bytes must take theirs'
// values. Linear in both; the output has at most min(page size,
// 2 * (ours + theirs)) spans. `out` is as for merge_stamps (a vector, a
// fallible_vector with room, or span_count to size one first).
template <class Out, class OnWin>
void merge_stamped_spans(std::span<const stamped_span> ours, std::span<const stamped_span> theirs, Out& out,
                         OnWin&& on_win) {
  out.clear();
  auto push = [&](uint32_t b, uint32_t e, const stamp& st) {
    if (!out.empty() && out.back().end == b && out.back().s == st)
      out.back().end = e;
    else
      out.push_back({b, e, st});
  };
  constexpr uint32_t none = UINT32_MAX;
  size_t i = 0, j = 0;
  uint32_t pos = 0;
  while (i < ours.size() || j < theirs.size()) {
    const stamped_span* o = i < ours.size() ? &ours[i] : nullptr;
    const stamped_span* t = j < theirs.size() ? &theirs[j] : nullptr;
    pos = std::max(pos, std::min(o ? o->begin : none, t ? t->begin : none));
    const bool in_o = o && o->begin <= pos, in_t = t && t->begin <= pos;
    uint32_t end = none;
    if (o) end = std::min(end, in_o ? o->end : o->begin);
    if (t) end = std::min(end, in_t ? t->end : t->begin);
    if (in_t && (!in_o || o->s < t->s)) {
      push(pos, end, t->s);
      on_win(j, pos, end - pos);
    } else {
      push(pos, end, o->s);
    }
    pos = end;
    if (o && o->end <= pos) ++i;
    if (t && t->end <= pos) ++j;
  }
}

// How many spans merge_stamped_spans(ours, theirs) outputs.
inline size_t merged_span_count(std::span<const stamped_span> ours, std::span<const stamped_span> theirs) noexcept {
  span_count count;
  merge_stamped_spans(ours, theirs, count, [](size_t, uint32_t, uint32_t) {});
  return count.n;
}

} // namespace karmem::sync
