// Per-byte version stamps, stored per page as sorted spans. A stamp names the
// batch that last wrote a byte: (time, peer), compared time first, then peer
// id, so any two batches are ordered and a later write always wins
// (docs/sync-patch-format.md §5.2). Bytes no span covers still hold the region's
// baseline, which is older than every batch.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <span>
#include <vector>

namespace karmem::sync {

struct stamp {
  uint64_t time = 0; // sum of the writer's vector clock; 0 = the baseline
  uint32_t peer = 0;
  friend auto operator<=>(const stamp&, const stamp&) = default;
};

struct stamped_span {
  uint32_t begin; // offsets inside the page, begin < end
  uint32_t end;
  stamp s;
  friend bool operator==(const stamped_span&, const stamped_span&) = default;
};

// A run of bytes inside a page.
struct byte_range {
  uint32_t offset;
  uint32_t length;
  friend bool operator==(const byte_range&, const byte_range&) = default;
};

// Writes stamp `s` over `ranges` (sorted, disjoint, non-empty) into `spans`
// (sorted, disjoint, adjacent spans with equal stamps merged), but only on the
// bytes whose current stamp is older than `s`; the others keep theirs. For
// each maximal winning piece it calls on_win(range_index, offset, length).
// `scratch` is working space, reused across calls. Linear in spans + ranges.
template <class OnWin>
void write_stamps(std::vector<stamped_span>& spans, std::span<const byte_range> ranges, stamp s,
                  std::vector<stamped_span>& scratch, OnWin&& on_win) {
  scratch.clear();
  auto push = [&](uint32_t b, uint32_t e, const stamp& st) {
    if (b >= e) return;
    if (!scratch.empty() && scratch.back().end == b && scratch.back().s == st)
      scratch.back().end = e;
    else
      scratch.push_back({b, e, st});
  };
  // Winning pieces of one range are reported merged.
  size_t win_range = 0;
  uint32_t win_begin = 0, win_end = 0;
  auto win = [&](size_t r, uint32_t b, uint32_t e) {
    if (win_end > win_begin && win_range == r && win_end == b) {
      win_end = e;
      return;
    }
    if (win_end > win_begin) on_win(win_range, win_begin, win_end - win_begin);
    win_range = r;
    win_begin = b;
    win_end = e;
  };

  size_t next = 0;
  stamped_span cur{};
  bool have = false;
  auto load = [&] {
    have = next < spans.size();
    if (have) cur = spans[next++];
  };
  load();
  for (size_t r = 0; r < ranges.size(); ++r) {
    uint32_t pos = ranges[r].offset;
    const uint32_t end = pos + ranges[r].length;
    while (have && cur.end <= pos) {
      push(cur.begin, cur.end, cur.s);
      load();
    }
    if (have && cur.begin < pos) { // the part of `cur` before this range
      push(cur.begin, pos, cur.s);
      cur.begin = pos;
    }
    while (pos < end) {
      if (!have || cur.begin >= end) { // baseline bytes up to the range's end
        win(r, pos, end);
        push(pos, end, s);
        pos = end;
      } else if (cur.begin > pos) { // baseline bytes before the next span
        win(r, pos, cur.begin);
        push(pos, cur.begin, s);
        pos = cur.begin;
      } else { // `cur` starts at pos
        const uint32_t e = std::min(cur.end, end);
        if (cur.s < s) {
          win(r, pos, e);
          push(pos, e, s);
        } else {
          push(pos, e, cur.s);
        }
        pos = e;
        cur.begin = e;
        if (cur.begin == cur.end) load();
      }
    }
  }
  while (have) {
    push(cur.begin, cur.end, cur.s);
    load();
  }
  if (win_end > win_begin) on_win(win_range, win_begin, win_end - win_begin);
  // Copied, not swapped: the shared scratch keeps its capacity, and a page's
  // spans allocate only when they outgrow theirs (a swap would hand the next
  // page an empty vector and cost allocations on every page).
  spans.assign(scratch.begin(), scratch.end());
}

} // namespace karmem::sync
