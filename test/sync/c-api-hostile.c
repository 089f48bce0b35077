/* The C ABI against hostile callers and batches, natively under ASan and
 * UBSan: invalid arguments to create / reserve (each invalid_argument, with
 * the code from karmem_sync_create_error_code), a null handle to every
 * function, null pointers with lengths, sizes that wrap, and batches that
 * declare huge sizes (a head claiming 2^40 bytes, input buffers of SIZE_MAX
 * and of more memory than there is). ASan refuses any single allocation over
 * 64 MiB here (returning null where the runtime asks without throwing, dying
 * where it does not), so the test also proves that none of these makes the
 * runtime try a large allocation it cannot survive. Then the trackers must
 * still sync.
 *
 * RUN: %clang -std=c11 -Wall -Wextra -Werror -I%runtime-include -c %s -o %t.o
 * RUN: %clangxx -fsanitize=address,undefined %t.o %sync-lib-asan -o %t
 * RUN: env ASAN_OPTIONS=allocator_may_return_null=1:max_allocation_size_mb=64 %t | FileCheck %s
 */
#include "karmem/sync/c_api.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define EXPECT(cond)                                                                                                   \
  do {                                                                                                                 \
    if (!(cond)) {                                                                                                     \
      printf("FAIL line %d: %s\n", __LINE__, #cond);                                                                   \
      return 1;                                                                                                        \
    }                                                                                                                  \
  } while (0)

enum { truncated = 1, bad_magic = 2, region_too_large = 8, invalid_argument = 10, out_of_memory = 12 };
#define PAGE 4096

static const char* name(int32_t code) { return karmem_sync_error_name(code); }

/* create must fail with invalid_argument, and say so. */
static int bad_create(const char* what, void* base, size_t size, size_t capacity, uint32_t page) {
  if (karmem_sync_create(1, base, size, capacity, page) != NULL) return printf("FAIL create %s: created\n", what), 0;
  const int32_t code = karmem_sync_create_error_code();
  printf("create %s: %s: %s\n", what, name(code), karmem_sync_create_error());
  return code == invalid_argument;
}

static int bad_reserve(const char* what, size_t size, uint32_t page, int32_t want) {
  if (karmem_sync_reserve(size, page) != NULL) return printf("FAIL reserve %s: reserved\n", what), 0;
  const int32_t code = karmem_sync_create_error_code();
  printf("reserve %s: %s: %s\n", what, name(code), karmem_sync_create_error());
  return code == want;
}

/* Moves one batch from `from` to `to` through to's input buffer. */
static int32_t deliver(karmem_sync* from, karmem_sync* to) {
  const size_t n = karmem_sync_batch_size(from);
  uint8_t* in = karmem_sync_input_buffer(to, n);
  if (!in) return -1;
  memcpy(in, karmem_sync_batch_data(from), n);
  return karmem_sync_apply(to, in, n);
}

int main(void) {
  setvbuf(stdout, NULL, _IONBF, 0); /* a failure's line survives a sanitizer's exit */
  uint8_t* a = (uint8_t*)karmem_sync_reserve(8 * PAGE, PAGE);
  uint8_t* b = (uint8_t*)karmem_sync_reserve(8 * PAGE, PAGE);
  uint8_t* c = (uint8_t*)karmem_sync_reserve(16 * PAGE, PAGE);
  EXPECT(a && b && c && karmem_sync_create_error_code() == 0);

  // CHECK: create page 3: invalid_argument: invalid_argument: page size 3 is not a power of two from 1024 to 65536
  EXPECT(bad_create("page 3", a, 4 * PAGE, 0, 3));
  // CHECK: create page 1000: invalid_argument
  EXPECT(bad_create("page 1000", a, 4 * PAGE, 0, 1000));
  // CHECK: create page 512: invalid_argument
  EXPECT(bad_create("page 512", a, 4 * PAGE, 0, 512));
  // CHECK: create page 2^17: invalid_argument
  EXPECT(bad_create("page 2^17", a, 4 * PAGE, 0, 1u << 17));
  // CHECK: create page 2^31: invalid_argument
  EXPECT(bad_create("page 2^31", a, 4 * PAGE, 0, 1u << 31));
  // CHECK: create null base: invalid_argument
  EXPECT(bad_create("null base", NULL, 4 * PAGE, 0, PAGE));
  // CHECK: create misaligned base: invalid_argument
  EXPECT(bad_create("misaligned base", a + 64, 4 * PAGE, 0, PAGE));
  // CHECK: create size 0: invalid_argument: invalid_argument: the region's size 0 is not a positive multiple
  EXPECT(bad_create("size 0", a, 0, 0, PAGE));
  // CHECK: create size 5000: invalid_argument
  EXPECT(bad_create("size 5000", a, 5000, 0, PAGE));
  // CHECK: create size -1: invalid_argument
  EXPECT(bad_create("size -1", a, SIZE_MAX, 0, PAGE));
  // CHECK: create capacity below size: invalid_argument
  EXPECT(bad_create("capacity below size", a, 4 * PAGE, 2 * PAGE, PAGE));
  // CHECK: create capacity 5 pages + 1: invalid_argument
  EXPECT(bad_create("capacity 5 pages + 1", a, 4 * PAGE, 5 * PAGE + 1, PAGE));
  // CHECK: create capacity 8 GiB: invalid_argument: invalid_argument: a capacity of 8589934592 bytes
  EXPECT(bad_create("capacity 8 GiB", a, 4 * PAGE, (size_t)1 << 33, PAGE));
  // CHECK: create capacity wrapping: invalid_argument
  EXPECT(bad_create("capacity wrapping", a, 4 * PAGE, SIZE_MAX - PAGE + 1, PAGE));

  // CHECK: reserve page 3: invalid_argument: invalid_argument: page size 3
  EXPECT(bad_reserve("page 3", 8 * PAGE, 3, invalid_argument));
  // CHECK: reserve page 0: invalid_argument
  EXPECT(bad_reserve("page 0", 8 * PAGE, 0, invalid_argument));
  // CHECK: reserve size 0: invalid_argument: invalid_argument: a region of 0 bytes (1 byte to 4 GiB)
  EXPECT(bad_reserve("size 0", 0, PAGE, invalid_argument));
  // CHECK: reserve size 8 GiB: invalid_argument
  EXPECT(bad_reserve("size 8 GiB", (size_t)1 << 33, PAGE, invalid_argument));
  // CHECK: reserve 1 GiB: out_of_memory: out_of_memory: no room for a 1073741824-byte region
  EXPECT(bad_reserve("1 GiB", (size_t)1 << 30, PAGE, out_of_memory));

  /* A null handle, to every function. */
  uint8_t bytes[32] = {0};
  EXPECT(karmem_sync_scan(NULL, 0) == invalid_argument && karmem_sync_apply(NULL, bytes, 5) == invalid_argument);
  EXPECT(karmem_sync_resize(NULL, PAGE) == invalid_argument);
  EXPECT(karmem_sync_check_head(NULL, bytes, 16, 16) == invalid_argument);
  EXPECT(karmem_sync_input_buffer(NULL, 5) == NULL && karmem_sync_batch_data(NULL) == NULL);
  EXPECT(karmem_sync_batch_size(NULL) == 0 && karmem_sync_base(NULL) == NULL && karmem_sync_size(NULL) == 0);
  EXPECT(karmem_sync_capacity(NULL) == 0 && karmem_sync_page_size(NULL) == 0 && karmem_sync_peer(NULL) == 0);
  EXPECT(karmem_sync_clock_count(NULL) == 0 && karmem_sync_clock_peer(NULL, 0) == 0);
  EXPECT(karmem_sync_clock_counter(NULL, 0) == 0 && karmem_sync_scan_stat(NULL, 0) == 0);
  karmem_sync_mark_dirty(NULL, a, 10);
  karmem_sync_destroy(NULL);
  // CHECK: null handle: invalid_argument: no tracker (a null karmem_sync*)
  printf("null handle: %s\n", karmem_sync_last_error(NULL));

  karmem_sync* sa = karmem_sync_create(1, a, 4 * PAGE, 8 * PAGE, PAGE);
  karmem_sync* sb = karmem_sync_create(2, b, 4 * PAGE, 8 * PAGE, PAGE);
  /* c says its region may grow to 1 GiB: its batches may be long, but no
   * growth happens here, so the memory behind it never needs to exist. */
  karmem_sync* sc = karmem_sync_create(3, c, 4 * PAGE, (size_t)1 << 30, PAGE);
  EXPECT(sa && sb && sc && karmem_sync_create_error_code() == 0);

  /* Null pointers with lengths, and lengths that wrap. */
  int32_t e = karmem_sync_apply(sa, NULL, 5);
  // CHECK: null batch: invalid_argument: invalid_argument: a null batch of 5 bytes
  printf("null batch: %s: %s\n", name(e), karmem_sync_last_error(sa));
  EXPECT(e == invalid_argument);
  EXPECT(karmem_sync_apply(sa, NULL, 0) == truncated);
  e = karmem_sync_check_head(sa, bytes, 3, 100);
  // CHECK: short head: invalid_argument: invalid_argument at byte 0: the head of a 100-byte batch is its first 16 bytes; 3 given
  printf("short head: %s: %s\n", name(e), karmem_sync_last_error(sa));
  EXPECT(e == invalid_argument && karmem_sync_check_head(sa, NULL, 0, 100) == invalid_argument);
  EXPECT(karmem_sync_resize(sa, SIZE_MAX) == invalid_argument && karmem_sync_resize(sa, 3) == invalid_argument);
  EXPECT(karmem_sync_scan(sa, -1) == invalid_argument && karmem_sync_scan(sa, 2) == invalid_argument);
  karmem_sync_mark_dirty(sa, NULL, SIZE_MAX);
  karmem_sync_mark_dirty(sa, (const void*)(uintptr_t)-16, SIZE_MAX);
  EXPECT(karmem_sync_clock_peer(sa, 1000) == 0 && karmem_sync_scan_stat(sa, 99) == 0);
  EXPECT(strcmp(name(-1), "unknown") == 0 && strcmp(name(14), "unknown") == 0 && strcmp(name(INT32_MAX), "unknown") == 0);
  EXPECT(strcmp(name(13), "unit_mismatch") == 0);
  /* Units: a null handle, an unknown kind, arguments a kind does not take,
   * ranges at a null pointer, more units than bytes: invalid_argument. */
  EXPECT(karmem_sync_set_units(NULL, KARMEM_SYNC_UNITS_WHOLE_REGION, 0, 0, 0, NULL) == invalid_argument);
  EXPECT(karmem_sync_set_units(sa, 4, 0, 0, 0, NULL) == invalid_argument &&
         karmem_sync_set_units(sa, -1, 0, 0, 0, NULL) == invalid_argument);
  EXPECT(karmem_sync_set_units(sa, KARMEM_SYNC_UNITS_WHOLE_REGION, 1, 0, 0, NULL) == invalid_argument);
  EXPECT(karmem_sync_set_units(sa, KARMEM_SYNC_UNITS_RANGES, 0, 0, 3, NULL) == invalid_argument);
  EXPECT(karmem_sync_set_units(sa, KARMEM_SYNC_UNITS_RANGES, 0, 0, SIZE_MAX, (const size_t*)16) == invalid_argument);
  EXPECT(karmem_sync_set_units(sa, KARMEM_SYNC_UNITS_RECORDS, 0, SIZE_MAX, SIZE_MAX, NULL) == invalid_argument);

  /* Heads that declare huge batches: the magic, version 1, page shift 12,
   * then a total length of 2^40 (varint 80 80 80 80 80 20). */
  const uint8_t huge_head[16] = {'K', 'S', 'Y', 'N', 1, 12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20};
  e = karmem_sync_check_head(sa, huge_head, 16, 20);
  // CHECK: 20 bytes claiming 2^40: truncated: truncated at byte 20: the batch has 20 bytes but its header says 1099511627776
  printf("20 bytes claiming 2^40: %s: %s\n", name(e), karmem_sync_last_error(sa));
  EXPECT(e == truncated);
  e = karmem_sync_check_head(sa, huge_head, 16, (size_t)1 << 40);
  // CHECK: 2^40 bytes: out_of_memory: out_of_memory: a 1099511627776-byte batch is longer than any this region accepts
  printf("2^40 bytes: %s: %s\n", name(e), karmem_sync_last_error(sa));
  EXPECT(e == out_of_memory);
  EXPECT(karmem_sync_check_head(sa, (const uint8_t*)"{\"json\": true }", 16, (size_t)1 << 40) == bad_magic);
  /* The same run through karmem_sync_apply on the 20 bytes themselves. */
  uint8_t short_batch[20] = {0};
  memcpy(short_batch, huge_head, sizeof huge_head);
  EXPECT(karmem_sync_apply(sa, short_batch, sizeof short_batch) == truncated);

  /* Input buffers nobody could fill. */
  EXPECT(karmem_sync_input_buffer(sa, SIZE_MAX) == NULL);
  // CHECK: SIZE_MAX buffer: out_of_memory: no input buffer of 18446744073709551615 bytes: no batch for this region is longer than
  printf("SIZE_MAX buffer: %s\n", karmem_sync_last_error(sa));
  EXPECT(karmem_sync_input_buffer(sa, (size_t)1 << 40) == NULL);
  /* Within what c's capacity allows, but more memory than there is. */
  EXPECT(karmem_sync_input_buffer(sc, (size_t)100 << 20) == NULL);
  // CHECK: 100 MiB buffer: out_of_memory: no room for a 104857600-byte input buffer
  printf("100 MiB buffer: %s\n", karmem_sync_last_error(sc));

  /* A real batch whose region is past sb's capacity. */
  EXPECT(karmem_sync_resize(sc, 12 * PAGE) == 0 && karmem_sync_scan(sc, 0) == 0);
  e = deliver(sc, sb);
  // CHECK: region past the capacity: region_too_large
  printf("region past the capacity: %s\n", name(e));
  EXPECT(e == region_too_large && karmem_sync_size(sb) == 4 * PAGE && karmem_sync_clock_count(sb) == 0);

  /* Still usable: a and b sync. */
  memcpy(a + 5000, "karmem", 6);
  memcpy(a + 3 * PAGE + 100, "sync", 4);
  EXPECT(karmem_sync_scan(sa, 0) == 0 && deliver(sa, sb) == 0);
  EXPECT(memcmp(a, b, 4 * PAGE) == 0 && karmem_sync_clock_count(sb) == 1);
  // CHECK: still in sync: karmem sync
  printf("still in sync: %.6s %.4s\n", (const char*)b + 5000, (const char*)b + 3 * PAGE + 100);

  /* The densest batch the writer makes (every other byte of every page, 1 KiB
   * pages) passes karmem_sync_check_head for a receiver whose capacity is its
   * size, where the longest batch it accepts is closest to the batch. */
  uint8_t* d = (uint8_t*)karmem_sync_reserve(4 * 1024, 1024);
  uint8_t* f = (uint8_t*)karmem_sync_reserve(4 * 1024, 1024);
  karmem_sync* sd = karmem_sync_create(4, d, 4 * 1024, 0, 1024);
  karmem_sync* sf = karmem_sync_create(5, f, 4 * 1024, 0, 1024);
  EXPECT(sd && sf);
  for (int i = 0; i < 4 * 1024; i += 2) d[i] = (uint8_t)(1 + i % 251);
  EXPECT(karmem_sync_scan(sd, 0) == 0);
  e = karmem_sync_check_head(sf, karmem_sync_batch_data(sd), 16, karmem_sync_batch_size(sd));
  // CHECK: densest batch: ok
  printf("densest batch: %s\n", name(e));
  EXPECT(e == 0 && deliver(sd, sf) == 0 && memcmp(d, f, 4 * 1024) == 0);
  karmem_sync_destroy(sd);
  karmem_sync_destroy(sf);
  karmem_sync_release(d);
  karmem_sync_release(f);

  karmem_sync_destroy(sa);
  karmem_sync_destroy(sb);
  karmem_sync_destroy(sc);
  karmem_sync_release(a);
  karmem_sync_release(b);
  karmem_sync_release(c);
  return 0;
}
