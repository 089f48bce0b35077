// karmem::sync — keeps a region of memory identical across peers by shipping
// only what changed.
//
// A tracker watches a region [base, base + size) split into pages (a power of
// two, 1-64 KiB, default 8 KiB). For every page it keeps an XXH3-64 hash and a
// shadow copy of the last synced bytes. scan() finds the pages whose hash
// changed (or, in scan_mode::marked, only the 64-byte blocks given to
// mark_dirty), diffs them against the shadow into byte runs and returns one
// patch batch;
// apply() takes a batch from another peer. Batches may arrive in any order,
// twice, or after a drop and a resend: every peer that has applied the same
// set of batches holds the same bytes. Concurrent writes are resolved per
// byte: the write of the later batch wins (vector-clock time, then the higher
// peer id), so two peers writing different bytes of one page both keep their
// writes; or, in a region with atomic units (options::units,
// karmem/sync/units.h), per unit: the whole unit comes from the later batch.
// docs/sync-patch-format.md specifies the bytes and the rule.
//
//   auto t = karmem::sync::tracker::create(/*peer*/ 1, base, size, {});
//   std::vector<uint8_t> batch;
//   t->scan(karmem::sync::scan_mode::full, batch);   // empty: nothing changed
//   other->apply(batch);                             // error::ok or why not
//
// Ownership: the caller owns the region's memory; the tracker owns its hashes,
// shadow and stamps (about size + size/page_size*8 bytes, plus stamps for the
// bytes peers wrote). The tracker is not thread-safe. The C ABI is in
// karmem/sync/c_api.h; the JavaScript host module in runtime/js/sync.mjs.
#pragma once

#include "karmem/sync/batch_coverage.h"
#include "karmem/sync/clock.h"
#include "karmem/sync/detail/unit_map.h"
#include "karmem/sync/error.h"
#include "karmem/sync/fallible_vector.h"
#include "karmem/sync/patch_reader.h"
#include "karmem/sync/patch_writer.h"
#include "karmem/sync/stamps.h"
#include "karmem/sync/units.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace karmem::sync {

// Called when a peer's batch needs the region to grow from `old_size` to
// `new_size` bytes (never past the capacity). Returns false when the memory
// [base, base + new_size) cannot be made available; the batch is then
// rejected with error::grow_failed and nothing changes.
using grow_handler = bool (*)(void* context, uint8_t* base, size_t old_size, size_t new_size);

// The default: in wasm32, grows linear memory (memory.grow) until it holds
// base + new_size; natively, does nothing and succeeds (the creator promised
// that [base, base + capacity) is addressable).
bool default_grow(void* context, uint8_t* base, size_t old_size, size_t new_size);

struct options {
  uint32_t page_size = 8192; // power of two, 1024 .. 65536
  // The largest size the region may grow to (0: its initial size). The bytes
  // [base, base + capacity) belong to the region's future: nothing else may
  // live there, and growth through a peer's batch zeroes them.
  size_t capacity = 0;
  grow_handler on_grow = default_grow;
  void* grow_context = nullptr;
  // How concurrent writes are resolved: per run (the default), or per atomic
  // unit (karmem/sync/units.h). Every peer must use the same units; they lie
  // inside the initial size.
  unit_policy units;
};

enum class scan_mode {
  full,   // hash every page; diff those whose hash changed
  marked, // diff only the 64-byte blocks given to mark_dirty since the last
          // scan, hashing nothing. Changes outside marked blocks are not
          // reported by it; the next full scan finds them.
};

// What the last scan() did, for callers that want to know (and benchmarks).
struct scan_stats {
  uint64_t pages_hashed = 0;
  uint64_t pages_diffed = 0;
  uint64_t pages_changed = 0;
  uint64_t runs = 0;          // maximal runs of changed bytes
  uint64_t tokens = 0;        // runs after merging (what the batch holds)
  uint64_t bytes_changed = 0;
  uint64_t bytes_sent = 0;    // bytes the batch carries: the changed ones, plus the
                              // unchanged bytes of the units they touch
};

class tracker {
public:
  // Starts tracking [base, base + size): the current bytes become the synced
  // baseline (peers must start from the same bytes). `base` and `size` must be
  // multiples of the page size, 0 < size <= capacity <= 4 GiB, and the peer id
  // unique among the peers. Returns null on a bad argument, with the reason
  // in *err and *message when given.
  static std::unique_ptr<tracker> create(uint32_t peer, void* base, size_t size, const options& opts,
                                         error* err = nullptr, std::string* message = nullptr);
  ~tracker();
  tracker(const tracker&) = delete;
  tracker& operator=(const tracker&) = delete;

