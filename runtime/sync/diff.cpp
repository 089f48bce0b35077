// diff_page / diff_blocks: 64-byte blocks are compared with one vector
// OR-reduction; only a block that differs is turned into a 64-bit "byte
// differs" mask, whose bit runs become byte runs (joined across block edges).
#include "karmem/sync/detail/diff.h"

#include <cstring>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace karmem::sync {
namespace {

#if defined(__wasm_simd128__)

inline bool block_differs(const uint8_t* a, const uint8_t* b) {
  v128_t x = wasm_v128_xor(wasm_v128_load(a), wasm_v128_load(b));
  x = wasm_v128_or(x, wasm_v128_xor(wasm_v128_load(a + 16), wasm_v128_load(b + 16)));
  x = wasm_v128_or(x, wasm_v128_xor(wasm_v128_load(a + 32), wasm_v128_load(b + 32)));
  x = wasm_v128_or(x, wasm_v128_xor(wasm_v128_load(a + 48), wasm_v128_load(b + 48)));
  return wasm_v128_any_true(x);
}

inline uint64_t differing_bytes(const uint8_t* a, const uint8_t* b) {
  uint64_t mask = 0;
  for (int i = 0; i < 4; ++i) {
    const v128_t ne = wasm_i8x16_ne(wasm_v128_load(a + 16 * i), wasm_v128_load(b + 16 * i));
    mask |= static_cast<uint64_t>(wasm_i8x16_bitmask(ne)) << (16 * i);
  }
  return mask;
}

#elif defined(__SSE2__)

inline __m128i load(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }

inline bool block_differs(const uint8_t* a, const uint8_t* b) {
  __m128i eq = _mm_and_si128(_mm_cmpeq_epi8(load(a), load(b)), _mm_cmpeq_epi8(load(a + 16), load(b + 16)));
  eq = _mm_and_si128(eq, _mm_cmpeq_epi8(load(a + 32), load(b + 32)));
  eq = _mm_and_si128(eq, _mm_cmpeq_epi8(load(a + 48), load(b + 48)));
  return _mm_movemask_epi8(eq) != 0xFFFF;
}

inline uint64_t differing_bytes(const uint8_t* a, const uint8_t* b) {
  uint64_t mask = 0;
  for (int i = 0; i < 4; ++i) {
    const unsigned eq = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(load(a + 16 * i), load(b + 16 * i))));
    mask |= static_cast<uint64_t>(~eq & 0xFFFFu) << (16 * i);
  }
  return mask;
}

#else

inline uint64_t word(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline bool block_differs(const uint8_t* a, const uint8_t* b) {
  uint64_t x = 0;
  for (int i = 0; i < 8; ++i) x |= word(a + 8 * i) ^ word(b + 8 * i);
  return x != 0;
}

inline uint64_t differing_bytes(const uint8_t* a, const uint8_t* b) {
  uint64_t mask = 0;
  for (int i = 0; i < 64; ++i) mask |= static_cast<uint64_t>(a[i] != b[i]) << i;
  return mask;
}

#endif

// Adds the runs of the 64-byte block at `base`, joining a run still open
// at the end of the previous block (`open`) when the block starts with one.
inline void block_runs(const uint8_t* current, const uint8_t* shadow, uint32_t base, bool& open,
                       std::vector<byte_range>& runs) {
  if (!block_differs(current + base, shadow + base)) {
    open = false;
    return;
  }
  uint64_t mask = differing_bytes(current + base, shadow + base);
  while (mask) {
    const unsigned start = static_cast<unsigned>(__builtin_ctzll(mask));
    const uint64_t from_start = mask >> start;
    const unsigned length = ~from_start == 0 ? 64 - start : static_cast<unsigned>(__builtin_ctzll(~from_start));
    if (open && start == 0)
      runs.back().length += length;
    else
      runs.push_back({base + start, length});
    open = start + length == 64;
    mask = start + length == 64 ? 0 : mask & (~uint64_t{0} << (start + length));
  }
}

} // namespace

void diff_page(const uint8_t* current, const uint8_t* shadow, uint32_t size,
               std::vector<byte_range>& runs) {
  bool open = false;
  for (uint32_t base = 0; base < size; base += 64) block_runs(current, shadow, base, open, runs);
}

void diff_blocks(const uint8_t* current, const uint8_t* shadow, uint32_t size, const uint64_t* blocks,
                 std::vector<byte_range>& runs) {
  const uint32_t count = size / diff_block_bytes;
  bool open = false;
  uint32_t next = 0; // the block after the last one looked at
  for (uint32_t w = 0; w * 64 < count; ++w) {
    uint64_t bits = blocks[w];
    while (bits) {
      const uint32_t b = w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits));
      bits &= bits - 1;
      if (b >= count) return;
      if (b != next) open = false; // a skipped block ends any open run
      block_runs(current, shadow, b * diff_block_bytes, open, runs);
      next = b + 1;
    }
  }
}

} // namespace karmem::sync
