// patch_reader: checks a version-1 or version-2 batch field by field. The order of the
// checks is part of the format's contract (docs/sync-patch-format.md §6): the
// magic and version first (so a future version is reported as such), then
// the declared length (truncation), then the checksum (corruption), then the
// fields themselves.
#include "karmem/sync/patch_reader.h"

#include "karmem/sync/detail/run_token.h"
#include "karmem/sync/patch_format.h"

#include <cstring>

namespace karmem::sync {

using namespace format;

using detail::ull;

patch_reader::patch_reader() noexcept : byte_cursor("batch", "byte") {}

void patch_reader::reset(std::span<const uint8_t> bytes) noexcept {
  start(bytes);
  header_.version = 0;
  header_.units_digest = 0;
  header_.page_shift = 0;
  header_.sender = 0;
  header_.region_pages = 0;
  header_.clock.clear(); // keeps its capacity for the next batch
  body_ = end_;
  pages_read_ = last_page_ = 0;
}

error patch_reader::check_head(std::span<const uint8_t> head, size_t n) {
  reset(head);
  const size_t need = n < head_bytes ? n : head_bytes;
  if (head.size() < need || (head.data() == nullptr && need > 0))
    return fail(error::invalid_argument, 0, "the head of a %zu-byte batch is its first %zu bytes; %zu given", n, need,
                head.size());
  const error e = read_head(n);
  pos_ = body_ = end_; // nothing more to read: next_page() is false
  return e;
}

// Steps 1-6 of §6 on a batch of `n` bytes whose first bytes are
// [begin_, end_): at least min(n, head_bytes) of them, so the total-length
// varint is inside them unless the batch itself ends first. Leaves pos_ after
// that varint.
error patch_reader::read_head(size_t n) {
  const size_t magic_seen = n < 4 ? n : 4;
  if (magic_seen > 0 && std::memcmp(begin_, magic, magic_seen) != 0)
    return fail(error::bad_magic, 0, "a batch starts with \"KSYN\" (4B 53 59 4E)");
  if (n < magic_and_version_bytes)
    return fail(error::truncated, n, "the batch has %zu bytes; magic and version need 5", n);
  if (begin_[4] != version && begin_[4] != version_units)
    return fail(error::unsupported_version, 4, "version %u; this runtime reads versions %u and %u", begin_[4],
                version, version_units);
  if (n < min_patch_bytes)
    return fail(error::truncated, n, "the batch has %zu bytes; the smallest batch has %zu", n,
                min_patch_bytes);
  return read_total_length(n);
}

error patch_reader::open(std::span<const uint8_t> patch) {
  reset(patch);
  const size_t n = patch.size();
  if (error e = read_head(n); e != error::ok) return e;
  if (error e = check_checksum(n); e != error::ok) return e;
  if (error e = read_page_shift(header_.page_shift); e != error::ok) return e;

  uint64_t v = 0;
  size_t at = offset();
  if (!read_varint(v, "the sender's peer id")) return status_;
  if (v > UINT32_MAX)
    return fail(error::out_of_range, at, "peer id %llu does not fit 32 bits", ull(v));
  header_.sender = static_cast<uint32_t>(v);

  if (error e = read_region_pages(header_.page_shift, header_.region_pages); e != error::ok) return e;
  header_.version = begin_[4];

  if (header_.version == version_units) { // §3.2
    at = offset();
    if (static_cast<uint64_t>(end_ - pos_) < units_digest_bytes)
      return fail(error::truncated, at, "the units digest needs %zu bytes", units_digest_bytes);
    for (size_t i = 0; i < units_digest_bytes; ++i) header_.units_digest |= uint64_t{pos_[i]} << (8 * i);
    pos_ += units_digest_bytes;
  }

  at = offset();
  if (!read_varint(v, "the clock's entry count")) return status_;
  if (v == 0) return fail(error::malformed, at, "an empty clock (it must hold the sender)");
  if (v > max_clock_entries)
    return fail(error::out_of_range, at, "%llu clock entries; at most %u", ull(v), max_clock_entries);
  const uint32_t entries = static_cast<uint32_t>(v);
  if (static_cast<uint64_t>(end_ - pos_) < 2ull * entries)
    return fail(error::truncated, at, "%u clock entries need at least %u bytes", entries, 2 * entries);
  // Bounded twice before it allocates: at most max_clock_entries (64 KiB of
  // entries) and at most one entry per two bytes actually present, so a
  // header claiming a huge clock costs nothing.
  header_.clock.reserve(entries);
  bool has_sender = false;
  uint64_t prev_peer = 0;
  for (uint32_t i = 0; i < entries; ++i) {
    at = offset();
    if (!read_varint(v, "a clock entry's peer")) return status_;
    const uint64_t peer = i == 0 ? v : prev_peer + 1 + v;
    if (v > UINT32_MAX || peer > UINT32_MAX)
      return fail(error::out_of_range, at, "clock entry %u names a peer id above 2^32-1", i);
    at = offset();
    if (!read_varint(v, "a clock entry's counter")) return status_;
    if (v == 0) return fail(error::malformed, at, "clock entry %u has counter 0 (such peers are left out)", i);
    if (v > max_counter)
      return fail(error::out_of_range, at, "clock counter %llu exceeds 2^48-1", ull(v));
    header_.clock.push_back({static_cast<uint32_t>(peer), v});
    has_sender |= peer == header_.sender;
    prev_peer = peer;
  }
  if (!has_sender)
    return fail(error::malformed, offset(), "the clock has no entry for the sender %u", header_.sender);
  body_ = pos_;
  return error::ok;
}

void patch_reader::rewind() noexcept {
  pos_ = body_;
  pages_read_ = 0;
  last_page_ = 0;
}

// One run of a page entry as its token describes it, after the checks that
// its span lies inside the page (§4.2). `page`, `number` and `token_at` are
// for messages.
struct patch_reader::run_span {
  uint64_t page;    // the page's index
  uint64_t number;  // the run's position in its page entry
  size_t token_at;  // the token's offset in the batch
  uint32_t offset;  // from the page start
  uint32_t length;  // bytes spanned
  bool masked;
};

// A page entry is its header, then per token: the token, then its data (a
// plain run) or its bitmap and data (a masked run). Each step checks what it
// reads before it hands anything on; the first failure sets status_ and ends
// the batch, and `page` then holds part of an entry the caller must not use
// (tracker::apply reads the whole batch before it writes anything).
bool patch_reader::next_page(patch_page& page) {
  if (status_ != error::ok || pos_ >= end_) return false;
  uint64_t index = 0, runs = 0;
  if (!read_page_header(index, runs)) return false;

  page.index = static_cast<uint32_t>(index);
  // Every range pushed below passed the in-page checks first, so a page
  // never yields more than format::max_page_ranges(page_size): a caller
  // that reserved that much is never made to allocate by a batch.
  page.ranges.clear();
  page.data.clear();
  uint64_t prev_end = 0;
  for (uint64_t r = 0; r < runs; ++r) {
    run_span run{index, r, 0, 0, 0, false};
    if (!read_run_token(prev_end, run)) return false;
    if (!(run.masked ? read_masked_run(run, page) : read_plain_run(run, page))) return false;
    prev_end = run.offset + run.length;
  }
  ++pages_read_;
  last_page_ = index;
  return true;
}

// §4.1: the page's index (inside the sender's region, after the previous
// page's) and its token count (at most 2^s/2 + 1).
bool patch_reader::read_page_header(uint64_t& index, uint64_t& runs) {
  const uint32_t page_size = uint32_t{1} << header_.page_shift;
  size_t at = offset();
  uint64_t h = 0;
  if (!read_varint(h, "a page header")) return false;
  const uint64_t gap = h >> page_runs_bits;
  if (gap >= header_.region_pages) {
    fail(error::out_of_range, at, "a page gap of %llu in a region of %llu pages", ull(gap), ull(header_.region_pages));
    return false;
  }
  index = pages_read_ == 0 ? gap : last_page_ + 1 + gap;
  if (index >= header_.region_pages) {
    fail(error::out_of_range, at, "page %llu is outside the sender's region of %llu pages", ull(index),
         ull(header_.region_pages));
    return false;
  }
  runs = (h & page_runs_extended) + 1;
  if ((h & page_runs_extended) == page_runs_extended) {
    uint64_t extra = 0;
    at = offset();
    if (!read_varint(extra, "a page's run count")) return false;
    if (extra > page_size) {
      fail(error::out_of_range, at, "page %llu claims %llu more runs than a page can hold", ull(index), ull(extra));
      return false;
    }
    runs += extra;
  }
  if (runs > page_size / 2 + 1) {
    fail(error::out_of_range, at, "page %llu claims %llu runs; a page of %u bytes holds at most %u", ull(index),
         ull(runs), page_size, page_size / 2 + 1);
    return false;
  }
  return true;
}

// §4.2: the token of `run`, whose previous run ends at `prev_end`; fills in
// its offset, length and kind once its span is known to be inside the page
// and apart from the previous run.
bool patch_reader::read_run_token(uint64_t prev_end, run_span& run) {
  const uint32_t page_size = uint32_t{1} << header_.page_shift;
  run.token_at = offset();
  uint64_t h = 0;
  if (!read_varint(h, "a run token")) return false;
  const run_token::head_fields token = run_token::split(h);
  uint64_t length = token.length_code;
  if (run_token::length_follows(token)) {
    uint64_t extra = 0;
    if (!read_varint(extra, "a run length")) return false;
    if (extra > page_size) {
      fail(error::out_of_range, run.token_at, "run %llu of page %llu is longer than a page", ull(run.number),
           ull(run.page));
      return false;
    }
    length = run_token::length_from_extra(extra);
  }
  if (run.number > 0 && token.skip == 0) {
    fail(error::malformed, run.token_at, "run %llu of page %llu touches the run before it (they must be one run)",
         ull(run.number), ull(run.page));
    return false;
  }
  if (token.skip > page_size || prev_end + token.skip + length > page_size) {
    fail(error::out_of_range, run.token_at, "run %llu of page %llu ends past the page's %u bytes", ull(run.number),
         ull(run.page), page_size);
    return false;
  }
  run.offset = static_cast<uint32_t>(prev_end + token.skip);
  run.length = static_cast<uint32_t>(length);
  run.masked = token.masked;
  return true;
}

// A plain run's data: `run.length` bytes, all of them written.
bool patch_reader::read_plain_run(const run_span& run, patch_page& page) {
  if (static_cast<uint64_t>(end_ - pos_) < run.length) {
    fail(error::truncated, offset(), "run %llu of page %llu needs %u bytes", ull(run.number), ull(run.page),
         run.length);
    return false;
  }
  page.ranges.push_back({run.offset, run.length});
  page.data.push_back(pos_);
  pos_ += run.length;
  return true;
}

// A masked run's bitmap, checked (§4.2: at least 3 bytes spanned, first and
// last bits set, nothing past the span), then one data byte per set bit;
// each stretch of set bits becomes one range.
bool patch_reader::read_masked_run(const run_span& run, patch_page& page) {
  const uint32_t len = run.length;
  if (len < min_masked_span) {
    fail(error::malformed, run.token_at, "masked run %llu of page %llu spans %u bytes; at least %u",
         ull(run.number), ull(run.page), len, min_masked_span);
    return false;
  }
  const uint32_t mask_bytes = run_token::mask_bytes(len);
  if (static_cast<uint64_t>(end_ - pos_) < mask_bytes) {
    fail(error::truncated, offset(), "the mask of run %llu of page %llu", ull(run.number), ull(run.page));
    return false;
  }
  const uint8_t* mask = pos_;
  auto bit = [mask](uint32_t i) { return (mask[i >> 3] >> (i & 7)) & 1; };
  const uint32_t tail_bits = len & 7;
  if (!bit(0) || !bit(len - 1) || (tail_bits != 0 && (mask[mask_bytes - 1] >> tail_bits) != 0)) {
    fail(error::malformed, offset(),
         "the mask of run %llu of page %llu must have its first and last span bits set and nothing after",
         ull(run.number), ull(run.page));
    return false;
  }
  uint32_t written = 0;
  for (uint32_t i = 0; i < mask_bytes; ++i) written += static_cast<uint32_t>(__builtin_popcount(mask[i]));
  pos_ += mask_bytes;
  if (static_cast<uint64_t>(end_ - pos_) < written) {
    fail(error::truncated, offset(), "masked run %llu of page %llu needs %u bytes", ull(run.number), ull(run.page),
         written);
    return false;
  }
  const uint8_t* data = pos_;
  for (uint32_t i = 0; i < len;) {
    if (!bit(i)) {
      ++i;
      continue;
    }
    uint32_t j = i;
    while (j < len && bit(j)) ++j;
    page.ranges.push_back({run.offset + i, j - i});
    page.data.push_back(data);
    data += j - i;
    i = j;
  }
  pos_ += written;
  return true;
}

error patch_reader::check_pages() {
  while (next_page(check_scratch_)) {
  }
  if (status_ != error::ok) return status_;
  rewind();
  return error::ok;
}

} // namespace karmem::sync
