// Snapshots of a tracker's region (karmem/sync.h; the bytes are specified in
// docs/sync-snapshot-format.md): tracker::snapshot writes one,
// tracker::apply_snapshot checks one whole, reserves what its writes need,
// then merges it byte by byte by stamps. Kept apart from tracker.cpp, with
// access to the tracker's state through the snapshot_applier friend.
#include "karmem/sync.h"

#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_format.h"
#include "karmem/sync/snapshot_format.h"
#include "karmem/sync/snapshot_merge.h"
#include "karmem/sync/snapshot_reader.h"

#include <algorithm>
#include <cstring>

namespace karmem::sync {

namespace sf = snapshot_format;

namespace {
using ull = unsigned long long;
} // namespace

class snapshot_applier {
public:
  static error apply(tracker& t, std::span<const uint8_t> bytes);

private:
  static error check_header(tracker& t, const snapshot_header& h);
  static bool reserve(tracker& t, const snapshot_page& pg);
  static void write(tracker& t, const snapshot_page& pg);
};

// §3-§4 of the format: body first (into `out` after room for the longest
// head), then the head in front of it and the checksum behind.
error tracker::snapshot(std::vector<uint8_t>& out) const {
  const size_t pages = size_ >> page_shift_;
  // The stamp table: every distinct stamp the region's spans hold.
  std::vector<stamp> table;
  size_t spans = 0, data = 0, written_pages = 0;
  for (size_t p = 0; p < pages; ++p) {
    written_pages += !stamps_[p].empty();
    for (const stamped_span& sp : stamps_[p]) {
      table.push_back(sp.s);
      ++spans;
      data += sp.end - sp.begin;
    }
  }
  std::sort(table.begin(), table.end());
  table.erase(std::unique(table.begin(), table.end()), table.end());
  const std::span<const clock_entry> clock = clock_.entries();
  auto clock_index = [&](uint32_t peer) -> uint64_t {
    auto it = std::lower_bound(clock.begin(), clock.end(), peer,
                               [](const clock_entry& e, uint32_t p) { return e.peer < p; });
    // Every stamp was made by a batch whose sender is in the clock.
    if (it == clock.end() || it->peer != peer) __builtin_trap();
    return static_cast<uint64_t>(it - clock.begin());
  };

  const size_t v = varint::max_bytes;
  const bool with_units = !units_.empty(); // version 2: the units digest follows the region size
  const size_t bound = 3 * v + format::units_digest_bytes + clock.size() * 3 * v + table.size() * 2 * v + written_pages * 2 * v +
                       spans * 3 * v + data;
  out.resize(sf::head_bytes + bound + sf::checksum_bytes);
  uint8_t* const body = out.data() + sf::head_bytes;
  uint8_t* o = body;
  o = varint::put(o, pages);
  if (with_units) {
    const uint64_t digest = units_.digest();
    for (size_t i = 0; i < format::units_digest_bytes; ++i) *o++ = static_cast<uint8_t>(digest >> (8 * i));
  }
  o = varint::put(o, clock.size());
  for (size_t i = 0; i < clock.size(); ++i) {
    const clock_entry& e = clock[i];
    o = varint::put(o, i == 0 ? e.peer : e.peer - clock[i - 1].peer - 1);
    o = varint::put(o, e.counter);
    o = varint::put(o, e.counter - std::min(e.counter, covered_.prefix(e.peer)));
  }
  o = varint::put(o, table.size());
  for (size_t i = 0; i < table.size(); ++i) {
    o = varint::put(o, i == 0 ? table[i].time : table[i].time - table[i - 1].time);
    o = varint::put(o, clock_index(table[i].peer));
  }
  size_t last = 0;
  bool first_page = true;
  for (size_t p = 0; p < pages; ++p) {
    const fallible_vector<stamped_span>& page_spans = stamps_[p];
    if (page_spans.empty()) continue;
    o = varint::put(o, first_page ? p : p - last - 1);
    o = varint::put(o, page_spans.size() - 1);
    const uint8_t* synced = shadow(p);
    uint32_t prev_end = 0;
    for (const stamped_span& sp : page_spans) {
      o = varint::put(o, sp.begin - prev_end);
      o = varint::put(o, sp.end - sp.begin - 1);
      o = varint::put(o, static_cast<uint64_t>(std::lower_bound(table.begin(), table.end(), sp.s) - table.begin()));
      std::memcpy(o, synced + sp.begin, sp.end - sp.begin);
      o += sp.end - sp.begin;
      prev_end = sp.end;
    }
    last = p;
    first_page = false;
  }

  // The head: magic, version, page shift, total length (which counts itself).
  const size_t body_size = static_cast<size_t>(o - body);
  const size_t rest = 6 + body_size + sf::checksum_bytes;
  size_t total = rest + 1;
  while (rest + varint::size(total) != total) total = rest + varint::size(total);
  uint8_t head[sf::head_bytes] = {sf::magic[0], sf::magic[1], sf::magic[2], sf::magic[3],
                                  with_units ? sf::version_units : sf::version,
                                  static_cast<uint8_t>(page_shift_)};
  const size_t head_size = static_cast<size_t>(varint::put(head + 6, total) - head);
  std::memmove(out.data() + head_size, body, body_size);
  std::memcpy(out.data(), head, head_size);
  const uint32_t sum = format::checksum(out.data(), head_size + body_size);
  uint8_t* tail = out.data() + head_size + body_size;
  for (int i = 0; i < 4; ++i) tail[i] = static_cast<uint8_t>(sum >> (8 * i));
  out.resize(total);
  return error::ok;
}

uint64_t tracker::max_snapshot_bytes() const noexcept {
  return sf::max_snapshot_bytes(page_shift_, capacity_ >> page_shift_);
}

error tracker::check_snapshot_head(std::span<const uint8_t> head, size_t n) {
  message_.clear();
  snapshot_reader r;
  if (error e = r.check_head(head, n); e != error::ok) return fail(e, "%s", r.message());
  if (n > max_snapshot_bytes())
    return fail(error::out_of_memory,
                "out_of_memory: a %llu-byte snapshot is longer than any this region accepts (%llu bytes for a "
                "capacity of %llu bytes); nothing was allocated for it",
                ull{n}, ull{max_snapshot_bytes()}, ull{capacity_});
  return error::ok;
}

error tracker::apply_snapshot(std::span<const uint8_t> bytes) { return snapshot_applier::apply(*this, bytes); }

// §6 steps 10-12 (and 10a): what the snapshot's header asks of this receiver.
error snapshot_applier::check_header(tracker& t, const snapshot_header& h) {
  if (h.page_shift != t.page_shift_)
    return t.fail(error::page_size_mismatch, "page_size_mismatch: the snapshot's pages are %llu bytes, ours %llu",
                  1ull << h.page_shift, 1ull << t.page_shift_);
  // 10a: the same atomic units, as for a batch (patch format §3.2): a unit
  // merged by stamps under other units could end half one writer's.
  const bool units = h.version == sf::version_units;
  if (units && t.units_.empty())
    return t.fail(error::unit_mismatch,
                  "unit_mismatch: the snapshot's region has atomic units (digest %016llx); this one merges per run",
                  ull{h.units_digest});
  if (units && h.units_digest != t.units_.digest())
    return t.fail(error::unit_mismatch,
                  "unit_mismatch: the snapshot's units (digest %016llx) differ from ours (%016llx)",
                  ull{h.units_digest}, ull{t.units_.digest()});
  if (!units && !t.units_.empty())
    return t.fail(error::unit_mismatch,
                  "unit_mismatch: the snapshot is of a region that merges per run (version 1); this region has "
                  "atomic units");
  const uint64_t region_bytes = h.region_pages << t.page_shift_;
  if (region_bytes > t.capacity_)
    return t.fail(error::region_too_large, "region_too_large: the snapshot's region is %llu bytes, our capacity %llu",
                  ull{region_bytes}, ull{t.capacity_});
  if (t.clock_.merged_size(h.clock) > format::max_clock_entries)
    return t.fail(error::out_of_range, "out_of_range: the merged clock would have %llu peers (at most %llu)",
                  ull{t.clock_.merged_size(h.clock)}, ull{format::max_clock_entries});
  return error::ok;
}

// Room in the page's stamps and in the shared scratch for the merge: a page
// no batch wrote here takes the snapshot's spans as they are; otherwise the
// bound 2 * (ours + theirs) is reserved when it is already there, else the
// exact count (one merge without the writes).
bool snapshot_applier::reserve(tracker& t, const snapshot_page& pg) {
  fallible_vector<stamped_span>& spans = t.stamps_[pg.index];
  const size_t most = size_t{1} << t.page_shift_;
  size_t need = spans.empty() ? pg.spans.size() : std::min(most, 2 * (spans.size() + pg.spans.size()));
  if (t.stamp_scratch_.capacity() < need || spans.capacity() < need)
    need = merged_span_count({spans.data(), spans.size()}, {pg.spans.data(), pg.spans.size()});
  return t.stamp_scratch_.reserve_growing(need, most) && spans.reserve_growing(need, most);
}

void snapshot_applier::write(tracker& t, const snapshot_page& pg) {
  const size_t p = pg.index;
  fallible_vector<stamped_span>& spans = t.stamps_[p];
  uint8_t* current = t.base_ + (p << t.page_shift_);
  uint8_t* synced = t.shadow(p);
  bool wrote = false;
  merge_stamped_spans({spans.data(), spans.size()}, {pg.spans.data(), pg.spans.size()}, t.stamp_scratch_,
                      [&](size_t j, uint32_t offset, uint32_t length) {
                        const uint8_t* from = pg.data[j] + (offset - pg.spans[j].begin);
                        std::memcpy(current + offset, from, length);
                        std::memcpy(synced + offset, from, length);
                        wrote = true;
                      });
  spans.assign(t.stamp_scratch_.data(), t.stamp_scratch_.data() + t.stamp_scratch_.size());
  if (wrote) t.stale_[p >> 6] |= uint64_t{1} << (p & 63); // the shadow changed: its hash is unknown
}

// Reads the snapshot twice (three times when it grows the region), as
// tracker::apply reads a batch: the first pass checks every page (§6 step
// 13) and reserves the stamps of the pages already there; then the growth
// (memory, per-page state, stamps of the new pages) and the clock; every
// error returns before the last pass, which writes.
error snapshot_applier::apply(tracker& t, std::span<const uint8_t> bytes) {
  t.message_.clear();
  snapshot_reader r;
  if (error e = r.open(bytes); e != error::ok) return t.fail(e, "%s", r.message());
  const snapshot_header& h = r.header();
  if (error e = check_header(t, h); e != error::ok) return e;
  const size_t have = t.hashes_.size();
  snapshot_page pg;
  bool room = true, new_pages = false;
  while (r.next_page(pg)) {
    if (pg.index < have)
      room = room && reserve(t, pg);
    else
      new_pages = true;
  }
  if (r.status() != error::ok) return t.fail(r.status(), "%s", r.message());

  const uint64_t region_bytes = h.region_pages << t.page_shift_;
  if (region_bytes > t.size_ && !t.on_grow_(t.grow_context_, t.base_, t.size_, static_cast<size_t>(region_bytes)))
    return t.fail(error::grow_failed, "grow_failed: the memory behind the region could not grow to %llu bytes",
                  ull{region_bytes});
  if (!t.ensure_pages(static_cast<size_t>(h.region_pages)))
    return t.fail(error::out_of_memory, "out_of_memory: no memory for the shadow of a region of %llu bytes",
                  ull{region_bytes});
  if (room && new_pages) {
    r.rewind();
    while (room && r.next_page(pg))
      if (pg.index >= have) room = reserve(t, pg);
  }
  if (!room) return t.fail(error::out_of_memory, "out_of_memory: no memory for the stamps this snapshot writes");
  t.clock_.reserve_merge(h.clock);

  if (region_bytes > t.size_) t.grow_region(static_cast<size_t>(region_bytes), true);
  r.rewind();
  while (r.next_page(pg)) write(t, pg);
  t.clock_.merge(h.clock);
  t.newest_ = std::max(t.newest_, r.newest());
  t.announced_pages_ = std::max<size_t>(t.announced_pages_, static_cast<size_t>(h.region_pages));
  for (size_t i = 0; i < h.clock.size(); ++i) t.covered_.cover_prefix(h.clock[i].peer, h.covered[i]);
  return error::ok;
}

} // namespace karmem::sync
