// The sync engine: the extra exports of karmem_sync_engine.wasm, a wasm32
// reactor that links the whole sync runtime (every karmem_sync_* export) and
// syncs a WebAssembly.Memory it does not own. runtime/js/memory-distributor.mjs
// keeps a mirror of the user's region in the engine's own memory, copies the
// user's bytes in before a scan, and around an apply copies in, then back,
// only the spans the batch (karmem_sync_engine_plan) or the snapshot
// (karmem_sync_engine_plan_snapshot) can write. Why a mirror:
// the engine cannot address a second memory (docs/sync-runtime.md, "Any
// WebAssembly.Memory"). Tests: test/sync/js-any-memory*.test.
#include "karmem/sync/c_api.h"
#include "karmem/sync/detail/xxh3.h"
#include "karmem/sync/fallible_vector.h"
#include "karmem/sync/patch_format.h"
#include "karmem/sync/patch_reader.h"
#include "karmem/sync/snapshot_reader.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace {

using karmem::sync::error;

// A peer name is at most this many UTF-8 bytes: names are identifiers, and
// the bound keeps the scratch buffer below fixed (the host checks it first).
constexpr size_t max_name_bytes = 1024;
uint8_t name_bytes[max_name_bytes];

// Where the host writes a message of its own (an error found on its side,
// such as the user's memory refusing to grow), NUL-terminated.
char host_note[256];

// The last plan: per page of the batch, its index and the span [begin, end)
// of page offsets its runs cover. A batch holds at most one entry per page
// of the sender's region (pages strictly increase), and the host has
// checked its length against max_batch_bytes before copying it in.
struct plan_state {
  karmem::sync::patch_reader reader;
  karmem::sync::patch_page page;
  karmem::sync::snapshot_reader snapshot;
  karmem::sync::snapshot_page snapshot_page;
  uint32_t version = 0;     // the snapshot's format version (1 or 2)
  uint64_t units_digest = 0; // version 2's units digest
  karmem::sync::fallible_vector<uint32_t> spans; // 3 per page
  uint32_t page_shift = 0;
  uint64_t region_pages = 0;
};
plan_state plan;

int32_t code(error e) { return static_cast<int32_t>(e); }

} // namespace