  // Notes that [p, p + n) may have changed, for scan_mode::marked (which
  // looks at the 64-byte blocks these bytes touch). Bytes outside the region
  // are ignored. Cost: one bit per block touched.
  void mark_dirty(const void* p, size_t n) noexcept;

  // Finds what changed since the last scan and writes one batch to `batch`
  // (left empty when nothing changed and the region did not grow). Local
  // writes become synced: a later scan does not report them again.
  error scan(scan_mode mode, std::vector<uint8_t>& batch);

  // Applies a batch from a peer. The whole batch is checked, and all the
  // memory its writes need is allocated, first: on any error (out_of_memory
  // included) the region, the shadow, the stamps and the clock are unchanged
  // and last_error() says why. Applying a batch again changes nothing: a
  // valid batch this region already holds (made or applied here, or covered
  // by an applied snapshot) is checked, then skipped (skipped()). Local
  // writes that no scan has reported yet are overwritten where the batch wins
  // (scan before applying to publish them first).
  error apply(std::span<const uint8_t> batch);

  // Replaces the units given at create (options::units), before this peer
  // has made or applied any batch (invalid_argument afterwards, or for units
  // that break the rules of karmem/sync/units.h; nothing changes then). For
  // the C ABI, whose create takes no units.
  error set_units(const unit_policy& policy);

  // Grows the region to `new_size` bytes (a page multiple, at most the
  // capacity) after the caller made that memory available. New pages start
  // from an all-zero baseline: whatever they hold is reported by the next scan.
  error resize(size_t new_size);

  // Checks a batch of `n` bytes from its first bytes, before a host copies
  // (and allocates room for) the rest: what patch_reader::check_head checks,
  // then that n is at most max_batch_bytes() (out_of_memory otherwise: no
  // valid batch for this region is that long, so the host should not
  // allocate it). apply() would reject such batches too, with the same
  // errors; this only makes the rejection cheap.
  error check_head(std::span<const uint8_t> head, size_t n);
  // The longest batch this region could accept (format::max_batch_bytes for
  // its page size and capacity).
  uint64_t max_batch_bytes() const noexcept;

  // Snapshots (catch-up for late joiners and restarts;
  // docs/sync-snapshot-format.md, implemented in snapshot.cpp).
  //
  // Writes a snapshot of the synced state to `out`: the bytes every batch
  // made or applied here wrote, with their stamps, the vector clock, the
  // batches it covers and the region size. Local writes no scan has
  // reported are not in it (scan first). Never fails on a valid tracker.
  error snapshot(std::vector<uint8_t>& out) const;
  // Merges a snapshot into this region: each byte the snapshot holds is
  // written where its stamp is newer than the byte's (the result is what
  // applying every batch the snapshot covers would have given, for a fresh
  // peer, one restarted from its initial bytes, or one with state of its
  // own); the region grows to the snapshot's size; the clock and the covered
  // batches are merged. All or nothing like apply(): the whole snapshot is
  // checked and the memory its writes need reserved first; a snapshot of
  // another page size, a corrupt one, one past the capacity or of an
  // unsupported version changes nothing and last_error() says why.
  // Work: linear in the snapshot's bytes plus the stamps of the pages it
  // touches; memory: at most a page's worth of spans beyond what the merged
  // stamps keep, and a stamp table bounded by the snapshot's own length.
  error apply_snapshot(std::span<const uint8_t> snapshot);
  // check_head and max_batch_bytes for snapshots: the longest snapshot this
  // region accepts is snapshot_format::max_snapshot_bytes (about 76 KiB +
  // 19-23 x the capacity); a longer one is out_of_memory from its first bytes.
  error check_snapshot_head(std::span<const uint8_t> head, size_t n);
  uint64_t max_snapshot_bytes() const noexcept;
  // Valid batches apply() skipped because this region already held them (a
  // duplicate, or a batch covered by an applied snapshot), since create.
  uint64_t skipped() const noexcept { return skipped_; }

  std::span<const clock_entry> clock() const noexcept { return clock_.entries(); }
  uint32_t peer() const noexcept { return peer_; }
  uint8_t* base() const noexcept { return base_; }
  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return capacity_; }
  uint32_t page_size() const noexcept { return uint32_t{1} << page_shift_; }
  const scan_stats& last_scan() const noexcept { return stats_; }
  // The message of the last failed call ("" after a success).
  const char* last_error() const noexcept { return message_.c_str(); }

