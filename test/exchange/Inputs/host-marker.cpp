// A module for the host tests: allocates through its own heap (std::string,
// std::vector, malloc, operator new), writes its marker byte MARK over every
// byte it allocated, and reports where, so the host can check that nothing
// outside the module's range changed and that its allocations stayed inside
// its arena.
#include <karmem_module.h>

#include <errno.h>
#include <new>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <string>
#include <vector>

#ifndef MARK
#error "compile with -DMARK=<byte>"
#endif
#define EXPORT(name) extern "C" __attribute__((export_name(#name)))

namespace {
std::vector<std::string> strings;
std::vector<unsigned char *> blocks;
std::vector<size_t> sizes;
uint32_t lowest = UINT32_MAX, highest = 0; // [lowest, highest) covers every allocation

void note(const void *p, size_t n) {
  const uint32_t a = uint32_t(uintptr_t(p));
  if (a < lowest) lowest = a;
  if (a + n > highest) highest = uint32_t(a + n);
}

// The compiler may drop an allocation whose pointer is only compared with
// null (assuming it succeeded); storing it here keeps every call real.
void *volatile sink;
bool obtained(void *p) {
  sink = p;
  return sink != nullptr;
}

karmem_module_heap_stats stats() {
  karmem_module_heap_stats s;
  karmem_module_heap_stats_get(&s);
  return s;
}

void keep(unsigned char *p, size_t n) {
  memset(p, MARK, n);
  blocks.push_back(p);
  sizes.push_back(n);
  note(p, n);
}
} // namespace

EXPORT(mark) uint32_t mark() { return MARK; }
EXPORT(range_base) uint32_t range_base() { return karmem_module_base(); }
EXPORT(range_limit) uint32_t range_limit() { return karmem_module_limit(); }
EXPORT(heap_begin) uint32_t heap_begin() { return stats().arena_begin; }
EXPORT(heap_end) uint32_t heap_end() { return stats().arena_end; }
EXPORT(heap_free) uint32_t heap_free() { return stats().free_bytes; }
EXPORT(heap_largest) uint32_t heap_largest() { return stats().largest_free; }
EXPORT(heap_used_chunks) uint32_t heap_used_chunks() { return stats().used_chunks; }
EXPORT(heap_consistent) uint32_t heap_consistent() { return stats().consistent; }
EXPORT(lowest_address) uint32_t lowest_address() { return lowest; }
EXPORT(highest_address) uint32_t highest_address() { return highest; }
EXPORT(grow) int32_t grow(uint32_t pages) { return int32_t(__builtin_wasm_memory_grow(0, pages)); }

// `count` strings and `count` malloc'd blocks of `block` bytes, plus one
// operator new[] array, all filled with MARK. Returns the bytes allocated.
EXPORT(fill) uint32_t fill(uint32_t count, uint32_t block) {
  uint32_t total = 0;
  strings.reserve(strings.size() + count);
  note(strings.data(), strings.capacity() * sizeof(std::string));
  for (uint32_t i = 0; i < count; ++i) {
    strings.emplace_back(32 + i % 200, char(MARK));
    note(strings.back().data(), strings.back().size());
    total += uint32_t(strings.back().size());
    if (auto *p = static_cast<unsigned char *>(malloc(block))) {
      keep(p, block);
      total += block;
    }
  }
  auto *arr = new unsigned char[4096];
  keep(arr, 4096);
  return total + 4096;
}

// Whether everything fill() and exhaust() kept still holds MARK.
EXPORT(check) uint32_t check() {
  for (const std::string &s : strings)
    for (char c : s)
      if ((unsigned char)c != MARK) return 0;
  for (size_t i = 0; i < blocks.size(); ++i)
    for (size_t j = 0; j < sizes[i]; ++j)
      if (blocks[i][j] != MARK) return 0;
  return 1;
}

// Allocates blocks of `block` bytes until malloc fails. Returns how many it
// got when the failure was a clean null with errno ENOMEM and the other
// entry points fail the same way; 0 otherwise.
EXPORT(exhaust) uint32_t exhaust(uint32_t block) {
  uint32_t got = 0;
  // Room for every block first: growing these vectors once the heap is full
  // would fail, and operator new without exceptions aborts.
  const size_t most = (stats().arena_end - stats().arena_begin) / block + 1;
  blocks.reserve(blocks.size() + most);
  sizes.reserve(sizes.size() + most);
  for (;;) {
    errno = 0;
    auto *p = static_cast<unsigned char *>(malloc(block));
    if (!p) break;
    keep(p, block);
    ++got;
  }
  if (errno != ENOMEM) return 0;
  errno = 0;
  if (obtained(calloc(1, block)) || errno != ENOMEM) return 0;
  errno = 0;
  if (obtained(aligned_alloc(64, block)) || errno != ENOMEM) return 0;
  void *q = nullptr;
  if (posix_memalign(&q, 64, block) != ENOMEM || obtained(q)) return 0;
  if (obtained(new (std::nothrow) unsigned char[block])) return 0;
  errno = 0;
  if (obtained(realloc(blocks.back(), 2 * size_t(block))) || errno != ENOMEM) return 0;
  return got;
}

// Huge requests fail cleanly whatever the arena holds.
EXPORT(huge) uint32_t huge() {
  errno = 0;
  if (obtained(malloc(SIZE_MAX)) || errno != ENOMEM) return 0;
  errno = 0;
  if (obtained(calloc(SIZE_MAX / 2, 3)) || errno != ENOMEM) return 0;
  errno = 0;
  if (obtained(malloc(0xFFFFFFF0u)) || errno != ENOMEM) return 0;
  errno = 0;
  if (obtained(realloc(nullptr, SIZE_MAX - 4)) || errno != ENOMEM) return 0;
  return 1;
}

EXPORT(release_all) void release_all() {
  for (unsigned char *p : blocks) free(p);
  blocks.clear();
  sizes.clear();
  std::vector<std::string>().swap(strings);
  std::vector<unsigned char *>().swap(blocks);
  std::vector<size_t>().swap(sizes);
}
