// Per-byte version stamps, stored per page as sorted spans. A stamp names the
// batch that last wrote a byte: (time, peer), compared time first, then peer
// id, so any two batches are ordered and a later write always wins
// (docs/sync-patch-format.md §5.2). Bytes no span covers still hold the region's
// baseline, which is older than every batch.
#pragma once

#include <algorithm>
#include <compare>
#include <cstdint>
#include <cstddef>
#include <span>
#include <utility>
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

// The spans after writing stamp `s` over `ranges` (sorted, disjoint,
// non-empty) into `spans` (sorted, disjoint, adjacent spans with equal stamps
// merged), written to `out`: only the bytes whose current stamp is older than
// `s` take it; the others keep theirs. For each maximal winning piece it calls
// on_win(range_index, offset, length). Linear in spans + ranges.
//
// `out` needs clear(), empty(), back() and push_back(): a std::vector, a
// fallible_vector with room reserved, or span_count (to size one first).
// It holds at most min(page size, stamps_bound()) spans.
template <class Out, class OnWin>
void merge_stamps(std::span<const stamped_span> spans, std::span<const byte_range> ranges, stamp s, Out& out,
                  OnWin&& on_win) {
  out.clear();
  auto push = [&](uint32_t b, uint32_t e, const stamp& st) {
    if (b >= e) return;
    if (!out.empty() && out.back().end == b && out.back().s == st)
      out.back().end = e;
    else
      out.push_back({b, e, st});
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
}

// Counts what merge_stamps would output, without storing it.
struct span_count {
  size_t n = 0;
  stamped_span last{};
  void clear() noexcept { n = 0; }
  bool empty() const noexcept { return n == 0; }
  size_t size() const noexcept { return n; }
  stamped_span& back() noexcept { return last; }
  void push_back(const stamped_span& x) noexcept {
    last = x;
    ++n;
  }
};

// An upper bound on stamps_after() for `spans` old spans and `ranges`
// ranges, without a merge: every span of the result begins at a boundary of
// an old span or of a range, so 2 * (spans + ranges); when the stamp written
// is newer than every old one (`newest`: always for a scan's own stamp, and
// for every batch that arrives in causal order) each range is one won piece
// and splits at most one old span, so spans + 2 * ranges. A caller reserves
// this much when it has the room, and counts exactly only when it has not.
constexpr size_t stamps_bound(size_t spans, size_t ranges, bool newest) noexcept {
  return (newest ? 1 : 2) * spans + 2 * ranges;
}

// How many spans `spans` holds after write_stamps(spans, ranges, s, ...).
// Callers whose spans cannot grow on demand (fallible_vector) reserve that
// much first.
inline size_t stamps_after(std::span<const stamped_span> spans, std::span<const byte_range> ranges,
                           stamp s) noexcept {
  span_count count;
  merge_stamps(spans, ranges, s, count, [](size_t, uint32_t, uint32_t) {});
  return count.n;
}

// merge_stamps into `scratch` (working space reused across calls), then the
// result replaces `spans`. Copied, not swapped: the shared scratch keeps its
// capacity, and a page's spans need new memory only when they outgrow theirs
// (a swap would hand the next page an empty vector and cost allocations on
// every page). With fallible_vectors both must have room for stamps_after().
template <class Spans, class Scratch, class OnWin>
void write_stamps(Spans& spans, std::span<const byte_range> ranges, stamp s, Scratch& scratch, OnWin&& on_win) {
  merge_stamps(std::span<const stamped_span>(spans.data(), spans.size()), ranges, s, scratch,
               std::forward<OnWin>(on_win));
  spans.assign(scratch.data(), scratch.data() + scratch.size());
}

} // namespace karmem::sync
