/* What an exchange module knows about itself (docs/exchange-layout.md §2).
 *
 * karmem_add_exchange_module (cmake/KarmemExchange.cmake) links every
 * exchange module with module_info.cpp, heap.cpp and malloc.cpp from this
 * directory and puts it on the include path, so C and C++ modules can ask for
 * their own range and the state of their heap. Tests: test/exchange/link-*,
 * test/exchange/host-heap-*.
 */
#ifndef KARMEM_MODULE_H
#define KARMEM_MODULE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The custom section `karmem.module`: five little-endian u32. */
#define KARMEM_MODULE_MAGIC 0x444F4D4Bu /* "KMOD" */
#define KARMEM_MODULE_VERSION 1u
#define KARMEM_MODULE_FLAG_THREADS 1u /* linked with --shared-memory */

/* The module's range [base, limit): its data, its stack, then its heap arena
 * from __heap_base to limit. The same numbers as in its karmem.module section. */
uint32_t karmem_module_base(void);
uint32_t karmem_module_limit(void);
uint32_t karmem_module_flags(void);

/* A walk over the module's heap. `consistent` is 0 when a chunk header or a
 * free list does not add up (something wrote over the heap's bookkeeping). */
typedef struct karmem_module_heap_stats {
  uint32_t arena_begin, arena_end; /* the chunks lie in [arena_begin, arena_end) */
  uint32_t free_bytes, largest_free, free_chunks, used_chunks;
  uint32_t consistent;
} karmem_module_heap_stats;

/* @pre out is not null. Not thread-safe, like the heap itself. */
void karmem_module_heap_stats_get(karmem_module_heap_stats *out);

#ifdef __cplusplus
}
#endif
#endif
