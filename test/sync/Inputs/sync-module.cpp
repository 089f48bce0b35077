// A wasm32 reactor for the JavaScript tests: the sync runtime (linked whole)
// plus a few exports that write into memory the way an application would.
// Built with -DPAD=n, it allocates n bytes before anything else, so two
// builds place their regions at different addresses.
#include "karmem/sync/c_api.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#ifndef PAD
#define PAD 0
#endif

// Not static: the compiler must not drop allocations kept only here.
void* app_kept[64];
int app_kept_count = 0;

extern "C" {

// Reserves a region through the runtime (after PAD bytes of other data).
__attribute__((export_name("app_reserve"))) void* app_reserve(uint32_t capacity, uint32_t page_size) {
  if (PAD && app_kept_count == 0) app_kept[app_kept_count++] = std::malloc(PAD);
  return karmem_sync_reserve(capacity, page_size);
}

// Writes `len` pseudo-random bytes from `seed` at `at`, and marks them dirty
// when a tracker is given.
__attribute__((export_name("app_write"))) void app_write(karmem_sync* s, uint8_t* at, uint32_t len, uint32_t seed) {
  uint32_t x = seed * 2654435761u + 1;
  for (uint32_t i = 0; i < len; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    at[i] = static_cast<uint8_t>(x);
  }
  if (s) karmem_sync_mark_dirty(s, at, len);
}

// Allocates (and keeps) `n` bytes: makes the module grow its memory.
__attribute__((export_name("app_allocate"))) void* app_allocate(uint32_t n) {
  void* p = std::malloc(n);
  if (p && app_kept_count < 64) app_kept[app_kept_count++] = p;
  if (p) std::memset(p, 1, n);
  return p;
}

} // extern "C"
