// Internal to the sync runtime: for runtime/sync/*.cpp and the sync tests and
// benchmarks only, not part of the API (karmem/sync/units.h is); it may change
// without notice.
//
// A region's atomic units (karmem/sync/units.h) in one canonical form, the
// lookups scan and apply need, the digest a version-2 batch carries
// (docs/sync-patch-format.md §3.2), and the check that a batch writes whole
// units.
#pragma once

#include "karmem/sync/stamps.h"
#include "karmem/sync/units.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace karmem::sync {

class unit_map {
public:
  // Takes `policy` for a region of `region_size` bytes: every unit must be
  // non-empty, inside [0, region_size), and after the previous one. False
  // (and `why`) otherwise, leaving the map as it was. per_run, and ranges
  // with an empty list, give an empty map.
  bool configure(const unit_policy& policy, uint64_t region_size, std::string& why);

  bool empty() const noexcept { return groups_.empty(); }
  // The first unit that ends after byte x: the one holding x, or the next
  // one. False when no unit ends after x. O(log groups).
  bool next(uint64_t x, unit_range& u) const noexcept;
  // True when x lies strictly inside a unit (a unit starts before x and
  // ends after it): a range of a batch may not begin or end there.
  bool splits(uint64_t x, unit_range& u) const noexcept { return next(x, u) && u.begin < x; }
  // XXH3-64 of the canonical form (§3.2); meaningful only when !empty().
  uint64_t digest() const noexcept { return digest_; }
  // How many units there are, and how many bytes they cover.
  uint64_t units() const noexcept;
  uint64_t covered_bytes() const noexcept;

private:
  // Maximal runs of adjacent units of one size: a unit list has exactly one
  // such form, so equal unit sets give equal digests whichever policy
  // described them (records(0, 8, 2) and ranges({{0, 8}, {8, 16}}) agree).
  struct group {
    uint64_t begin, size, count;
    uint64_t end() const noexcept { return begin + size * count; }
  };
  std::vector<group> groups_;
  uint64_t digest_ = 0;
};

// Checks, page by page in increasing order, that a batch's byte ranges write
// whole units: every maximal stretch of written bytes (ranges that touch
// across a page boundary are one stretch) must neither begin nor end inside
// a unit.
class unit_coverage {
public:
  void reset() noexcept { open_ = false; }
  // The ranges of the page starting at region offset `page_begin`. False at
  // the first unit written only in part (`bad`).
  bool add(const unit_map& units, uint64_t page_begin, std::span<const byte_range> ranges, unit_range& bad) noexcept;
  // After the last page.
  bool finish(const unit_map& units, unit_range& bad) noexcept;

private:
  bool open_ = false;
  uint64_t end_ = 0; // the open stretch's end
};

} // namespace karmem::sync
