// The memory the exchange lives in, and the atomic operations on it.
//
// In a wasm32 module it is the module's own linear memory, which every
// module of the exchange imports: address = offset, and growing is
// memory.grow. Natively (tests, ThreadSanitizer) it is a caller's buffer
// reserved at its largest size, whose usable size grows by a callback. The
// exchange code is the same in both; only this file knows the difference.
//
// Everything shared is read and written with std::atomic_ref: in a module
// linked for threads these are wasm atomics; in a single-threaded module
// (built without -matomics) the compiler lowers them to plain accesses.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cerrno>
#include <cstring>

#if !defined(__wasm__) && defined(__linux__)
#include <climits>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#endif

namespace karmem::exchange {

class memory {
public:
  // Grows the usable size to at least `bytes`; false when it cannot.
  using grow_fn = bool (*)(void *context, uint64_t bytes);
  using size_fn = uint64_t (*)(void *context);

  // A caller's buffer (native): `size` and `grow` report and extend how much
  // of it is usable; the buffer itself never moves.
  memory(std::byte *base, size_fn size, grow_fn grow, void *context) noexcept
      : base_(reinterpret_cast<uintptr_t>(base)), size_(size), grow_(grow), context_(context) {}

#if defined(__wasm__)
  // The module's linear memory (memory 0).
  static memory linear() noexcept { return memory(); }
#endif

  std::byte *at(uint32_t offset) const noexcept {
    // Integer to pointer, never base + offset: in wasm32 the base is 0, and
    // arithmetic on a null pointer is undefined.
    return reinterpret_cast<std::byte *>(base_ + offset);
  }
  uint32_t offset_of(const std::byte *p) const noexcept { return uint32_t(reinterpret_cast<uintptr_t>(p) - base_); }

  uint64_t size() const noexcept {
#if defined(__wasm__)
    if (!size_)
      return uint64_t(__builtin_wasm_memory_size(0)) * 65536;
#endif
    return size_(context_);
  }

  // Makes at least `bytes` usable. Regions and modules never move.
  bool ensure(uint64_t bytes) const noexcept {
    if (bytes <= size())
      return true;
#if defined(__wasm__)
    if (!grow_) {
      const uint64_t pages = (bytes - size() + 65535) / 65536;
      return pages <= 65536 && __builtin_wasm_memory_grow(0, size_t(pages)) != size_t(-1);
    }
#endif
    return grow_(context_, bytes);
  }

  // Whether [offset, offset + n) lies inside the usable memory.
  bool contains(uint64_t offset, uint64_t n) const noexcept { return offset + n <= size(); }

private:
#if defined(__wasm__)
  memory() noexcept = default;
#endif
  uintptr_t base_ = 0;
  size_fn size_ = nullptr;
  grow_fn grow_ = nullptr;
  void *context_ = nullptr;
};

// Atomic access to a shared word at p (naturally aligned by the layout).
template <class T> std::atomic_ref<T> shared(std::byte *p) noexcept { return std::atomic_ref<T>(*reinterpret_cast<T *>(p)); }

// Plain little-endian access for fields written once before they are
// published (under a lock or before a release store).
template <class T> T load(const std::byte *p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T> void store(std::byte *p, T v) noexcept { std::memcpy(p, &v, sizeof v); }

// A spin lock in shared memory: 0 free, else the holder's module id (ids
// start at 1; the host holds it as 0xFFFFFFFF; an id of 0 is written as 1).
// Held only for a few stores (a table change, a publish), so spinning beats
// sleeping.
class lock_guard {
public:
  lock_guard(std::byte *word, uint32_t holder) noexcept : word_(word) {
    uint32_t expected = 0;
    while (!shared<uint32_t>(word_).compare_exchange_weak(expected, holder ? holder : 1, std::memory_order_acquire)) {
      expected = 0;
#if defined(__x86_64__)
      __builtin_ia32_pause();
#endif
    }
  }
  ~lock_guard() { shared<uint32_t>(word_).store(0, std::memory_order_release); }
  lock_guard(const lock_guard &) = delete;
  lock_guard &operator=(const lock_guard &) = delete;

private:
  std::byte *word_;
};

// Blocks while the u32 at `word` equals `expected`, at most `timeout_ns`
// (negative: forever). Returns false on timeout. May return early (a
// spurious wake): callers look again.
inline bool wait_while_equal(std::byte *word, uint32_t expected, int64_t timeout_ns) noexcept {
#if defined(__wasm__) && defined(__wasm_atomics__)
  return __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int *>(word), int(expected), timeout_ns) != 2;
#elif defined(__wasm__)
  (void)word, (void)expected, (void)timeout_ns; // one thread: nobody can publish while we wait
  return false;
#elif defined(__linux__)
  timespec ts{}, *limit = nullptr;
  if (timeout_ns >= 0) {
    ts.tv_sec = time_t(timeout_ns / 1000000000);
    ts.tv_nsec = long(timeout_ns % 1000000000);
    limit = &ts;
  }
  const long r = syscall(SYS_futex, reinterpret_cast<uint32_t *>(word), FUTEX_WAIT, expected, limit, nullptr, 0);
  return !(r == -1 && errno == ETIMEDOUT);
#else
#error "karmem/exchange: no wait primitive for this platform"
#endif
}

inline void wake_all(std::byte *word) noexcept {
#if defined(__wasm__) && defined(__wasm_atomics__)
  __builtin_wasm_memory_atomic_notify(reinterpret_cast<int *>(word), ~0u);
#elif defined(__wasm__)
  (void)word;
#elif defined(__linux__)
  syscall(SYS_futex, reinterpret_cast<uint32_t *>(word), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
#endif
}

} // namespace karmem::exchange
