// karmem::sync::tracker: region bookkeeping, scan (hash, diff, widen to
// units, encode) and apply (check, grow, resolve per unit and per byte,
// write). The rules and why they converge are in docs/sync-patch-format.md
// §5.2 and §5.3.
#include "karmem/sync.h"

#include "karmem/sync/detail/diff.h"
#include "karmem/sync/detail/xxh3.h"
#include "karmem/sync/patch_format.h"
#include "small_copy.h"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>

namespace karmem::sync {
namespace {

// The shadow is kept in chunks of this many pages, so growing the region
// never moves the bytes already copied.
constexpr size_t chunk_pages = 64;

using bits = fallible_vector<uint64_t>;
bool bit(const bits& b, size_t i) { return (b[i >> 6] >> (i & 63)) & 1; }
void set_bit(bits& b, size_t i) { b[i >> 6] |= uint64_t{1} << (i & 63); }
void clear_bit(bits& b, size_t i) { b[i >> 6] &= ~(uint64_t{1} << (i & 63)); }

std::string format_message(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
std::string format_message(const char* fmt, ...) {
  char buf[240];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

using ull = unsigned long long;

// The sender's own counter in its batch: which of its batches this is.
uint64_t sender_counter(const patch_header& h) {
  auto it = std::lower_bound(h.clock.begin(), h.clock.end(), h.sender,
                             [](const clock_entry& e, uint32_t p) { return e.peer < p; });
  return it != h.clock.end() && it->peer == h.sender ? it->counter : 0;
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
  auto reject = [&](error e, const std::string& why) -> std::unique_ptr<tracker> {
    if (err) *err = e;
    if (message) *message = why;
    return nullptr;
  };
  auto invalid = [&](const std::string& why) { return reject(error::invalid_argument, "invalid_argument: " + why); };
  const uint32_t page = opts.page_size;
  if (!format::valid_page_size(page))
    return invalid(format_message("page size %u is not a power of two from 1024 to 65536", page));
  const size_t capacity = opts.capacity == 0 ? size : opts.capacity;
  const auto address = reinterpret_cast<uintptr_t>(base);
  if (base == nullptr || address % page != 0)
    return invalid(format_message("the region's base %#llx is not a multiple of the page size %u", ull{address}, page));
  if (size == 0 || size % page != 0)
    return invalid(format_message("the region's size %llu is not a positive multiple of the page size %u", ull{size}, page));
  if (capacity < size || capacity % page != 0)
    return invalid(format_message("the capacity %llu is below the size or not a page multiple (page %u)", ull{capacity}, page));
  if (static_cast<uint64_t>(capacity) > format::max_region_bytes ||
      static_cast<uint64_t>(address) + capacity < address)
    return invalid(format_message("a capacity of %llu bytes at %#llx exceeds the 4 GiB a region can cover",
                                  ull{capacity}, ull{address}));
  if (!opts.on_grow) return invalid("no grow handler");
#if defined(__wasm__)
  // The region's current bytes must exist (its growth may come later).
  if (static_cast<uint64_t>(address) + size > static_cast<uint64_t>(__builtin_wasm_memory_size(0)) * 65536)
    return invalid(format_message("the region [%#llx, +%llu) is not inside linear memory", ull{address}, ull{size}));
#endif

  std::unique_ptr<tracker> t(new (std::nothrow) tracker());
  if (!t) return reject(error::out_of_memory, "out_of_memory: no room for a tracker");
  t->peer_ = peer;
  t->base_ = static_cast<uint8_t*>(base);
  t->capacity_ = capacity;
  t->page_shift_ = static_cast<uint32_t>(__builtin_ctz(page));
  t->on_grow_ = opts.on_grow;
  t->block_words_ = (page / diff_block_bytes + 63) / 64;
  t->grow_context_ = opts.grow_context;
  std::vector<uint8_t> zeros(page, 0);
  t->zero_page_hash_ = xxh3_64(zeros.data(), page);
  t->page_.ranges.reserve(format::max_page_ranges(page));
  t->page_.data.reserve(format::max_page_ranges(page));
  std::string why;
  if (!t->configure_units(opts.units, size, why)) return reject(error::invalid_argument, why);
  const size_t pages = size / page;
  if (!t->ensure_pages(pages))
    return reject(error::out_of_memory, format_message("out_of_memory: no room for a %llu-byte shadow copy", ull{size}));
  // The current bytes are the synced baseline.
  for (size_t p = 0; p < pages; ++p) {
    std::memcpy(t->shadow(p), t->base_ + (p << t->page_shift_), page);
    t->hashes_[p] = xxh3_64(t->shadow(p), page);
  }
  t->size_ = size;
  t->announced_pages_ = pages;
  if (err) *err = error::ok;
  return t;
}

tracker::~tracker() = default;

bool tracker::configure_units(const unit_policy& policy, size_t size, std::string& why) {
  if (!units_.configure(policy, size, why)) return false;
  if (!units_.empty()) {
    const uint32_t page = uint32_t{1} << page_shift_;
    resolved_.ranges.reserve(format::max_page_ranges(page));
    resolved_.data.reserve(format::max_page_ranges(page));
  }
  return true;
}

error tracker::set_units(const unit_policy& policy) {
  message_.clear();
  if (!clock_.entries().empty())
    return fail(error::invalid_argument,
                "invalid_argument: units are set before the first batch is made or applied (this peer's clock "
                "is not empty)");
  std::string why;
  if (!configure_units(policy, size_, why)) return fail(error::invalid_argument, "%s", why.c_str());
  return error::ok;
}

error tracker::fail(error e, const char* fmt, ...) {
  char buf[320];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  message_ = buf;
  return e;
}

uint8_t* tracker::shadow(size_t page) const noexcept {
  return chunks_[page / chunk_pages].get() + ((page % chunk_pages) << page_shift_);
}

// Makes the per-page state exist for `pages` pages (a region growing to that
// size). All or nothing: everything is allocated before any size changes, so
// on false (no memory) nothing anyone can see changed. The new pages are
// pristine (zero shadow, zero-page hash, no stamps, no marks), which is what
// a page that grows into the region starts from.
bool tracker::ensure_pages(size_t pages) {
  const size_t have = hashes_.size();
  if (pages <= have) return true;
  const size_t words = (pages + 63) / 64;
  if (!hashes_.reserve(pages) || !stamps_.reserve(pages) || !stale_.reserve(words) || !dirty_bits_.reserve(words) ||
      !dirty_blocks_.reserve(pages * block_words_) || !dirty_list_.reserve(pages) || !add_shadow(pages))
    return false;
  hashes_.resize(pages);
  for (size_t p = have; p < pages; ++p) hashes_[p] = zero_page_hash_;
  stamps_.resize(pages);
  stale_.resize(words);
  dirty_bits_.resize(words);
  dirty_blocks_.resize(pages * block_words_);
  return true;
}

// Grows the shadow to hold `pages` pages, the new ones zero. It is kept in
// chunks of chunk_pages pages so that growing never moves the bytes already
// there, except in a partly filled last chunk, which is replaced by a larger
// one. On false what was added stays (zero pages no one uses yet), and
// shadow_pages_ says how far it got.
bool tracker::add_shadow(size_t pages) {
  if (!chunks_.reserve((pages + chunk_pages - 1) / chunk_pages)) return false;
  while (shadow_pages_ < pages) {
    const size_t c = shadow_pages_ / chunk_pages;          // the chunk to extend, or a new one
    const size_t filled = shadow_pages_ - c * chunk_pages; // pages it holds (0: new)
    const size_t want = std::min(chunk_pages, pages - c * chunk_pages);
    std::unique_ptr<uint8_t[]> chunk(new (std::nothrow) uint8_t[want << page_shift_]());
    if (!chunk) return false;
    if (filled) std::memcpy(chunk.get(), chunks_[c].get(), filled << page_shift_);
    if (c < chunks_.size())
      chunks_[c] = std::move(chunk);
    else
      chunks_.push_back(std::move(chunk));
    shadow_pages_ = c * chunk_pages + want;
  }
  return true;
}

// Room in page p's stamps (and in the shared scratch) for writing `ranges`
// with stamp `s`, at most one span per byte of the page. When `s` is newer
// than every stamp of the region (newest_ tells in O(1): every scan, and every
// batch that arrives in causal order), stamps_bound() exceeds the result by
// at most 2 spans per range, so that much is reserved without a merge; else
// the bound can be twice the result, and the room is counted exactly
// (stamps_after: one more merge, without the writes) unless it is there.
bool tracker::reserve_stamps(size_t p, std::span<const byte_range> ranges, stamp s) {
  fallible_vector<stamped_span>& spans = stamps_[p];
  const size_t most = size_t{1} << page_shift_;
  const bool newest = newest_ < s;
  const size_t bound = std::min(most, stamps_bound(spans.size(), ranges.size(), newest));
  if (!stamp_scratch_.reserve_growing(bound, most)) return false;
  if (spans.capacity() >= bound) return true;
  return spans.reserve_growing(newest ? bound : stamps_after({spans.data(), spans.size()}, ranges, s), most);
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
  writer_.begin(page_shift_, peer_, pages, next.entries(),
                units_.empty() ? std::nullopt : std::optional<uint64_t>(units_.digest()));
  scan_pages_.clear();
  scan_runs_.clear();

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
    if (!units_.empty()) { // sent once every page is diffed: units may cross pages
      scan_pages_.push_back({static_cast<uint32_t>(p), static_cast<uint32_t>(scan_runs_.size()),
                             static_cast<uint32_t>(runs_.size())});
      scan_runs_.insert(scan_runs_.end(), runs_.begin(), runs_.end());
      for (const byte_range& r : runs_) stats_.bytes_changed += r.length;
      return;
    }
    // A scan's memory follows the local writes, not a peer's bytes: running
    // out here is fatal, as for the batch it builds (a std::vector). Only
    // apply() turns every allocation failure into an error.
    if (!reserve_stamps(p, runs_, own_stamp)) std::abort();
    writer_.add_page(static_cast<uint32_t>(p), runs_, current);
    write_stamps(stamps_[p], runs_, own_stamp, stamp_scratch_, [](size_t, uint32_t, uint32_t) {});
    for (const byte_range& r : runs_) {
      detail::copy_small(synced + r.offset, current + r.offset, r.length);
      stats_.bytes_changed += r.length;
    }
    stats_.bytes_sent = stats_.bytes_changed;
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
  if (!scan_pages_.empty()) send_unit_pages(own_stamp, mode == scan_mode::full);

  stats_.tokens = writer_.tokens();
  if (writer_.pages() == 0 && pages == announced_pages_) return error::ok;
  clock_ = std::move(next);
  covered_.add(peer_, clock_.counter(peer_));
  newest_ = std::max(newest_, own_stamp);
  writer_.finish(batch);
  announced_pages_ = pages;
  return error::ok;
}

// The collected runs of a scan of a region with units, each widened to the
// units it touches (a unit any byte of which changed is sent whole), merged
// where they meet, cut at page boundaries and sent page by page.
void tracker::send_unit_pages(stamp own, bool hashed) {
  size_t page = SIZE_MAX; // the page unit_runs_ belongs to
  unit_runs_.clear();
  auto flush = [&] {
    if (!unit_runs_.empty()) send_page(page, unit_runs_, own, hashed);
    unit_runs_.clear();
  };
  auto emit = [&](uint64_t b, uint64_t e) {
    while (b < e) {
      const size_t p = static_cast<size_t>(b >> page_shift_);
      const uint64_t page_begin = uint64_t{p} << page_shift_;
      const uint64_t stop = std::min(e, page_begin + (uint64_t{1} << page_shift_));
      if (p != page) {
        flush();
        page = p;
      }
      unit_runs_.push_back({static_cast<uint32_t>(b - page_begin), static_cast<uint32_t>(stop - b)});
      b = stop;
    }
  };
  bool open = false;
  uint64_t open_b = 0, open_e = 0;
  for (const scan_page& sp : scan_pages_) {
    const uint64_t page_begin = uint64_t{sp.page} << page_shift_;
    for (uint32_t i = sp.first; i < sp.first + sp.count; ++i) {
      uint64_t b = page_begin + scan_runs_[i].offset, e = b + scan_runs_[i].length;
      unit_range u;
      if (units_.next(b, u) && u.begin < b) b = u.begin;
      if (units_.next(e - 1, u) && u.begin < e) e = std::max(e, u.end);
      if (open && b <= open_e) {
        open_e = std::max(open_e, e);
        continue;
      }
      if (open) emit(open_b, open_e);
      open = true;
      open_b = b;
      open_e = e;
    }
  }
  if (open) emit(open_b, open_e);
  flush();
}

// Sends `ranges` of page p in the batch being made with stamp `own`, and
// makes them synced. A page a full scan hashed keeps its hash: the bytes
// copied into the shadow are the ones it hashed.
void tracker::send_page(size_t p, std::span<const byte_range> ranges, stamp own, bool hashed) {
  uint8_t* current = base_ + (p << page_shift_);
  uint8_t* synced = shadow(p);
  if (!reserve_stamps(p, ranges, own)) std::abort(); // local writes: see visit() in scan
  writer_.add_page(static_cast<uint32_t>(p), ranges, current);
  write_stamps(stamps_[p], ranges, own, stamp_scratch_, [](size_t, uint32_t, uint32_t) {});
  for (const byte_range& r : ranges) {
    detail::copy_small(synced + r.offset, current + r.offset, r.length);
    stats_.bytes_sent += r.length;
  }
  if (!hashed) set_bit(stale_, p);
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
    return fail(error::invalid_argument, "invalid_argument: size %llu is not a multiple of the page size %llu",
                ull{new_size}, ull{page});
  if (new_size < size_)
    return fail(error::invalid_argument, "invalid_argument: regions do not shrink (%llu < %llu bytes)", ull{new_size},
                ull{size_});
  if (new_size > capacity_)
    return fail(error::invalid_argument, "invalid_argument: size %llu exceeds the capacity %llu", ull{new_size},
                ull{capacity_});
  if (new_size == size_) return error::ok;
  if (!ensure_pages(new_size >> page_shift_))
    return fail(error::out_of_memory, "out_of_memory: no shadow for %llu more bytes", ull{new_size - size_});
  grow_region(new_size, false);
  return error::ok;
}

uint64_t tracker::max_batch_bytes() const noexcept {
  return format::max_batch_bytes(page_shift_, capacity_ >> page_shift_);
}

error tracker::check_head(std::span<const uint8_t> head, size_t n) {
  message_.clear();
  if (error e = reader_.check_head(head, n); e != error::ok) return fail(e, "%s", reader_.message());
  if (n > max_batch_bytes())
    return fail(error::out_of_memory,
                "out_of_memory: a %llu-byte batch is longer than any this region accepts (%llu bytes for a "
                "capacity of %llu bytes); nothing was allocated for it",
                ull{n}, ull{max_batch_bytes()}, ull{capacity_});
  return error::ok;
}

// §6 steps 10-12 (and 10a): what the batch's header asks of this receiver.
error tracker::check_header(const patch_header& h) {
  if (h.page_shift != page_shift_)
    return fail(error::page_size_mismatch, "page_size_mismatch: the sender's pages are %llu bytes, ours %llu",
                1ull << h.page_shift, 1ull << page_shift_);
  // 10a: the same atomic units (§3.2, §5.3).
  if (h.version == format::version_units && units_.empty())
    return fail(error::unit_mismatch,
                "unit_mismatch: the sender's region has atomic units (digest %016llx); this one merges per run",
                ull{h.units_digest});
  if (h.version == format::version_units && h.units_digest != units_.digest())
    return fail(error::unit_mismatch, "unit_mismatch: the sender's units (digest %016llx) differ from ours (%016llx)",
                ull{h.units_digest}, ull{units_.digest()});
  if (h.version != format::version_units && !units_.empty())
    return fail(error::unit_mismatch,
                "unit_mismatch: the sender merges per run (a version-1 batch); this region has atomic units");
  const uint64_t region_bytes = h.region_pages << page_shift_;
  if (region_bytes > capacity_)
    return fail(error::region_too_large, "region_too_large: the sender's region is %llu bytes, our capacity %llu",
                ull{region_bytes}, ull{capacity_});
  if (clock_.merged_size(h.clock) > format::max_clock_entries)
    return fail(error::out_of_range, "out_of_range: the merged clock would have %llu peers (at most %llu)",
                ull{clock_.merged_size(h.clock)}, ull{format::max_clock_entries});
  return error::ok;
}

// The newest stamp among region bytes [b, e) is older than s: the unit wins
// and is written whole; otherwise none of it is. Decided once per unit and
// batch (decided_), before the batch writes any of the unit.
bool tracker::unit_wins(const unit_range& u, stamp s) {
  if (decided_.valid && decided_.begin == u.begin) return decided_.wins;
  bool wins = true;
  const uint64_t page = uint64_t{1} << page_shift_;
  for (uint64_t p = u.begin >> page_shift_; wins && p <= (u.end - 1) >> page_shift_ && p < stamps_.size(); ++p) {
    const uint64_t page_begin = p << page_shift_;
    const auto lo = static_cast<uint32_t>(std::max(u.begin, page_begin) - page_begin);
    const auto hi = static_cast<uint32_t>(std::min(u.end, page_begin + page) - page_begin);
    const fallible_vector<stamped_span>& spans = stamps_[p];
    const stamped_span* it =
        std::partition_point(spans.data(), spans.data() + spans.size(), [lo](const stamped_span& x) { return x.end <= lo; });
    for (; it != spans.data() + spans.size() && it->begin < hi; ++it)
      if (!(it->s < s)) {
        wins = false;
        break;
      }
  }
  decided_ = {true, u.begin, wins};
  return wins;
}

// `pg` without the units the batch loses (a unit is written whole or not at
// all); bytes outside every unit are kept, for the per-byte rule.
const patch_page& tracker::resolve_units(const patch_page& pg, stamp s) {
  resolved_.index = pg.index;
  resolved_.ranges.clear();
  resolved_.data.clear();
  const uint64_t page_begin = uint64_t{pg.index} << page_shift_;
  size_t last = SIZE_MAX; // the range the last kept piece came from
  for (size_t r = 0; r < pg.ranges.size(); ++r) {
    const uint64_t a = page_begin + pg.ranges[r].offset, b = a + pg.ranges[r].length;
    auto keep = [&](uint64_t x, uint64_t y) {
      if (x >= y) return;
      const auto offset = static_cast<uint32_t>(x - page_begin), length = static_cast<uint32_t>(y - x);
      if (last == r && resolved_.ranges.back().offset + resolved_.ranges.back().length == offset) {
        resolved_.ranges.back().length += length; // pieces of one range that touch stay one
        return;
      }
      resolved_.ranges.push_back({offset, length});
      resolved_.data.push_back(pg.data[r] + (x - a));
      last = r;
    };
    for (uint64_t pos = a; pos < b;) {
      unit_range u;
      if (!units_.next(pos, u) || u.begin >= b) {
        keep(pos, b);
        break;
      }
      if (u.begin > pos) keep(pos, u.begin);
      pos = std::max(pos, u.begin);
      const uint64_t stop = std::min(u.end, b);
      if (unit_wins(u, s)) keep(pos, stop);
      pos = stop;
    }
  }
  return resolved_;
}

void tracker::write_page(const patch_page& pg, stamp s) {
  const size_t p = pg.index;
  uint8_t* current = base_ + (p << page_shift_);
  uint8_t* synced = shadow(p);
  bool wrote = false;
  write_stamps(stamps_[p], pg.ranges, s, stamp_scratch_, [&](size_t r, uint32_t offset, uint32_t length) {
    const uint8_t* from = pg.data[r] + (offset - pg.ranges[r].offset);
    detail::copy_small(current + offset, from, length);
    detail::copy_small(synced + offset, from, length);
    wrote = true;
  });
  if (wrote) set_bit(stale_, p);
}

// Reads the batch twice (three times when it grows the region, for the new
// pages' stamps), so that its size never decides what apply() keeps
// in memory (only the pages it writes do). The first pass checks every page
// (§6 step 13) and makes room in the stamps of the pages it writes (at most
// a page's worth each); room is only memory, so a failure is reported after
// the checks, as step 14. Then the region's growth (the memory behind it,
// the per-page state of the new pages, bounded by the capacity that
// check_header enforced, and the stamps of new pages the first pass could
// not reserve, read again) and the clock (at most 4096 entries). Every error
// returns before the second pass, which writes.
error tracker::apply(std::span<const uint8_t> batch) {
  message_.clear();
  if (error e = reader_.open(batch); e != error::ok) return fail(e, "%s", reader_.message());
  const patch_header& h = reader_.header();
  if (error e = check_header(h); e != error::ok) return e;
  // A batch this region already holds: checked whole, then skipped.
  const uint64_t counter = sender_counter(h);
  if (covered_.covers(h.sender, counter) && (h.region_pages << page_shift_) <= size_) {
    if (error e = reader_.check_pages(); e != error::ok) return fail(e, "%s", reader_.message());
    ++skipped_;
    return error::ok;
  }
  const stamp s{clock_time(h.clock), h.sender};
  const size_t have = hashes_.size(); // pages with state, at least the region's
  const bool units = !units_.empty();
  // What the batch writes of each page: with units, without the units it
  // loses (units lie inside the initial region, so pages past `have` have
  // none).
  auto writes = [&](const patch_page& pg) -> const patch_page& { return units ? resolve_units(pg, s) : pg; };
  bool room = true, new_pages = false, whole = true;
  unit_range split{};
  coverage_.reset();
  decided_.valid = false;
  while (reader_.next_page(page_)) {
    if (units && whole) whole = coverage_.add(units_, uint64_t{page_.index} << page_shift_, page_.ranges, split);
    if (page_.index < have)
      room = room && reserve_stamps(page_.index, writes(page_).ranges, s);
    else
      new_pages = true;
  }
  if (reader_.status() != error::ok) return fail(reader_.status(), "%s", reader_.message());
  if (units && whole) whole = coverage_.finish(units_, split);
  if (!whole)
    return fail(error::unit_mismatch,
                "unit_mismatch: the batch writes part of unit [%llu, %llu) and not all of it: the sender's units "
                "differ from ours",
                ull{split.begin}, ull{split.end});

  const uint64_t region_bytes = h.region_pages << page_shift_;
  if (region_bytes > size_ && !on_grow_(grow_context_, base_, size_, static_cast<size_t>(region_bytes)))
    return fail(error::grow_failed, "grow_failed: the memory behind the region could not grow to %llu bytes",
                ull{region_bytes});
  if (!ensure_pages(static_cast<size_t>(h.region_pages)))
    return fail(error::out_of_memory, "out_of_memory: no memory for the shadow of a region of %llu bytes",
                ull{region_bytes});
  if (room && new_pages) {
    reader_.rewind();
    while (room && reader_.next_page(page_))
      if (page_.index >= have) room = reserve_stamps(page_.index, writes(page_).ranges, s);
  }
  if (!room) return fail(error::out_of_memory, "out_of_memory: no memory for the stamps this batch writes");
  clock_.reserve_merge(h.clock);

  if (region_bytes > size_) grow_region(static_cast<size_t>(region_bytes), true);
  reader_.rewind();
  decided_.valid = false;
  while (reader_.next_page(page_)) write_page(writes(page_), s);
  clock_.merge(h.clock);
  newest_ = std::max(newest_, s);
  announced_pages_ = std::max<size_t>(announced_pages_, static_cast<size_t>(h.region_pages));
  covered_.add(h.sender, counter);
  return error::ok;
}

} // namespace karmem::sync
