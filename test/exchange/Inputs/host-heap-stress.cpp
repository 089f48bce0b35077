// Random traffic through every entry point of the module heap: malloc,
// calloc, realloc (growing, shrinking, from null), aligned_alloc,
// posix_memalign, free, malloc_usable_size. Each live block holds a pattern
// seeded per allocation, checked before it is resized or freed, so two
// blocks that overlapped, or a realloc that lost bytes, show up as a wrong
// byte. Every block must lie in the arena and be aligned as asked.
#include <karmem_module.h>

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPORT(name) extern "C" __attribute__((export_name(#name)))

namespace {
constexpr int live_max = 1500;
struct block {
  unsigned char *p;
  uint32_t size, seed;
};
block live[live_max];
uint64_t state;

uint32_t next() { // xorshift64*
  state ^= state >> 12, state ^= state << 25, state ^= state >> 27;
  return uint32_t((state * 2685821657736338717ull) >> 32);
}

uint32_t random_size() {
  const uint32_t r = next() % 100;
  if (r < 60) return next() % 64;
  if (r < 90) return next() % 4096;
  if (r < 99) return next() % 65536;
  return next() % (1u << 20);
}

void paint(const block &b, uint32_t from) {
  for (uint32_t i = from; i < b.size; ++i) b.p[i] = uint8_t(b.seed + i * 31);
}
bool intact(const block &b, uint32_t n) {
  for (uint32_t i = 0; i < n; ++i)
    if (b.p[i] != uint8_t(b.seed + i * 31)) return false;
  return true;
}

karmem_module_heap_stats heap;
bool placed(const void *p, uint32_t size, uint32_t align) {
  const uintptr_t a = uintptr_t(p);
  return a >= heap.arena_begin && a + size <= heap.arena_end && a % align == 0 && malloc_usable_size(const_cast<void *>(p)) >= size;
}
} // namespace

// 0 when every step checked out, else the step's number (1-based) times 8
// plus what failed: 1 placement, 2 contents, 3 bookkeeping, 4 unexpected
// failure, 5 the arena not whole at the end.
EXPORT(stress) uint32_t stress(uint32_t seed, uint32_t steps) {
  state = 0x9E3779B97F4A7C15ull ^ seed;
  karmem_module_heap_stats_get(&heap);
  const uint32_t whole = heap.free_bytes;
  for (uint32_t step = 1; step <= steps; ++step) {
    block &b = live[next() % live_max];
    const uint32_t fail = step * 8;
    if (!b.p) {
      const uint32_t size = random_size(), op = next() % 5;
      uint32_t align = 16;
      void *p = nullptr;
      switch (op) {
      case 0: p = malloc(size); break;
      case 1:
        p = calloc(size, 1);
        if (p)
          for (uint32_t i = 0; i < size; ++i)
            if (static_cast<unsigned char *>(p)[i]) return fail + 2;
        break;
      case 2: p = realloc(nullptr, size); break;
      case 3: align = 32u << (next() % 8); p = aligned_alloc(align, size); break;
      default: align = 8u << (next() % 10); if (posix_memalign(&p, align, size)) p = nullptr; break;
      }
      if (!p) {
        if (errno != ENOMEM) return fail + 4;
        continue; // the arena is full at the moment: fine, things get freed
      }
      if (!placed(p, size, align < 16 ? 16 : align)) return fail + 1;
      b = block{static_cast<unsigned char *>(p), size, next()};
      paint(b, 0);
    } else if (!intact(b, b.size)) {
      return fail + 2;
    } else if (next() % 3) {
      free(b.p);
      b.p = nullptr;
    } else {
      const uint32_t size = random_size();
      void *p = realloc(b.p, size);
      if (!p) {
        if (errno != ENOMEM || !intact(b, b.size)) return fail + 4;
        continue;
      }
      b.p = static_cast<unsigned char *>(p);
      if (!placed(p, size, 16) || !intact(b, size < b.size ? size : b.size)) return fail + 1;
      const uint32_t old = b.size;
      b.size = size;
      if (size > old) paint(b, old);
    }
    if (step % 997 == 0) {
      karmem_module_heap_stats s;
      karmem_module_heap_stats_get(&s);
      if (!s.consistent) return fail + 3;
    }
  }
  for (block &b : live) {
    if (b.p && !intact(b, b.size)) return 2;
    free(b.p);
    b.p = nullptr;
  }
  karmem_module_heap_stats s;
  karmem_module_heap_stats_get(&s);
  if (!s.consistent || s.free_chunks != 1 || s.free_bytes != whole) return 5;
  return 0;
}
