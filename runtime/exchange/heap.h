// An allocator over one fixed arena: first fit over size-binned free lists,
// boundary tags (each chunk records its own and its predecessor's size) so a
// freed chunk merges with free neighbours at once. It never touches a byte
// outside the arena and never grows it: when nothing fits, it returns null.
//
// Not thread-safe: a module instance runs on one thread, and each instance
// has its own heap. malloc.cpp puts the module's malloc & co on top of it.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace karmem::module_heap {

inline constexpr uint32_t bin_count = 32;

struct heap {
  uintptr_t base = 0;    // the first chunk; base + 8 is 16-aligned
  uint32_t end = 0;      // offset of the end marker from base (0: no arena)
  uint32_t bins[bin_count]; // head of the free list of chunks of [2^i, 2^(i+1)) bytes
};

struct stats {
  uint32_t free_bytes, largest_free, free_chunks, used_chunks;
  bool consistent;
};

// Lays the arena out in [begin, end) as one free chunk.
void init(heap &h, uintptr_t begin, uintptr_t end) noexcept;
// null when nothing fits; `align` is a power of two.
void *allocate(heap &h, size_t n, size_t align) noexcept;
// p came from this heap (or is null); anything else traps instead of
// corrupting the heap.
void release(heap &h, void *p) noexcept;
// realloc: in place when the chunk or its free successor suffices; null
// (and p untouched) when nothing fits.
void *resize(heap &h, void *p, size_t n) noexcept;
size_t usable_size(const heap &h, const void *p) noexcept;
stats walk(const heap &h) noexcept;

} // namespace karmem::module_heap
