// The module's malloc & co: all ten allocator symbols of wasi-libc (defining
// fewer pulls libc's dlmalloc.o in, whose symbols then collide), over the
// arena [__heap_base, karmem_module_limit()) of this module's range. libc++'s
// operator new lands here too. Out of memory is null with errno = ENOMEM;
// the arena never grows into a neighbour's range.
//
// Not thread-safe: one module instance runs on one thread (a second thread
// is a second instance, with its own range and heap).
#include "heap.h"
#include "karmem_module.h"

#include <errno.h>
#include <string.h>

#if !defined(__wasm__)
#error "malloc.cpp replaces the C library's allocator of a wasm32 exchange module only"
#endif

extern "C" unsigned char __heap_base; // wasm-ld: the first byte after data and stack

namespace {

karmem::module_heap::heap arena;
bool ready = false;

karmem::module_heap::heap &heap() {
  if (!ready) {
    uintptr_t end = karmem_module_limit();
    // The module is linked with --initial-memory=limit, so the memory already
    // covers the range; if someone instantiated it in a smaller memory anyway,
    // grow, and failing that keep to what exists.
    const uint64_t have = uint64_t(__builtin_wasm_memory_size(0)) * 65536;
    if (have < end && __builtin_wasm_memory_grow(0, size_t((end - have + 65535) / 65536)) == size_t(-1))
      end = uintptr_t(have);
    karmem::module_heap::init(arena, reinterpret_cast<uintptr_t>(&__heap_base), end);
    ready = true;
  }
  return arena;
}

bool power_of_two(size_t n) { return n && !(n & (n - 1)); }

} // namespace

extern "C" {

void *malloc(size_t n) {
  void *p = karmem::module_heap::allocate(heap(), n, 16);
  if (!p)
    errno = ENOMEM;
  return p;
}

void free(void *p) { karmem::module_heap::release(heap(), p); }

void *calloc(size_t count, size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) {
    errno = ENOMEM;
    return nullptr;
  }
  // Not malloc() + memset: the compiler may fold that pair back into calloc.
  void *p = karmem::module_heap::allocate(heap(), n, 16);
  if (!p) {
    errno = ENOMEM;
    return nullptr;
  }
  return memset(p, 0, n);
}

void *realloc(void *p, size_t n) {
  void *q = karmem::module_heap::resize(heap(), p, n);
  if (!q)
    errno = ENOMEM;
  return q;
}

void *aligned_alloc(size_t align, size_t n) {
  if (!power_of_two(align)) {
    errno = EINVAL;
    return nullptr;
  }
  void *p = karmem::module_heap::allocate(heap(), n, align);
  if (!p)
    errno = ENOMEM;
  return p;
}

int posix_memalign(void **out, size_t align, size_t n) {
  if (!power_of_two(align) || align % sizeof(void *))
    return EINVAL;
  void *p = karmem::module_heap::allocate(heap(), n, align);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

size_t malloc_usable_size(void *p) { return karmem::module_heap::usable_size(heap(), p); }

void *__libc_malloc(size_t n) { return malloc(n); }
void __libc_free(void *p) { free(p); }
void *__libc_calloc(size_t count, size_t size) { return calloc(count, size); }

void karmem_module_heap_stats_get(karmem_module_heap_stats *out) {
  const karmem::module_heap::heap &h = heap();
  const karmem::module_heap::stats s = karmem::module_heap::walk(h);
  out->arena_begin = uint32_t(h.base);
  out->arena_end = uint32_t(h.base + h.end + 8); // the end marker's 8 bytes included
  out->free_bytes = s.free_bytes;
  out->largest_free = s.largest_free;
  out->free_chunks = s.free_chunks;
  out->used_chunks = s.used_chunks;
  out->consistent = s.consistent;
}

} // extern "C"
