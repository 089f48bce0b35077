/* Snapshots through the C ABI, from C: a late joiner catches up from a
 * snapshot (through the input buffer, its head checked first) plus the
 * batches, the covered ones skipped; null arguments, another page size, a
 * damaged snapshot and a head claiming a huge one are refused with their
 * codes and messages, changing nothing.
 *
 * RUN: %clang -std=c11 -Wall -Wextra -Werror -I%runtime-include -c %s -o %t.o
 * RUN: %clangxx %t.o %sync-lib-native -o %t && %t | FileCheck %s
 */
#include "karmem/sync/c_api.h"

#include <stdio.h>
#include <string.h>

#define EXPECT(cond)                                                                                                   \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      printf("FAIL line %d: %s\n", __LINE__, #cond);                                                                   \
      return 1;                                                                                                        \
    }                                                                                                                  \
  } while (0)

enum { page = 4096, region = 4 * page, capacity = 8 * page };

/* Copies a snapshot in as a host would (head first) and applies it. */
static int32_t host_apply_snapshot(karmem_sync* s, const uint8_t* bytes, size_t n) {
  size_t head = n < KARMEM_SYNC_HEAD_BYTES ? n : KARMEM_SYNC_HEAD_BYTES;
  uint8_t* in = karmem_sync_snapshot_input(s, head);
  if (!in) return 12;
  memcpy(in, bytes, head);
  int32_t code = karmem_sync_check_snapshot_head(s, in, head, n);
  if (code != 0) return code;
  in = karmem_sync_snapshot_input(s, n);
  if (!in) return 12;
  memcpy(in, bytes, n);
  return karmem_sync_apply_snapshot(s, in, n);
}

static int same(karmem_sync* x, karmem_sync* y) {
  if (karmem_sync_size(x) != karmem_sync_size(y) || karmem_sync_clock_count(x) != karmem_sync_clock_count(y)) return 0;
  for (uint32_t i = 0; i < karmem_sync_clock_count(x); ++i)
    if (karmem_sync_clock_peer(x, i) != karmem_sync_clock_peer(y, i) ||
        karmem_sync_clock_counter(x, i) != karmem_sync_clock_counter(y, i))
      return 0;
  return memcmp(karmem_sync_base(x), karmem_sync_base(y), karmem_sync_size(x)) == 0;
}

