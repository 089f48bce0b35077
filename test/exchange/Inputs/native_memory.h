// A stand-in for a shared linear memory in native tests: one buffer reserved
// at its largest size (so nothing ever moves), of which `size` bytes are
// usable; grow() extends that, as memory.grow would.
#pragma once

#include "karmem/exchange/memory.h"

#include <atomic>
#include <cstdlib>
#include <memory>

struct native_memory {
  explicit native_memory(uint64_t capacity, uint64_t initial)
      : bytes(static_cast<std::byte *>(std::aligned_alloc(65536, capacity))), capacity(capacity), usable(initial) {
    std::memset(bytes, 0, capacity);
  }
  ~native_memory() { std::free(bytes); }

  karmem::exchange::memory view() {
    return karmem::exchange::memory(
        bytes, [](void *c) -> uint64_t { return static_cast<native_memory *>(c)->usable.load(); },
        [](void *c, uint64_t n) {
          auto *m = static_cast<native_memory *>(c);
          if (n > m->capacity)
            return false;
          uint64_t cur = m->usable.load();
          while (cur < n && !m->usable.compare_exchange_weak(cur, (n + 65535) / 65536 * 65536)) {
          }
          return true;
        },
        this);
  }

  std::byte *bytes;
  uint64_t capacity;
  std::atomic<uint64_t> usable;
};
