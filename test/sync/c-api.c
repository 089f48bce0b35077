/* The C ABI from C: two trackers over two buffers exchange a batch; bad
 * arguments and a damaged batch report their error codes and messages.
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

int main(void) {
  // CHECK: version 1
  printf("version %u\n", karmem_sync_version());
  uint8_t* a = (uint8_t*)karmem_sync_reserve(8 * 4096, 4096);
  uint8_t* b = (uint8_t*)karmem_sync_reserve(8 * 4096, 4096);
  EXPECT(a && b && a[100] == 0);

  EXPECT(karmem_sync_create(1, a, 4 * 4096, 8 * 4096, 3000) == NULL);
  // CHECK-NEXT: create: invalid_argument: page size 3000 is not a power of two from 1024 to 65536
  printf("create: %s\n", karmem_sync_create_error());

  karmem_sync* sa = karmem_sync_create(1, a, 4 * 4096, 8 * 4096, 4096);
  karmem_sync* sb = karmem_sync_create(2, b, 4 * 4096, 8 * 4096, 4096);
  EXPECT(sa && sb && karmem_sync_page_size(sa) == 4096 && karmem_sync_size(sa) == 4 * 4096);
  EXPECT(karmem_sync_capacity(sb) == 8 * 4096 && karmem_sync_peer(sb) == 2 && karmem_sync_base(sb) == b);

  memcpy(a + 5000, "karmem", 6);
  karmem_sync_mark_dirty(sa, a + 5000, 6);
  EXPECT(karmem_sync_scan(sa, 1) == 0 && karmem_sync_batch_size(sa) > 0);
  EXPECT(karmem_sync_scan_stat(sa, 0) == 0 && karmem_sync_scan_stat(sa, 5) == 6);
  size_t n = karmem_sync_batch_size(sa);
  uint8_t* in = karmem_sync_input_buffer(sb, n);
  memcpy(in, karmem_sync_batch_data(sa), n);
  EXPECT(karmem_sync_apply(sb, in, n) == 0 && memcmp(a, b, 4 * 4096) == 0);
  EXPECT(karmem_sync_clock_count(sb) == 1 && karmem_sync_clock_peer(sb, 0) == 1 && karmem_sync_clock_counter(sb, 0) == 1);
  // CHECK-NEXT: applied: karmem
  printf("applied: %.6s\n", (const char*)b + 5000);

  in[n - 1] ^= 1;
  int32_t e = karmem_sync_apply(sb, in, n);
  // CHECK-NEXT: damaged: 4 checksum_mismatch: checksum_mismatch at byte
  printf("damaged: %d %s: %s\n", e, karmem_sync_error_name(e), karmem_sync_last_error(sb));
  // CHECK-NEXT: mode: 10 invalid_argument: the scan mode is 0 (full) or 1 (marked)
  e = karmem_sync_scan(sa, 7);
  printf("mode: %d %s\n", e, karmem_sync_last_error(sa));
  // CHECK-NEXT: resize: 10 invalid_argument: size 40960 exceeds the capacity 32768
  e = karmem_sync_resize(sa, 10 * 4096);
  printf("resize: %d %s\n", e, karmem_sync_last_error(sa));
  // CHECK-NEXT: unknown code: unknown
  printf("unknown code: %s\n", karmem_sync_error_name(99));

  karmem_sync_destroy(sa);
  karmem_sync_destroy(sb);
  karmem_sync_release(a);
  karmem_sync_release(b);
  return 0;
}
