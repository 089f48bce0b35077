// snapshot_reader: checks a version-1 or version-2 snapshot field by field, in the order
// of docs/sync-snapshot-format.md §6: magic and version first (so a patch or
// a future version is reported as such), then the declared length, then the
// checksum, then the fields.
#include "karmem/sync/snapshot_reader.h"

#include "karmem/sync/patch_format.h"
#include "karmem/sync/snapshot_format.h"

#include <cstring>

namespace karmem::sync {

namespace sf = snapshot_format;
// byte_cursor checks the framing with the patch format's constants.
static_assert(sf::checksum_bytes == format::checksum_bytes);

using detail::ull;

snapshot_reader::snapshot_reader() noexcept : byte_cursor("snapshot", "snapshot byte") {}

void snapshot_reader::reset(std::span<const uint8_t> bytes) noexcept {
  start(bytes);
  header_.version = 0;
  header_.units_digest = 0;
  header_.page_shift = 0;
  header_.region_pages = 0;
  header_.clock.clear();
  header_.covered.clear();
  header_.stamps.clear();
  body_ = end_;
  pages_read_ = last_page_ = 0;
}

error snapshot_reader::check_head(std::span<const uint8_t> head, size_t n) {
  reset(head);
  const size_t need = n < sf::head_bytes ? n : sf::head_bytes;
  if (head.size() < need || (head.data() == nullptr && need > 0))
    return fail(error::invalid_argument, 0, "the head of a %zu-byte snapshot is its first %zu bytes; %zu given", n,
                need, head.size());
  const error e = read_head(n);
  pos_ = body_ = end_;
  return e;
}

// §6 steps 1-6 on a snapshot of `n` bytes whose first bytes are [begin_, end_).
error snapshot_reader::read_head(size_t n) {
  const size_t magic_seen = n < 4 ? n : 4;
  if (magic_seen > 0 && std::memcmp(begin_, sf::magic, magic_seen) != 0) {
    if (magic_seen == 4 && std::memcmp(begin_, format::magic, 4) == 0)
      return fail(error::bad_magic, 0, "this is a patch (\"KSYN\"), not a snapshot (\"KSNP\"): apply it as a patch");
    return fail(error::bad_magic, 0, "a snapshot starts with \"KSNP\" (4B 53 4E 50)");
  }
  if (n < sf::magic_and_version_bytes)
    return fail(error::truncated, n, "the snapshot has %zu bytes; magic and version need 5", n);
  if (begin_[4] != sf::version && begin_[4] != sf::version_units)
    return fail(error::unsupported_version, 4, "snapshot version %u; this runtime reads versions %u and %u",
                begin_[4], sf::version, sf::version_units);
  if (n < sf::min_snapshot_bytes)
    return fail(error::truncated, n, "the snapshot has %zu bytes; the smallest has %zu", n, sf::min_snapshot_bytes);
  return read_total_length(n);
}

error snapshot_reader::open(std::span<const uint8_t> snapshot) {
  reset(snapshot);
  const size_t n = snapshot.size();
  if (error e = read_head(n); e != error::ok) return e;
  if (error e = check_checksum(n); e != error::ok) return e;
  if (error e = read_page_shift(header_.page_shift); e != error::ok) return e;
  if (error e = read_region_pages(header_.page_shift, header_.region_pages); e != error::ok) return e;
  header_.version = begin_[4];
  if (header_.version == sf::version_units) {
    if (static_cast<uint64_t>(end_ - pos_) < format::units_digest_bytes)
      return fail(error::truncated, offset(), "the units digest needs %zu bytes", format::units_digest_bytes);
    for (size_t i = 0; i < format::units_digest_bytes; ++i) header_.units_digest |= uint64_t{pos_[i]} << (8 * i);
    pos_ += format::units_digest_bytes;
  }
  if (error e = read_clock(); e != error::ok) return e;
  if (error e = read_stamps(); e != error::ok) return e;
  body_ = pos_;
  return error::ok;
}

// §3.1: k entries of (peer, counter, uncovered), peers strictly increasing.
error snapshot_reader::read_clock() {
  uint64_t v = 0;
  size_t at = offset();
  if (!read_varint(v, "the clock's entry count")) return status_;
  if (v > format::max_clock_entries)
    return fail(error::out_of_range, at, "%llu clock entries; at most %u", ull(v), format::max_clock_entries);
  const uint32_t entries = static_cast<uint32_t>(v);
  // Bounded before it allocates: 4096 entries, and 3 bytes per entry present.
  if (static_cast<uint64_t>(end_ - pos_) < 3ull * entries)
    return fail(error::truncated, at, "%u clock entries need at least %u bytes", entries, 3 * entries);
  header_.clock.reserve(entries);
  header_.covered.reserve(entries);
  uint64_t prev_peer = 0;
  for (uint32_t i = 0; i < entries; ++i) {
    at = offset();
    if (!read_varint(v, "a clock entry's peer")) return status_;
    const uint64_t peer = i == 0 ? v : prev_peer + 1 + v;
    if (v > UINT32_MAX || peer > UINT32_MAX)
      return fail(error::out_of_range, at, "clock entry %u names a peer id above 2^32-1", i);
    at = offset();
    uint64_t counter = 0, uncovered = 0;
    if (!read_varint(counter, "a clock entry's counter")) return status_;
    if (counter == 0) return fail(error::malformed, at, "clock entry %u has counter 0 (such peers are left out)", i);
    if (counter > format::max_counter)
      return fail(error::out_of_range, at, "clock counter %llu exceeds 2^48-1", ull(counter));
    at = offset();
    if (!read_varint(uncovered, "a clock entry's uncovered count")) return status_;
    if (uncovered > counter)
      return fail(error::out_of_range, at, "clock entry %u: %llu uncovered batches of %llu", i, ull(uncovered),
                  ull(counter));
    header_.clock.push_back({static_cast<uint32_t>(peer), counter});
    header_.covered.push_back(counter - uncovered);
    prev_peer = peer;
  }
  return error::ok;
}

// §3.2: m stamps (time, clock index), strictly increasing, none newer than
// the clock: a stamp from the future would make the bytes it covers lose to
// nothing any peer can write.
error snapshot_reader::read_stamps() {
  uint64_t v = 0;
  size_t at = offset();
  if (!read_varint(v, "the stamp count")) return status_;
  const uint64_t region_bytes = header_.region_pages << header_.page_shift;
  if (v > region_bytes)
    return fail(error::out_of_range, at, "%llu stamps in a region of %llu bytes (at most one per byte)", ull(v),
                ull(region_bytes));
  if (v > static_cast<uint64_t>(end_ - pos_) / 2)
    return fail(error::truncated, at, "%llu stamps need at least %llu bytes", ull(v), ull(2 * v));
  if (!header_.stamps.reserve(static_cast<size_t>(v)))
    return fail(error::out_of_memory, at, "no memory for a table of %llu stamps", ull(v));
  const uint64_t clock_time_total = clock_time(header_.clock);
  stamp prev{};
  for (uint64_t i = 0; i < v; ++i) {
    at = offset();
    uint64_t delta = 0, index = 0;
    if (!read_varint(delta, "a stamp's time")) return status_;
    if (delta > clock_time_total - prev.time)
      return fail(error::out_of_range, at, "stamp %llu is newer than the snapshot's clock (time %llu)", ull(i),
                  ull(clock_time_total));
    if (i == 0 && delta == 0) return fail(error::malformed, at, "stamp 0 has time 0 (the baseline has no stamp)");
    const size_t index_at = offset();
    if (!read_varint(index, "a stamp's clock index")) return status_;
    if (index >= header_.clock.size())
      return fail(error::out_of_range, index_at, "stamp %llu names clock entry %llu of %zu", ull(i), ull(index),
                  header_.clock.size());
    const stamp s{prev.time + delta, header_.clock[static_cast<size_t>(index)].peer};
    if (i > 0 && !(prev < s))
      return fail(error::malformed, at, "stamp %llu is not after the stamp before it", ull(i));
    header_.stamps.push_back(s);
    prev = s;
  }
  return error::ok;
}

void snapshot_reader::rewind() noexcept {
  pos_ = body_;
  pages_read_ = 0;
  last_page_ = 0;
}

// §4: a page entry is its index gap, its span count, then its spans.
bool snapshot_reader::next_page(snapshot_page& page) {
  if (status_ != error::ok || pos_ >= end_) return false;
  const uint32_t page_size = uint32_t{1} << header_.page_shift;
  size_t at = offset();
  uint64_t gap = 0;
  if (!read_varint(gap, "a page's index")) return false;
  if (gap >= header_.region_pages || (pages_read_ > 0 && last_page_ + 1 + gap >= header_.region_pages)) {
    fail(error::out_of_range, at, "a page index past the snapshot's region of %llu pages",
         ull(header_.region_pages));
    return false;
  }
  const uint64_t index = pages_read_ == 0 ? gap : last_page_ + 1 + gap;
  at = offset();
  uint64_t count = 0;
  if (!read_varint(count, "a page's span count")) return false;
  ++count;
  if (count > page_size) {
    fail(error::out_of_range, at, "page %llu claims %llu spans; a page of %u bytes holds at most %u", ull(index),
         ull(count), page_size, page_size);
    return false;
  }
  if (count > static_cast<uint64_t>(end_ - pos_) / 4) {
    fail(error::truncated, at, "page %llu: %llu spans need at least %llu bytes", ull(index), ull(count),
         ull(4 * count));
    return false;
  }
  if (!page.spans.reserve_growing(static_cast<size_t>(count), page_size) ||
      !page.data.reserve_growing(static_cast<size_t>(count), page_size)) {
    fail(error::out_of_memory, at, "no memory for the %llu spans of page %llu", ull(count), ull(index));
    return false;
  }
  page.index = static_cast<uint32_t>(index);
  page.spans.clear();
  page.data.clear();
  uint32_t prev_end = 0;
  for (uint64_t i = 0; i < count; ++i) {
    if (!read_span(page, i, prev_end)) return false;
    prev_end = page.spans.back().end;
  }
  ++pages_read_;
  last_page_ = index;
  return true;
}

// §4.1: one span (skip, length - 1, stamp index) and its bytes.
bool snapshot_reader::read_span(snapshot_page& page, uint64_t number, uint32_t prev_end) {
  const uint32_t page_size = uint32_t{1} << header_.page_shift;
  const size_t at = offset();
  uint64_t skip = 0, length = 0, index = 0;
  if (!read_varint(skip, "a span's skip") || !read_varint(length, "a span's length") ||
      !read_varint(index, "a span's stamp index"))
    return false;
  ++length;
  if (skip > page_size || length > page_size || prev_end + skip + length > page_size) {
    fail(error::out_of_range, at, "span %llu of page %u ends past the page's %u bytes", ull(number), page.index,
         page_size);
    return false;
  }
  if (index >= header_.stamps.size()) {
    fail(error::out_of_range, at, "span %llu of page %u names stamp %llu of %zu", ull(number), page.index, ull(index),
         header_.stamps.size());
    return false;
  }
  const stamp s = header_.stamps[static_cast<size_t>(index)];
  if (number > 0 && skip == 0 && page.spans.back().s == s) {
    fail(error::malformed, at, "span %llu of page %u touches a span with the same stamp (they must be one span)",
         ull(number), page.index);
    return false;
  }
  if (static_cast<uint64_t>(end_ - pos_) < length) {
    fail(error::truncated, offset(), "span %llu of page %u needs %llu bytes", ull(number), page.index, ull(length));
    return false;
  }
  const uint32_t begin = prev_end + static_cast<uint32_t>(skip);
  page.spans.push_back({begin, begin + static_cast<uint32_t>(length), s});
  page.data.push_back(pos_);
  pos_ += length;
  return true;
}

} // namespace karmem::sync
