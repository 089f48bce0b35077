// karmem::sync::tracker: region bookkeeping, scan (hash, diff, encode) and
// apply (check, grow, resolve per byte, write). The per-byte rule and why it
// converges are in docs/sync-patch-format.md §5.2.
#include "karmem/sync.h"

#include "karmem/sync/diff.h"
#include "karmem/sync/patch_format.h"
#include "karmem/sync/xxh3.h"
#include "small_copy.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <new>

namespace karmem::sync {
namespace {

// The shadow is kept in chunks of this many pages, so growing the region
// never moves the bytes already copied.
constexpr size_t chunk_pages = 64;

bool bit(const std::vector<uint64_t>& bits, size_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }
void set_bit(std::vector<uint64_t>& bits, size_t i) { bits[i >> 6] |= uint64_t{1} << (i & 63); }
void clear_bit(std::vector<uint64_t>& bits, size_t i) { bits[i >> 6] &= ~(uint64_t{1} << (i & 63)); }

std::string format_message(const char* fmt, unsigned long long a, unsigned long long b = 0) {
  char buf[200];
  std::snprintf(buf, sizeof buf, fmt, a, b);
  return buf;
}

} // namespace

bool default_grow(void*, uint8_t* base, size_t, size_t new_size) {
#if defined(__wasm__)
  const uint64_t need = reinterpret_cast<uintptr_t>(base) + static_cast<uint64_t>(new_size);
  const uint64_t have = static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * 65536;
  if (need <= have) return true;
  const uint64_t pages = (need - have + 65535) / 65536;
  return __builtin_wasm_memory_grow(0, static_cast<size_t>(pages)) != static_cast<size_t>(-1);
#else
  (void)base;
  (void)new_size;
  return true;
#endif
}

std::unique_ptr<tracker> tracker::create(uint32_t peer, void* base, size_t size, const options& opts,
                                         error* err, std::string* message) {
  auto reject = [&](const std::string& why) -> std::unique_ptr<tracker> {
    if (err) *err = error::invalid_argument;
    if (message) *message = "invalid_argument: " + why;
    return nullptr;
  };
  const uint32_t page = opts.page_size;
  if (page < (1u << format::min_page_shift) || page > (1u << format::max_page_shift) || (page & (page - 1)) != 0)
    return reject(format_message("page size %llu is not a power of two from 1024 to 65536", page));
  const size_t capacity = opts.capacity == 0 ? size : opts.capacity;
  const auto address = reinterpret_cast<uintptr_t>(base);
  if (base == nullptr || address % page != 0)
    return reject(format_message("the region's base %#llx is not a multiple of the page size %llu", address, page));
  if (size == 0 || size % page != 0)
    return reject(format_message("the region's size %llu is not a positive multiple of the page size %llu", size, page));
  if (capacity < size || capacity % page != 0)
    return reject(format_message("the capacity %llu is below the size or not a page multiple (page %llu)", capacity, page));
  if (static_cast<uint64_t>(capacity) > format::max_region_bytes ||
      static_cast<uint64_t>(address) + capacity < address)
    return reject(format_message("a capacity of %llu bytes at %#llx exceeds the 4 GiB a region can cover", capacity, address));
  if (!opts.on_grow) return reject("no grow handler");
#if defined(__wasm__)
  // The region's current bytes must exist (its growth may come later).
  if (static_cast<uint64_t>(address) + size > static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * 65536)
    return reject(format_message("the region [%#llx, +%llu) is not inside linear memory", address, size));
#endif

  std::unique_ptr<tracker> t(new tracker());
  t->peer_ = peer;
  t->base_ = static_cast<uint8_t*>(base);
  t->capacity_ = capacity;
  t->page_shift_ = static_cast<uint32_t>(__builtin_ctz(page));
  t->on_grow_ = opts.on_grow;
  t->block_words_ = (page / diff_block_bytes + 63) / 64;
  t->grow_context_ = opts.grow_context;
  std::vector<uint8_t> zeros(page, 0);
  t->zero_page_hash_ = xxh3_64(zeros.data(), page);
  if (!t->add_pages(size / page, true)) {
    if (err) *err = error::out_of_memory;
    if (message) *message = format_message("out_of_memory: no room for a %llu-byte shadow copy", size);
    return nullptr;
  }
  t->size_ = size;
  t->announced_pages_ = size / page;
  if (err) *err = error::ok;
  return t;
}

tracker::~tracker() = default;

error tracker::fail(error e, std::string message) {
  message_ = std::move(message);
  return e;
}

uint8_t* tracker::shadow(size_t page) const noexcept {
  return chunks_[page / chunk_pages].get() + ((page % chunk_pages) << page_shift_);
}

// Extends the per-page state to `new_pages`. The new pages' shadow is a copy
// of the region's memory (`copy_memory`) or zeros.
bool tracker::add_pages(size_t new_pages, bool copy_memory) {
  const size_t old_pages = hashes_.size();
  const size_t page = size_t{1} << page_shift_;
  // Reallocate a partly filled last chunk, then add chunks.
  for (size_t c = old_pages / chunk_pages; c * chunk_pages < new_pages; ++c) {
    const size_t filled = c < chunks_.size() ? old_pages - c * chunk_pages : 0;
    const size_t want = std::min(chunk_pages, new_pages - c * chunk_pages);
    if (want == filled) continue;
    std::unique_ptr<uint8_t[]> chunk(new (std::nothrow) uint8_t[want << page_shift_]);
    if (!chunk) return false;
    if (filled) std::memcpy(chunk.get(), chunks_[c].get(), filled << page_shift_);
    if (c < chunks_.size())
      chunks_[c] = std::move(chunk);
    else
      chunks_.push_back(std::move(chunk));
  }
  hashes_.resize(new_pages);
  stamps_.resize(new_pages);
  stale_.resize((new_pages + 63) / 64);
  dirty_bits_.resize((new_pages + 63) / 64);
  dirty_blocks_.resize(new_pages * block_words_);
  for (size_t p = old_pages; p < new_pages; ++p) {
    uint8_t* s = shadow(p);
    if (copy_memory) {
      std::memcpy(s, base_ + (p << page_shift_), page);
      hashes_[p] = xxh3_64(s, page);
    } else {
      std::memset(s, 0, page);
      hashes_[p] = zero_page_hash_;
    }
  }
  return true;
}

void tracker::mark_dirty(const void* p, size_t n) noexcept {
  const auto lo_in = reinterpret_cast<uintptr_t>(p);
  const uintptr_t hi_in = lo_in + n < lo_in ? UINTPTR_MAX : lo_in + n;
  const auto region_lo = reinterpret_cast<uintptr_t>(base_);
  const uintptr_t lo = std::max(lo_in, region_lo), hi = std::min(hi_in, region_lo + size_);
  if (lo >= hi) return;
  // Blocks [first, last] of the region, 64 bytes each.
  const size_t first = (lo - region_lo) / diff_block_bytes, last = (hi - 1 - region_lo) / diff_block_bytes;
  const size_t per_page = (size_t{1} << page_shift_) / diff_block_bytes;
  for (size_t b = first; b <= last;) {
    const size_t page = b / per_page;
    if (!bit(dirty_bits_, page)) {
      set_bit(dirty_bits_, page);
      dirty_list_.push_back(static_cast<uint32_t>(page));
    }
    // Blocks of this page in [b, end): set them a word at a time.
    const size_t end = std::min(last + 1, (page + 1) * per_page);
    uint64_t* words = &dirty_blocks_[page * block_words_];
    for (size_t i = b - page * per_page, stop = end - page * per_page; i < stop;) {
      const size_t in_word = std::min<size_t>(64 - (i & 63), stop - i);
      const uint64_t ones = in_word == 64 ? ~uint64_t{0} : ((uint64_t{1} << in_word) - 1);
      words[i >> 6] |= ones << (i & 63);
      i += in_word;
    }
    b = end;
  }
}

error tracker::scan(scan_mode mode, std::vector<uint8_t>& batch) {
  message_.clear();
  batch.clear();
  stats_ = {};
  if (clock_.counter(peer_) >= format::max_counter)
    return fail(error::clock_overflow, "clock_overflow: this peer's counter reached 2^48-1");

  const size_t pages = size_ >> page_shift_;
  const uint32_t page_size = uint32_t{1} << page_shift_;
  // The batch carries the clock this scan publishes; it becomes ours only if
  // the batch is not empty (below).
  vector_clock next = clock_;
  next.increment(peer_);
  const stamp own_stamp{next.time(), peer_};
  writer_.begin(page_shift_, peer_, pages, next.entries());

  auto visit = [&](size_t p, bool hash) {
    uint8_t* current = base_ + (p << page_shift_);
    uint8_t* synced = shadow(p);
    uint64_t h = 0;
    if (hash) {
      ++stats_.pages_hashed;
      h = xxh3_64(current, page_size);
      if (!bit(stale_, p) && h == hashes_[p]) return;
    }
    ++stats_.pages_diffed;
    runs_.clear();
    if (hash)
      diff_page(current, synced, page_size, runs_);
    else
      diff_blocks(current, synced, page_size, &dirty_blocks_[p * block_words_], runs_);
    if (hash) {
      hashes_[p] = h;
      clear_bit(stale_, p);
    }
    if (runs_.empty()) return;
    if (!hash) set_bit(stale_, p); // the shadow changed; its hash is now unknown
    ++stats_.pages_changed;
    stats_.runs += runs_.size();
    writer_.add_page(static_cast<uint32_t>(p), runs_, current);
    write_stamps(stamps_[p], runs_, own_stamp, stamp_scratch_, [](size_t, uint32_t, uint32_t) {});
    for (const byte_range& r : runs_) {
      detail::copy_small(synced + r.offset, current + r.offset, r.length);
      stats_.bytes_changed += r.length;
    }
  };

  if (mode == scan_mode::full) {
    for (size_t p = 0; p < pages; ++p) visit(p, true);
  } else {
    std::sort(dirty_list_.begin(), dirty_list_.end());
    for (uint32_t p : dirty_list_) visit(p, false);
  }
  for (uint32_t p : dirty_list_) {
    clear_bit(dirty_bits_, p);
    std::fill_n(&dirty_blocks_[size_t{p} * block_words_], block_words_, uint64_t{0});
  }
  dirty_list_.clear();

  stats_.tokens = writer_.tokens();
  if (writer_.pages() == 0 && pages == announced_pages_) return error::ok;
  clock_ = std::move(next);
  writer_.finish(batch);
  announced_pages_ = pages;
  return error::ok;
}

void tracker::grow_region(size_t new_size, bool zero_memory) {
  const size_t old_pages = size_ >> page_shift_, new_pages = new_size >> page_shift_;
  if (zero_memory) std::memset(base_ + size_, 0, new_size - size_);
  size_ = new_size;
  if (zero_memory) return;
  // Local growth: the new pages hold whatever the caller put there; make
  // both kinds of scan look at them.
  for (size_t p = old_pages; p < new_pages; ++p) set_bit(stale_, p);
  mark_dirty(base_ + (old_pages << page_shift_), (new_pages - old_pages) << page_shift_);
}

error tracker::resize(size_t new_size) {
  message_.clear();
  const size_t page = size_t{1} << page_shift_;
  if (new_size % page != 0)
    return fail(error::invalid_argument,
                format_message("invalid_argument: size %llu is not a multiple of the page size %llu", new_size, page));
  if (new_size < size_)
    return fail(error::invalid_argument,
                format_message("invalid_argument: regions do not shrink (%llu < %llu bytes)", new_size, size_));
  if (new_size > capacity_)
    return fail(error::invalid_argument,
                format_message("invalid_argument: size %llu exceeds the capacity %llu", new_size, capacity_));
  if (new_size == size_) return error::ok;
  if (!add_pages(new_size >> page_shift_, false))
    return fail(error::out_of_memory, format_message("out_of_memory: no shadow for %llu more bytes", new_size - size_));
  grow_region(new_size, false);
  return error::ok;
}

error tracker::apply(std::span<const uint8_t> batch) {
  message_.clear();
  if (error e = reader_.open(batch); e != error::ok) return fail(e, reader_.message());
  const patch_header& h = reader_.header();
  if (h.page_shift != page_shift_)
    return fail(error::page_size_mismatch,
                format_message("page_size_mismatch: the sender's pages are %llu bytes, ours %llu",
                               1ull << h.page_shift, 1ull << page_shift_));
  const uint64_t region_bytes = h.region_pages << page_shift_;
  if (region_bytes > capacity_)
    return fail(error::region_too_large,
                format_message("region_too_large: the sender's region is %llu bytes, our capacity %llu",
                               region_bytes, capacity_));
  if (clock_.merged_size(h.clock) > format::max_clock_entries)
    return fail(error::out_of_range, format_message("out_of_range: the merged clock would have %llu peers (at most %llu)",
                                                    clock_.merged_size(h.clock), format::max_clock_entries));
  // Read (and so check) every page before anything is written.
  batch_pages_.clear();
  batch_page_first_.clear();
  batch_ranges_.clear();
  batch_data_.clear();
  while (reader_.next_page(page_)) {
    batch_pages_.push_back(page_.index);
    batch_page_first_.push_back(static_cast<uint32_t>(batch_ranges_.size()));
    batch_ranges_.insert(batch_ranges_.end(), page_.ranges.begin(), page_.ranges.end());
    batch_data_.insert(batch_data_.end(), page_.data.begin(), page_.data.end());
  }
  if (reader_.status() != error::ok) return fail(reader_.status(), reader_.message());
  batch_page_first_.push_back(static_cast<uint32_t>(batch_ranges_.size()));

  if (region_bytes > size_) {
    if (!on_grow_(grow_context_, base_, size_, static_cast<size_t>(region_bytes)))
      return fail(error::grow_failed,
                  format_message("grow_failed: the memory behind the region could not grow to %llu bytes", region_bytes));
    if (!add_pages(static_cast<size_t>(h.region_pages), false))
      return fail(error::out_of_memory,
                  format_message("out_of_memory: no shadow for a region of %llu bytes", region_bytes));
    grow_region(static_cast<size_t>(region_bytes), true);
  }

  const stamp s{clock_time(h.clock), h.sender};
  for (size_t i = 0; i < batch_pages_.size(); ++i) {
    const size_t p = batch_pages_[i];
    const std::span<const byte_range> ranges(batch_ranges_.data() + batch_page_first_[i],
                                             batch_page_first_[i + 1] - batch_page_first_[i]);
    const uint8_t* const* data = batch_data_.data() + batch_page_first_[i];
    uint8_t* current = base_ + (p << page_shift_);
    uint8_t* synced = shadow(p);
    bool wrote = false;
    write_stamps(stamps_[p], ranges, s, stamp_scratch_, [&](size_t r, uint32_t offset, uint32_t length) {
      const uint8_t* from = data[r] + (offset - ranges[r].offset);
      detail::copy_small(current + offset, from, length);
      detail::copy_small(synced + offset, from, length);
      wrote = true;
    });
    if (wrote) set_bit(stale_, p);
  }
  clock_.merge(h.clock);
  announced_pages_ = std::max<size_t>(announced_pages_, static_cast<size_t>(h.region_pages));
  return error::ok;
}

} // namespace karmem::sync
