// The arena allocator of heap.h.
//
// A chunk at offset o (from heap::base, a multiple of 16) is
//   o+0  u32 size of the previous chunk (0: o is the first chunk)
//   o+4  u32 size of this chunk, header included (a multiple of 16) | in_use
//   o+8  payload (16-aligned); a free chunk keeps its list links here:
//        o+8 next, o+12 previous (offsets, nil at the ends)
// An in-use header of size 0 ends the arena. Two free chunks are never
// adjacent: release() merges them.
#include "heap.h"

#include <string.h>

namespace karmem::module_heap {
namespace {

constexpr uint32_t header = 8, granule = 16, min_chunk = 16, in_use = 1, nil = 0xFFFFFFFFu;

uint32_t *word(const heap &h, uint32_t o, uint32_t at) { return reinterpret_cast<uint32_t *>(h.base + o + at); }
uint32_t &prev_size(const heap &h, uint32_t o) { return *word(h, o, 0); }
uint32_t &head(const heap &h, uint32_t o) { return *word(h, o, 4); }
uint32_t &next_free(const heap &h, uint32_t o) { return *word(h, o, 8); }
uint32_t &prev_free(const heap &h, uint32_t o) { return *word(h, o, 12); }
uint32_t size_of(const heap &h, uint32_t o) { return head(h, o) & ~(granule - 1); }
bool used(const heap &h, uint32_t o) { return head(h, o) & in_use; }
void *payload(const heap &h, uint32_t o) { return reinterpret_cast<void *>(h.base + o + header); }

uint32_t bin_of(uint32_t size) { return 31 - uint32_t(__builtin_clz(size)); }

void push(heap &h, uint32_t o) {
  const uint32_t b = bin_of(size_of(h, o)), first = h.bins[b];
  next_free(h, o) = first;
  prev_free(h, o) = nil;
  if (first != nil)
    prev_free(h, first) = o;
  h.bins[b] = o;
}

void unlink(heap &h, uint32_t o) {
  const uint32_t n = next_free(h, o), p = prev_free(h, o);
  if (p == nil)
    h.bins[bin_of(size_of(h, o))] = n;
  else
    next_free(h, p) = n;
  if (n != nil)
    prev_free(h, n) = p;
}

// Writes a chunk's header and its successor's back link.
void set_chunk(heap &h, uint32_t o, uint32_t size, uint32_t flags) {
  head(h, o) = size | flags;
  prev_size(h, o + size) = size;
}

// The chunk size for n payload bytes; 0 when no chunk could hold them.
uint32_t chunk_size(const heap &h, size_t n) {
  if (n > h.end)
    return 0;
  const uint64_t size = (uint64_t(n) + header + granule - 1) & ~uint64_t(granule - 1);
  return size > h.end ? 0 : size < min_chunk ? min_chunk : uint32_t(size);
}

// Marks the (unlinked) free chunk o used with `size` bytes, returning the rest
// to the free lists.
void take(heap &h, uint32_t o, uint32_t size) {
  const uint32_t have = size_of(h, o);
  if (have - size >= min_chunk) {
    set_chunk(h, o + size, have - size, 0);
    push(h, o + size);
    set_chunk(h, o, size, in_use);
  } else {
    set_chunk(h, o, have, in_use);
  }
}

// Frees the used chunk o, merging it with free neighbours.
void free_chunk(heap &h, uint32_t o) {
  uint32_t start = o, size = size_of(h, o);
  const uint32_t next = o + size;
  if (!used(h, next)) {
    unlink(h, next);
    size += size_of(h, next);
  }
  if (prev_size(h, o) != 0 && !used(h, o - prev_size(h, o))) {
    start = o - prev_size(h, o);
    unlink(h, start);
    size += size_of(h, start);
  }
  set_chunk(h, start, size, 0);
  push(h, start);
}

// The chunk of a pointer this heap handed out; traps on anything else (a
// double free, a foreign pointer, overwritten bookkeeping).
uint32_t chunk_of(const heap &h, const void *p) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  if (a < h.base + header || a >= h.base + h.end || (a - h.base - header) % granule)
    __builtin_trap();
  const uint32_t o = uint32_t(a - h.base - header), size = size_of(h, o);
  if (!used(h, o) || size < min_chunk || size > h.end - o || prev_size(h, o + size) != size)
    __builtin_trap();
  return o;
}

// First fit for `size` bytes whose payload can start at a multiple of
// `align` (> 16), leaving a gap before it large enough to be a chunk.
uint32_t find_aligned(heap &h, uint32_t size, uint32_t align, uint32_t &gap) {
  for (uint32_t b = bin_of(size); b < bin_count; ++b)
    for (uint32_t o = h.bins[b]; o != nil; o = next_free(h, o)) {
      const uintptr_t p = h.base + o + header;
      uintptr_t a = (p + align - 1) & ~uintptr_t(align - 1);
      if (a != p && a - p < min_chunk)
        a += align;
      gap = uint32_t(a - p);
      if (uint64_t(gap) + size <= size_of(h, o))
        return o;
    }
  return nil;
}

} // namespace

