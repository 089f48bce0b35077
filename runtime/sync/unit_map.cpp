// unit_map: a unit policy checked and put in canonical form (maximal groups
// of adjacent equal-size units), its digest, and the whole-unit check of a
// batch's ranges.
#include "karmem/sync/detail/unit_map.h"

#include "karmem/sync/detail/xxh3.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

namespace karmem::sync {
namespace {

using ull = unsigned long long;

std::string describe(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string describe(const char* fmt, ...) {
  char buf[200];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

void put_u64le(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

} // namespace

bool unit_map::configure(const unit_policy& policy, uint64_t region_size, std::string& why) {
  std::vector<group> groups;
  auto add = [&](uint64_t b, uint64_t e) {
    if (!groups.empty() && groups.back().end() == b && groups.back().size == e - b)
      ++groups.back().count;
    else
      groups.push_back({b, e - b, 1});
  };
  switch (policy.kind) {
  case unit_kind::per_run: break;
  case unit_kind::whole_region: add(0, region_size); break;
  case unit_kind::records: {
    const uint64_t off = policy.offset, size = policy.record_size, n = policy.count;
    if (size == 0 || n == 0) {
      why = describe("invalid_argument: records of %llu bytes, %llu of them: both must be at least 1", ull{size}, ull{n});
      return false;
    }
    // off + size * n <= region_size, without overflow.
    if (off > region_size || size > region_size || n > (region_size - off) / size) {
      why = describe("invalid_argument: %llu records of %llu bytes from offset %llu do not fit the region of %llu bytes", ull{n},
                     ull{size}, ull{off}, ull{region_size});
      return false;
    }
    groups.push_back({off, size, n});
    break;
  }
  case unit_kind::ranges: {
    uint64_t prev_end = 0;
    for (size_t i = 0; i < policy.list.size(); ++i) {
      const unit_range& u = policy.list[i];
      if (u.begin >= u.end || u.end > region_size) {
        why = describe("invalid_argument: unit [%llu, %llu) is empty or outside the region of %llu bytes", ull{u.begin},
                       ull{u.end}, ull{region_size});
        return false;
      }
      if (i > 0 && u.begin < prev_end) {
        why = describe("invalid_argument: unit [%llu, %llu) starts before the previous one ends (%llu): units are "
                       "sorted and disjoint",
                       ull{u.begin}, ull{u.end}, ull{prev_end});
        return false;
      }
      add(u.begin, u.end);
      prev_end = u.end;
    }
    break;
  }
  default: why = "invalid_argument: unknown unit policy"; return false;
  }
  std::vector<uint8_t> canonical;
  canonical.reserve(groups.size() * 24);
  for (const group& g : groups) {
    put_u64le(canonical, g.begin);
    put_u64le(canonical, g.size);
    put_u64le(canonical, g.count);
  }
  digest_ = xxh3_64(canonical.data(), canonical.size());
  groups_ = std::move(groups);
  return true;
}

bool unit_map::next(uint64_t x, unit_range& u) const noexcept {
  auto g = std::partition_point(groups_.begin(), groups_.end(), [x](const group& g) { return g.end() <= x; });
  if (g == groups_.end()) return false;
  const uint64_t i = x < g->begin ? 0 : (x - g->begin) / g->size;
  u.begin = g->begin + i * g->size;
  u.end = u.begin + g->size;
  return true;
}

uint64_t unit_map::units() const noexcept {
  uint64_t n = 0;
  for (const group& g : groups_) n += g.count;
  return n;
}

uint64_t unit_map::covered_bytes() const noexcept {
  uint64_t n = 0;
  for (const group& g : groups_) n += g.size * g.count;
  return n;
}

bool unit_coverage::add(const unit_map& units, uint64_t page_begin, std::span<const byte_range> ranges,
                        unit_range& bad) noexcept {
  for (const byte_range& r : ranges) {
    const uint64_t b = page_begin + r.offset, e = b + r.length;
    if (open_ && b == end_) { // continues across the page boundary
      end_ = e;
      continue;
    }
    if (open_ && units.splits(end_, bad)) return false;
    if (units.splits(b, bad)) return false;
    open_ = true;
    end_ = e;
  }
  return true;
}

bool unit_coverage::finish(const unit_map& units, unit_range& bad) noexcept {
  const bool ok = !open_ || !units.splits(end_, bad);
  open_ = false;
  return ok;
}

} // namespace karmem::sync