extern "C" {

// Page-aligned room for a mirror of `capacity` bytes (a multiple of
// `page_size`, a power of two from 1024 to 65536), or null. Not zeroed: the
// host copies the user's bytes over [0, size) before the tracker starts, a
// peer's growth zeroes what it adds (tracker::apply), and a local growth is
// copied in before it is scanned; so the rest stays untouched, and costs no
// resident memory until a growth reaches it. From malloc rather than a
// memory.grow of our own: wasi-libc's allocator claims all of linear memory
// up to its end when it starts, which may be after such a grow.
__attribute__((export_name("karmem_sync_engine_mirror"))) void* karmem_sync_engine_mirror(size_t capacity,
                                                                                           uint32_t page_size) {
  if (!karmem::sync::format::valid_page_size(page_size) || capacity == 0 || capacity % page_size != 0) return nullptr;
  return std::aligned_alloc(page_size, capacity);
}

// Where the host copies a peer name of `n` bytes before karmem_sync_engine_peer_id
// (null past max_name_bytes).
__attribute__((export_name("karmem_sync_engine_name_buffer"))) uint8_t* karmem_sync_engine_name_buffer(size_t n) {
  return n <= max_name_bytes ? name_bytes : nullptr;
}

// A string peer name's u32 id: the low 32 bits of XXH3-64 (seed 0, default
// secret) of its UTF-8 bytes, the same function the patch checksum uses.
__attribute__((export_name("karmem_sync_engine_peer_id"))) uint32_t karmem_sync_engine_peer_id(const uint8_t* utf8,
                                                                                                size_t n) {
  if (!utf8 && n > 0) return 0;
  return static_cast<uint32_t>(karmem::sync::xxh3_64(utf8, n));
}

__attribute__((export_name("karmem_sync_engine_note"))) char* karmem_sync_engine_note(void) { return host_note; }

// Reads the batch at [batch, batch + n) with the runtime's checked reader
// and records its page spans. 0, or the reader's error (the host then lets
// karmem_sync_apply reject the batch with its own message), or out_of_memory.
__attribute__((export_name("karmem_sync_engine_plan"))) int32_t karmem_sync_engine_plan(const uint8_t* batch,
                                                                                         size_t n) {
  plan.spans.clear();
  plan.region_pages = 0;
  if (!batch && n > 0) return code(error::invalid_argument);
  if (error e = plan.reader.open({batch, n}); e != error::ok) return code(e);
  const karmem::sync::patch_header& h = plan.reader.header();
  plan.page_shift = h.page_shift;
  plan.region_pages = h.region_pages;
  if (plan.page.ranges.capacity() < karmem::sync::format::max_page_ranges(1u << h.page_shift)) {
    plan.page.ranges.reserve(karmem::sync::format::max_page_ranges(1u << h.page_shift));
    plan.page.data.reserve(karmem::sync::format::max_page_ranges(1u << h.page_shift));
  }
  while (plan.reader.next_page(plan.page)) {
    if (plan.page.ranges.empty()) continue;
    if (!plan.spans.reserve_growing(plan.spans.size() + 3)) return code(error::out_of_memory);
    const auto& last = plan.page.ranges.back();
    plan.spans.push_back(plan.page.index);
    plan.spans.push_back(plan.page.ranges.front().offset);
    plan.spans.push_back(last.offset + last.length);
  }
  return code(plan.reader.status());
}

// As karmem_sync_engine_plan, for a snapshot: reads it whole with the
// runtime's checked reader (every rule of docs/sync-snapshot-format.md §6 but
// those against the receiver) and records, per page entry, the span from its
// first span's begin to its last span's end, plus its version and units
// digest (so the host can tell before growing the user's memory that the
// tracker will refuse it). 0, or the reader's error.
__attribute__((export_name("karmem_sync_engine_plan_snapshot"))) int32_t
karmem_sync_engine_plan_snapshot(const uint8_t* snapshot, size_t n) {
  plan.spans.clear();
  plan.region_pages = 0;
  plan.version = 0;
  plan.units_digest = 0;
  if (!snapshot && n > 0) return code(error::invalid_argument);
  if (error e = plan.snapshot.open({snapshot, n}); e != error::ok) return code(e);
  const karmem::sync::snapshot_header& h = plan.snapshot.header();
  plan.page_shift = h.page_shift;
  plan.region_pages = h.region_pages;
  plan.version = h.version;
  plan.units_digest = h.units_digest;
  while (plan.snapshot.next_page(plan.snapshot_page)) {
    if (!plan.spans.reserve_growing(plan.spans.size() + 3)) return code(error::out_of_memory);
    plan.spans.push_back(plan.snapshot_page.index);
    plan.spans.push_back(plan.snapshot_page.spans[0].begin);
    plan.spans.push_back(plan.snapshot_page.spans.back().end);
  }
  return code(plan.snapshot.status());
}

// The last snapshot plan's format version and units digest (0 for version 1).
__attribute__((export_name("karmem_sync_engine_plan_version"))) uint32_t karmem_sync_engine_plan_version(void) {
  return plan.version;
}
__attribute__((export_name("karmem_sync_engine_plan_units_digest"))) uint64_t
karmem_sync_engine_plan_units_digest(void) {
  return plan.units_digest;
}

// The last plan: page entries (3 u32 each: page, begin, end), page shift and
// the sender's region size in pages.
__attribute__((export_name("karmem_sync_engine_plan_pages"))) uint32_t karmem_sync_engine_plan_pages(void) {
  return static_cast<uint32_t>(plan.spans.size() / 3);
}
__attribute__((export_name("karmem_sync_engine_plan_spans"))) const uint32_t* karmem_sync_engine_plan_spans(void) {
  return plan.spans.data();
}
__attribute__((export_name("karmem_sync_engine_plan_page_shift"))) uint32_t karmem_sync_engine_plan_page_shift(void) {
  return plan.page_shift;
}
// At most 2^22 (a 4 GiB region of 1 KiB pages), so it fits a u32.
__attribute__((export_name("karmem_sync_engine_plan_region_pages"))) uint32_t
karmem_sync_engine_plan_region_pages(void) {
  return static_cast<uint32_t>(plan.region_pages);
}

} // extern "C"