int main(void) {
  uint8_t* a = (uint8_t*)karmem_sync_reserve(capacity, page);
  uint8_t* b = (uint8_t*)karmem_sync_reserve(capacity, page);
  uint8_t* c = (uint8_t*)karmem_sync_reserve(capacity, page);
  karmem_sync* sa = karmem_sync_create(1, a, region, capacity, page);
  karmem_sync* sb = karmem_sync_create(2, b, region, capacity, page);
  karmem_sync* sc = karmem_sync_create(3, c, region, capacity, page);
  EXPECT(sa && sb && sc);

  /* A and B exchange three rounds; the batches are kept for the joiner. */
  static uint8_t log[6][4096];
  size_t log_size[6];
  for (int i = 0; i < 6; ++i) {
    karmem_sync* from = i % 2 ? sb : sa;
    karmem_sync* to = i % 2 ? sa : sb;
    uint8_t* mem = i % 2 ? b : a;
    memset(mem + 100 * i + 3, 'a' + i, 20 + i);
    memset(mem + 2 * page + 7 * i, 'A' + i, 3);
    if (i == 4) EXPECT(karmem_sync_resize(from, 6 * page) == 0);
    if (i == 4) memcpy(mem + 5 * page + 1, "grown", 5);
    EXPECT(karmem_sync_scan(from, 0) == 0 && karmem_sync_batch_size(from) <= sizeof log[i]);
    log_size[i] = karmem_sync_batch_size(from);
    memcpy(log[i], karmem_sync_batch_data(from), log_size[i]);
    EXPECT(karmem_sync_apply(to, log[i], log_size[i]) == 0);
  }
  EXPECT(same(sa, sb));

  /* C joins: B's snapshot, then every batch, each skipped as covered. */
  EXPECT(karmem_sync_snapshot(sb) == 0 && karmem_sync_snapshot_size(sb) > 0);
  static uint8_t snap[65536];
  size_t snap_size = karmem_sync_snapshot_size(sb);
  EXPECT(snap_size <= sizeof snap);
  memcpy(snap, karmem_sync_snapshot_data(sb), snap_size);
  karmem_sync_snapshot_free(sb);
  EXPECT(karmem_sync_snapshot_size(sb) == 0);
  EXPECT(host_apply_snapshot(sc, snap, snap_size) == 0);
  EXPECT(same(sb, sc) && karmem_sync_size(sc) == 6 * page);
  for (int i = 5; i >= 0; --i) EXPECT(karmem_sync_apply(sc, log[i], log_size[i]) == 0);
  // CHECK: joiner: identical, 6 of 6 batches skipped
  printf("joiner: %s, %llu of 6 batches skipped\n", same(sb, sc) ? "identical" : "different",
         (unsigned long long)karmem_sync_skipped(sc));
  EXPECT(karmem_sync_skipped(sc) == 6);

  /* C writes; A and B apply it as usual (not covered anywhere). */
  memcpy(c + 9, "late", 4);
  EXPECT(karmem_sync_scan(sc, 0) == 0);
  EXPECT(karmem_sync_apply(sa, karmem_sync_batch_data(sc), karmem_sync_batch_size(sc)) == 0);
  EXPECT(karmem_sync_skipped(sa) == 0 && memcmp(a + 9, "late", 4) == 0);
  /* The same batch again is skipped. */
  EXPECT(karmem_sync_apply(sa, karmem_sync_batch_data(sc), karmem_sync_batch_size(sc)) == 0);
  EXPECT(karmem_sync_skipped(sa) == 1);

  /* Refusals: nothing changes. */
  uint8_t before[6 * page];
  memcpy(before, c, sizeof before);
  EXPECT(karmem_sync_apply_snapshot(NULL, snap, snap_size) == 10);
  EXPECT(karmem_sync_snapshot(NULL) == 10 && karmem_sync_snapshot_data(NULL) == NULL);
  EXPECT(karmem_sync_apply_snapshot(sc, NULL, 5) == 10);
  // CHECK-NEXT: null: invalid_argument: a null snapshot of 5 bytes
  printf("null: %s\n", karmem_sync_last_error(sc));

  uint8_t* d = (uint8_t*)karmem_sync_reserve(capacity, 2 * page);
  karmem_sync* sd = karmem_sync_create(4, d, region, capacity, 2 * page);
  memset(d + 10, 1, 10);
  EXPECT(sd && karmem_sync_scan(sd, 0) == 0 && karmem_sync_snapshot(sd) == 0);
  // CHECK-NEXT: other page size: 6 page_size_mismatch: page_size_mismatch: the snapshot's pages are 8192 bytes, ours 4096
  int32_t code = host_apply_snapshot(sc, karmem_sync_snapshot_data(sd), karmem_sync_snapshot_size(sd));
  printf("other page size: %d %s: %s\n", code, karmem_sync_error_name(code), karmem_sync_last_error(sc));

  snap[snap_size / 2] ^= 1;
  code = host_apply_snapshot(sc, snap, snap_size);
  // CHECK-NEXT: damaged: checksum_mismatch
  printf("damaged: %s\n", karmem_sync_error_name(code));
  snap[snap_size / 2] ^= 1;

  uint8_t huge[16] = {0};
  memcpy(huge, snap, 6);
  memcpy(huge + 6, "\xff\xff\xff\xff\x0f", 5); /* total length 2^32 - 1 */
  code = karmem_sync_check_snapshot_head(sc, huge, sizeof huge, 0xFFFFFFFFu);
  // CHECK-NEXT: huge: out_of_memory: out_of_memory: a 4294967295-byte snapshot is longer than any this region accepts
  printf("huge: %s: %s\n", karmem_sync_error_name(code), karmem_sync_last_error(sc));
  // CHECK-NEXT: huge buffer: refused: out_of_memory: no input buffer of 4294967295 bytes: no snapshot
  printf("huge buffer: %s: %s\n", karmem_sync_snapshot_input(sc, 0xFFFFFFFFu) ? "given" : "refused",
         karmem_sync_last_error(sc));
  EXPECT(memcmp(before, c, sizeof before) == 0 && karmem_sync_skipped(sc) == 6 && karmem_sync_size(sc) == 6 * page);

  karmem_sync_destroy(sa);
  karmem_sync_destroy(sb);
  karmem_sync_destroy(sc);
  karmem_sync_destroy(sd);
  karmem_sync_release(a);
  karmem_sync_release(b);
  karmem_sync_release(c);
  karmem_sync_release(d);
  return 0;
}