private:
  friend class snapshot_applier; // snapshot.cpp
  tracker() = default;
  error fail(error e, const char* fmt, ...) __attribute__((format(printf, 3, 4)));
  uint8_t* shadow(size_t page) const noexcept;
  bool ensure_pages(size_t pages);
  bool add_shadow(size_t pages);
  bool reserve_stamps(size_t page, std::span<const byte_range> ranges, stamp s);
  void grow_region(size_t new_size, bool zero_memory);
  error check_header(const patch_header& h);
  void write_page(const patch_page& page, stamp s);
  bool configure_units(const unit_policy& policy, size_t size, std::string& why);
  void send_page(size_t page, std::span<const byte_range> ranges, stamp own, bool hashed);
  void send_unit_pages(stamp own, bool hashed);
  const patch_page& resolve_units(const patch_page& page, stamp s);
  bool unit_wins(const unit_range& u, stamp s);

  uint32_t peer_ = 0;
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  uint32_t page_shift_ = 13;
  grow_handler on_grow_ = nullptr;
  void* grow_context_ = nullptr;

  // Per-page state, for hashes_.size() pages: the region's, plus any a
  // rejected batch's growth prepared (kept, as a never-used page is: zero
  // shadow, zero-page hash, no stamps, no marks). Its size follows the
  // region (at most the capacity, which the creator chose) and a batch can
  // only make it grow by announcing a larger region; fallible_vector makes
  // every such growth all or nothing. Shadow, hash and stamp spans for the
  // bytes one batch can add are bounded below where they are declared.
  fallible_vector<uint64_t> hashes_;                      // per page: XXH3 of its shadow
  fallible_vector<uint64_t> stale_;                       // bit per page: hash not up to date
  fallible_vector<std::unique_ptr<uint8_t[]>> chunks_;    // the shadow, in chunks of pages
  size_t shadow_pages_ = 0;                               // pages the chunks hold (>= hashes_.size())
  // Per page, its stamps: at most one span per byte of the page (spans are
  // disjoint and non-empty), however many batches a peer sends, so a page's
  // stamps never exceed page size * 24 bytes; apply() reserves what a batch
  // adds before it writes (reserve_stamps), and refuses the batch when that
  // memory is not there.
  fallible_vector<fallible_vector<stamped_span>> stamps_;
  fallible_vector<uint64_t> dirty_bits_;                  // bit per page: marked
  fallible_vector<uint32_t> dirty_list_;                  // the marked pages, unordered (room for every page)
  fallible_vector<uint64_t> dirty_blocks_;                // per page: bit per marked 64-byte block
  size_t block_words_ = 1;                                // words of dirty_blocks_ per page
  uint64_t zero_page_hash_ = 0;
  size_t announced_pages_ = 0; // region size of the last batch made or applied

  vector_clock clock_;
  patch_writer writer_;
  patch_reader reader_;
  // The page apply() reads into; reserved at create for the most ranges a
  // page can yield (format::max_page_ranges: 48 KiB at 8 KiB pages, 384 KiB
  // at 64 KiB), so no batch makes it grow.
  patch_page page_;
  std::vector<byte_range> runs_;
  stamp newest_{}; // the newest stamp any page holds (or held): see reserve_stamps
  fallible_vector<stamped_span> stamp_scratch_; // write_stamps' output, at most a page's worth of spans
  scan_stats stats_;
  std::string message_;

  // Atomic units (empty: per run). A scan of a region with units collects
  // every changed page's runs first (scan_pages_, scan_runs_: the local
  // writes, like the batch they become), then widens them to whole units,
  // which may cross pages. apply() checks that a batch writes whole units
  // (coverage_) and drops the units it loses (resolved_, reserved at create
  // for format::max_page_ranges ranges: the pieces left are separated by
  // the dropped units, so no page yields more).
  unit_map units_;
  struct scan_page {
    uint32_t page, first, count; // runs [first, first + count) of scan_runs_
  };
  std::vector<scan_page> scan_pages_;
  std::vector<byte_range> scan_runs_;
  std::vector<byte_range> unit_runs_;
  unit_coverage coverage_;
  patch_page resolved_;
  // The last unit apply() decided: a unit that crosses pages is decided once,
  // at its first page, before this batch writes any of it.
  struct {
    bool valid = false;
    uint64_t begin = 0;
    bool wins = false;
  } decided_;
  batch_coverage covered_; // the batches made or applied here, or in an applied snapshot
  uint64_t skipped_ = 0;
};

} // namespace karmem::sync
