// Helpers shared by the sync runtime's tests (native and wasm32): a check
// macro that names the failing line, a seeded PRNG, and page-aligned buffers.
#pragma once

#include "karmem/sync.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#define SYNC_CHECK(cond, ...)                                                                        \
  do {                                                                                               \
    if (!(cond)) {                                                                                   \
      std::printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);                                    \
      std::printf(__VA_ARGS__);                                                                      \
      std::printf("\n");                                                                             \
      std::exit(1);                                                                                  \
    }                                                                                                \
  } while (0)

namespace sync_test {

// xoshiro256** seeded by splitmix64: the same numbers natively and in wasm32.
class rng {
public:
  explicit rng(uint64_t seed) {
    for (auto& w : s_) {
      seed += 0x9E3779B97F4A7C15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      w = z ^ (z >> 31);
    }
  }
  uint64_t next() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n), n > 0.
  uint64_t below(uint64_t n) { return next() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }
  void fill(uint8_t* p, size_t n) {
    for (size_t i = 0; i < n; ++i) p[i] = static_cast<uint8_t>(next());
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Zeroed memory aligned to `align`, freed with free().
struct aligned_buffer {
  uint8_t* p = nullptr;
  size_t n = 0;
  aligned_buffer(size_t size, size_t align) : n(size) {
    p = static_cast<uint8_t*>(std::aligned_alloc(align, size));
    SYNC_CHECK(p != nullptr, "aligned_alloc(%zu, %zu)", align, size);
    std::memset(p, 0, size);
  }
  ~aligned_buffer() { std::free(p); }
  aligned_buffer(const aligned_buffer&) = delete;
  aligned_buffer& operator=(const aligned_buffer&) = delete;
};

inline std::unique_ptr<karmem::sync::tracker> make_tracker(uint32_t peer, uint8_t* base, size_t size,
                                                           uint32_t page_size, size_t capacity = 0) {
  karmem::sync::options o;
  o.page_size = page_size;
  o.capacity = capacity;
  std::string why;
  auto t = karmem::sync::tracker::create(peer, base, size, o, nullptr, &why);
  SYNC_CHECK(t != nullptr, "create: %s", why.c_str());
  return t;
}

inline const char* name(karmem::sync::error e) { return karmem::sync::error_name(e); }

} // namespace sync_test
