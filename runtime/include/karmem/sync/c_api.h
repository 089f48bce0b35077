/* The sync runtime's C ABI: the functions a host (runtime/js/sync.mjs, or C)
 * calls. In wasm32 builds every function is exported from the module under
 * its own name; link the runtime archive with -Wl,--whole-archive so they are
 * kept. Sizes and addresses are linear-memory offsets in wasm32.
 *
 * Errors are the karmem::sync::error numbers (karmem/sync/error.h): 0 is
 * success; karmem_sync_last_error() gives the message.
 *
 * Every function checks its arguments: a null handle, a null pointer with a
 * non-zero length, or a size no region can have is invalid_argument (10), or
 * for functions that return no code, a null / zero result; none of them
 * crashes or aborts on such input. */
#ifndef KARMEM_SYNC_C_API_H
#define KARMEM_SYNC_C_API_H

#include <stddef.h>
#include <stdint.h>

#if defined(__wasm__)
#define KARMEM_SYNC_EXPORT(name) __attribute__((export_name(#name), visibility("default")))
#else
#define KARMEM_SYNC_EXPORT(name) __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct karmem_sync karmem_sync; /* one tracker over one region */

/* Format version of the patches a per-run region writes (1); a region with
 * units writes version 2 (docs/sync-patch-format.md §3.2). */
KARMEM_SYNC_EXPORT(karmem_sync_version) uint32_t karmem_sync_version(void);

/* A tracker over [base, base + size) for peer `peer` with pages of
 * `page_size` bytes (0: 8192) that may grow to `capacity` bytes (0: size).
 * Null on failure: karmem_sync_create_error_code() is invalid_argument (a
 * page size that is not a power of two from 1024 to 65536, a size of 0 or not
 * a page multiple, a capacity below the size or past 4 GiB, a base that is
 * null or not page-aligned, or in wasm32 outside linear memory) or
 * out_of_memory; karmem_sync_create_error() says why. */
KARMEM_SYNC_EXPORT(karmem_sync_create)
karmem_sync* karmem_sync_create(uint32_t peer, void* base, size_t size, size_t capacity, uint32_t page_size);
/* Why the last karmem_sync_create or karmem_sync_reserve failed ("" and 0
 * after a success). */
KARMEM_SYNC_EXPORT(karmem_sync_create_error) const char* karmem_sync_create_error(void);
KARMEM_SYNC_EXPORT(karmem_sync_create_error_code) int32_t karmem_sync_create_error_code(void);
KARMEM_SYNC_EXPORT(karmem_sync_destroy) void karmem_sync_destroy(karmem_sync* s);

/* How concurrent writes are resolved (karmem/sync/units.h), set after
 * karmem_sync_create and before the first scan or apply that makes or takes
 * a batch; every peer must set the same units:
 *   KARMEM_SYNC_UNITS_PER_RUN (0)       per byte run (the default); the other
 *                                       arguments are 0
 *   KARMEM_SYNC_UNITS_WHOLE_REGION (1)  the region is one unit; the others 0
 *   KARMEM_SYNC_UNITS_RECORDS (2)       `count` records of `record_size` bytes
 *                                       from region offset `offset`; ranges null
 *   KARMEM_SYNC_UNITS_RANGES (3)        `count` units [ranges[2i], ranges[2i+1]),
 *                                       sorted and disjoint; offset and
 *                                       record_size 0
 * Units lie inside the region's current size. invalid_argument (nothing
 * changed; karmem_sync_last_error() says why) for an unknown kind, units
 * outside those rules, or a peer that already made or applied a batch. */
#define KARMEM_SYNC_UNITS_PER_RUN 0
#define KARMEM_SYNC_UNITS_WHOLE_REGION 1
#define KARMEM_SYNC_UNITS_RECORDS 2
#define KARMEM_SYNC_UNITS_RANGES 3
KARMEM_SYNC_EXPORT(karmem_sync_set_units)
int32_t karmem_sync_set_units(karmem_sync* s, int32_t kind, size_t offset, size_t record_size, size_t count,
                              const size_t* ranges);

/* Zeroed memory of `size` bytes (1 .. 4 GiB, rounded up to a page multiple)
 * aligned to `page_size` (a power of two from 1024 to 65536), for a region
 * and its future growth. Null on failure, with karmem_sync_create_error_code()
 * invalid_argument or out_of_memory. */
KARMEM_SYNC_EXPORT(karmem_sync_reserve) void* karmem_sync_reserve(size_t size, uint32_t page_size);
KARMEM_SYNC_EXPORT(karmem_sync_release) void karmem_sync_release(void* p);

KARMEM_SYNC_EXPORT(karmem_sync_mark_dirty) void karmem_sync_mark_dirty(karmem_sync* s, const void* p, size_t n);

/* mode 0: hash every page; mode 1: only pages marked dirty. On success the
 * batch (possibly empty: nothing changed) is at karmem_sync_batch_data() for
 * karmem_sync_batch_size() bytes, valid until the next call on `s`. */
KARMEM_SYNC_EXPORT(karmem_sync_scan) int32_t karmem_sync_scan(karmem_sync* s, int32_t mode);
KARMEM_SYNC_EXPORT(karmem_sync_batch_data) const uint8_t* karmem_sync_batch_data(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_batch_size) size_t karmem_sync_batch_size(const karmem_sync* s);