void init(heap &h, uintptr_t begin, uintptr_t end) noexcept {
  for (uint32_t &b : h.bins)
    b = nil;
  h.base = ((begin + header + granule - 1) & ~uintptr_t(granule - 1)) - header;
  h.end = 0;
  if (end < h.base + header + min_chunk + header)
    return; // no room for one chunk and the end marker: every allocation fails
  h.end = uint32_t((end - header - h.base) & ~uintptr_t(granule - 1));
  prev_size(h, 0) = 0;
  set_chunk(h, 0, h.end, 0);
  head(h, h.end) = in_use; // the end marker: size 0, never merged
  push(h, 0);
}

void *allocate(heap &h, size_t n, size_t align) noexcept {
  const uint32_t size = chunk_size(h, n);
  if (size == 0 || align > h.end)
    return nullptr;
  if (align > granule) {
    uint32_t gap = 0;
    uint32_t o = find_aligned(h, size, uint32_t(align), gap);
    if (o == nil)
      return nullptr;
    unlink(h, o);
    if (gap) { // the gap before the aligned payload becomes a free chunk
      const uint32_t have = size_of(h, o);
      set_chunk(h, o, gap, 0);
      push(h, o);
      o += gap;
      set_chunk(h, o, have - gap, 0);
    }
    take(h, o, size);
    return payload(h, o);
  }
  for (uint32_t b = bin_of(size); b < bin_count; ++b)
    for (uint32_t o = h.bins[b]; o != nil; o = next_free(h, o))
      if (size_of(h, o) >= size) {
        unlink(h, o);
        take(h, o, size);
        return payload(h, o);
      }
  return nullptr;
}

void release(heap &h, void *p) noexcept {
  if (p)
    free_chunk(h, chunk_of(h, p));
}

void *resize(heap &h, void *p, size_t n) noexcept {
  if (!p)
    return allocate(h, n, granule);
  const uint32_t o = chunk_of(h, p);
  const uint32_t size = chunk_size(h, n ? n : 1);
  if (size == 0)
    return nullptr;
  uint32_t have = size_of(h, o);
  const uint32_t next = o + have;
  if (have < size && !used(h, next) && have + size_of(h, next) >= size) {
    unlink(h, next); // grow in place into the free successor
    have += size_of(h, next);
    set_chunk(h, o, have, in_use);
  }
  if (have >= size) {
    if (have - size >= min_chunk) { // give the tail back
      set_chunk(h, o + size, have - size, in_use);
      set_chunk(h, o, size, in_use);
      free_chunk(h, o + size);
    }
    return p;
  }
  void *q = allocate(h, n, granule);
  if (q) {
    memcpy(q, p, have - header);
    free_chunk(h, o);
  }
  return q;
}

size_t usable_size(const heap &h, const void *p) noexcept {
  return p ? size_of(h, chunk_of(h, p)) - header : 0;
}

stats walk(const heap &h) noexcept {
  stats s{0, 0, 0, 0, true};
  if (h.end == 0)
    return s;
  uint64_t listed = 0; // free bytes reachable from the bins
  for (uint32_t b = 0; b < bin_count; ++b)
    for (uint32_t o = h.bins[b], prev = nil; o != nil; prev = o, o = next_free(h, o)) {
      if (o >= h.end || o % granule || used(h, o) || bin_of(size_of(h, o)) != b || prev_free(h, o) != prev ||
          listed > h.end) {
        s.consistent = false;
        return s;
      }
      listed += size_of(h, o);
    }
  uint32_t prev = 0;
  for (uint32_t o = 0; o < h.end;) {
    const uint32_t size = size_of(h, o);
    if (size < min_chunk || size > h.end - o || prev_size(h, o) != prev ||
        (!used(h, o) && o != 0 && !used(h, o - prev))) {
      s.consistent = false;
      return s;
    }
    if (used(h, o)) {
      ++s.used_chunks;
    } else {
      ++s.free_chunks;
      s.free_bytes += size;
      if (size > s.largest_free)
        s.largest_free = size;
    }
    prev = size;
    o += size;
  }
  s.consistent = s.consistent && listed == s.free_bytes && prev_size(h, h.end) == prev && head(h, h.end) == in_use;
  return s;
}

} // namespace karmem::module_heap