/* A host that receives a batch of `n` bytes copies its first
 * min(n, KARMEM_SYNC_HEAD_BYTES) bytes somewhere in memory and asks
 * karmem_sync_check_head whether to take the rest: 0, or the error
 * karmem_sync_apply would give from those bytes alone (bad_magic,
 * truncated: a header claiming more bytes than there are, malformed,
 * unsupported_version), or out_of_memory when n is longer than any batch
 * this region accepts (then nothing should be allocated for it). */
#define KARMEM_SYNC_HEAD_BYTES 16
KARMEM_SYNC_EXPORT(karmem_sync_check_head)
int32_t karmem_sync_check_head(karmem_sync* s, const uint8_t* head, size_t head_size, size_t n);

/* A buffer of at least `n` bytes owned by `s` where a host can copy a batch
 * before karmem_sync_apply, valid until the next call on `s` that takes a
 * size. Null (karmem_sync_last_error() says why; the code is out_of_memory)
 * when n is longer than any batch this region accepts or there is no room:
 * it never aborts, whatever n is. */
KARMEM_SYNC_EXPORT(karmem_sync_input_buffer) uint8_t* karmem_sync_input_buffer(karmem_sync* s, size_t n);
KARMEM_SYNC_EXPORT(karmem_sync_apply) int32_t karmem_sync_apply(karmem_sync* s, const uint8_t* batch, size_t n);
KARMEM_SYNC_EXPORT(karmem_sync_resize) int32_t karmem_sync_resize(karmem_sync* s, size_t new_size);
KARMEM_SYNC_EXPORT(karmem_sync_last_error) const char* karmem_sync_last_error(const karmem_sync* s);
/* The stable name of an error code ("truncated", ...; "unknown" past the list). */
KARMEM_SYNC_EXPORT(karmem_sync_error_name) const char* karmem_sync_error_name(int32_t code);

/* Snapshots (docs/sync-snapshot-format.md): catch-up for a peer that joins
 * late or restarts from its initial bytes.
 *
 * karmem_sync_snapshot writes a snapshot of the synced state (what the last
 * scan and applies left: scan first to include local writes); it is at
 * karmem_sync_snapshot_data() for karmem_sync_snapshot_size() bytes until the
 * next karmem_sync_snapshot or karmem_sync_snapshot_free on `s`. */
KARMEM_SYNC_EXPORT(karmem_sync_snapshot) int32_t karmem_sync_snapshot(karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_snapshot_data) const uint8_t* karmem_sync_snapshot_data(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_snapshot_size) size_t karmem_sync_snapshot_size(const karmem_sync* s);
/* Frees the snapshot's memory (a snapshot can be as large as the region). */
KARMEM_SYNC_EXPORT(karmem_sync_snapshot_free) void karmem_sync_snapshot_free(karmem_sync* s);
/* As karmem_sync_check_head, for a snapshot of `n` bytes: out_of_memory when
 * n is longer than any snapshot this region accepts (about 76 KiB + 19-23 x
 * the capacity), so that a host allocates nothing for it. */
KARMEM_SYNC_EXPORT(karmem_sync_check_snapshot_head)
int32_t karmem_sync_check_snapshot_head(karmem_sync* s, const uint8_t* head, size_t head_size, size_t n);
/* As karmem_sync_input_buffer (the same buffer), for a snapshot of `n` bytes:
 * null past the longest snapshot this region accepts. */
KARMEM_SYNC_EXPORT(karmem_sync_snapshot_input) uint8_t* karmem_sync_snapshot_input(karmem_sync* s, size_t n);
/* Merges a snapshot by stamps (tracker::apply_snapshot): 0, or the error
 * (page_size_mismatch, checksum_mismatch, truncated, malformed,
 * unsupported_version, bad_magic, out_of_range, region_too_large, ...), and
 * then nothing changed. */
KARMEM_SYNC_EXPORT(karmem_sync_apply_snapshot)
int32_t karmem_sync_apply_snapshot(karmem_sync* s, const uint8_t* snapshot, size_t n);
/* Valid patches karmem_sync_apply skipped since create because the region
 * already held them (a duplicate, or covered by an applied snapshot). */
KARMEM_SYNC_EXPORT(karmem_sync_skipped) uint64_t karmem_sync_skipped(const karmem_sync* s);

KARMEM_SYNC_EXPORT(karmem_sync_base) void* karmem_sync_base(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_size) size_t karmem_sync_size(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_capacity) size_t karmem_sync_capacity(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_page_size) uint32_t karmem_sync_page_size(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_peer) uint32_t karmem_sync_peer(const karmem_sync* s);

/* The vector clock: entry i's peer and counter, sorted by peer. */
KARMEM_SYNC_EXPORT(karmem_sync_clock_count) uint32_t karmem_sync_clock_count(const karmem_sync* s);
KARMEM_SYNC_EXPORT(karmem_sync_clock_peer) uint32_t karmem_sync_clock_peer(const karmem_sync* s, uint32_t i);
KARMEM_SYNC_EXPORT(karmem_sync_clock_counter) uint64_t karmem_sync_clock_counter(const karmem_sync* s, uint32_t i);

/* What the last scan did: 0 pages hashed, 1 pages diffed, 2 pages changed,
 * 3 runs, 4 tokens (runs after merging), 5 bytes changed, 6 bytes sent (the
 * changed ones plus the unchanged bytes of the units they touch). */
KARMEM_SYNC_EXPORT(karmem_sync_scan_stat) uint64_t karmem_sync_scan_stat(const karmem_sync* s, uint32_t which);

#ifdef __cplusplus
}
#endif

#endif /* KARMEM_SYNC_C_API_H */
