// The XXH3-64 long-input loop (inputs > 240 bytes) in wasm simd128, written
// for this project from the XXH3 algorithm: eight 64-bit accumulators, 64-byte
// stripes, a scramble after every 1024-byte block, a last stripe read at
// len - 64, then the accumulators are merged and avalanched.
//
// Wasm has no instruction for "low 32 bits times high 32 bits of each 64-bit
// lane" (x86's pmuludq). Two stripes' lanes are regrouped with one shuffle
// each, so that i64x2.extmul_{low,high}_i32x4_u multiply four lanes per pair.
// The "add the input to the neighbouring accumulator" step is deferred: the
// input words are summed unswapped and folded in, swapped, once per block
// (addition modulo 2^64 commutes), which saves a shuffle per vector per stripe.
#include "xxh3_simd128.h"

#if defined(__wasm_simd128__)

#include <wasm_simd128.h>

namespace karmem::sync::detail {
namespace {

constexpr size_t stripe_len = 64;
constexpr size_t secret_size = 192;
constexpr size_t secret_consume_rate = 8;
constexpr size_t stripes_per_block = (secret_size - stripe_len) / secret_consume_rate; // 16
constexpr size_t block_len = stripe_len * stripes_per_block;                          // 1024
constexpr size_t last_stripe_secret_offset = secret_size - stripe_len - 7;
constexpr size_t merge_secret_offset = 11;

constexpr uint64_t prime32_1 = 0x9E3779B1u;
constexpr uint64_t prime32_2 = 0x85EBCA77u;
constexpr uint64_t prime32_3 = 0xC2B2AE3Du;
constexpr uint64_t prime64_1 = 0x9E3779B185EBCA87ull;
constexpr uint64_t prime64_2 = 0xC2B2AE3D27D4EB4Full;
constexpr uint64_t prime64_3 = 0x165667B19E3779F9ull;
constexpr uint64_t prime64_4 = 0x85EBCA77C2B2AE63ull;
constexpr uint64_t prime64_5 = 0x27D4EB2F165667C5ull;

struct state {
  v128_t acc[4];    // the eight accumulators, two per vector
  v128_t pending[4]; // input words not yet added to their neighbour lane
};

__attribute__((always_inline)) inline void accumulate_stripe(state& s, const uint8_t* in,
                                                             const uint8_t* key) {
  for (int i = 0; i < 4; i += 2) {
    const v128_t d0 = wasm_v128_load(in + 16 * i);
    const v128_t d1 = wasm_v128_load(in + 16 * (i + 1));
    const v128_t k0 = wasm_v128_xor(d0, wasm_v128_load(key + 16 * i));
    const v128_t k1 = wasm_v128_xor(d1, wasm_v128_load(key + 16 * (i + 1)));
    // lo = low halves of the four 64-bit lanes, hi = their high halves.
    const v128_t lo = wasm_i32x4_shuffle(k0, k1, 0, 2, 4, 6);
    const v128_t hi = wasm_i32x4_shuffle(k0, k1, 1, 3, 5, 7);
    s.acc[i] = wasm_i64x2_add(s.acc[i], wasm_u64x2_extmul_low_u32x4(lo, hi));
    s.acc[i + 1] = wasm_i64x2_add(s.acc[i + 1], wasm_u64x2_extmul_high_u32x4(lo, hi));
    s.pending[i] = wasm_i64x2_add(s.pending[i], d0);
    s.pending[i + 1] = wasm_i64x2_add(s.pending[i + 1], d1);
  }
}

// Adds each pending input word to the accumulator of the other lane of its
// pair (accumulator j receives word j ^ 1).
__attribute__((always_inline)) inline void fold_pending(state& s) {
  for (int i = 0; i < 4; ++i) {
    s.acc[i] = wasm_i64x2_add(s.acc[i], wasm_i64x2_shuffle(s.pending[i], s.pending[i], 1, 0));
    s.pending[i] = wasm_i64x2_const_splat(0);
  }
}

__attribute__((always_inline)) inline void scramble(state& s, const uint8_t* key) {
  const v128_t prime = wasm_i64x2_const_splat(prime32_1);
  for (int i = 0; i < 4; ++i) {
    v128_t a = s.acc[i];
    a = wasm_v128_xor(a, wasm_u64x2_shr(a, 47));
    a = wasm_v128_xor(a, wasm_v128_load(key + 16 * i));
    s.acc[i] = wasm_i64x2_mul(a, prime);
  }
}

__attribute__((always_inline)) inline void accumulate(state& s, const uint8_t* in,
                                                      const uint8_t* secret, size_t stripes) {
  for (size_t n = 0; n < stripes; ++n)
    accumulate_stripe(s, in + n * stripe_len, secret + n * secret_consume_rate);
}

inline uint64_t read64(const uint8_t* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}

inline uint64_t mul128_fold64(uint64_t a, uint64_t b) {
  const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
}

inline uint64_t avalanche(uint64_t h) {
  h ^= h >> 37;
  h *= 0x165667919E3779F9ull;
  return h ^ (h >> 32);
}

} // namespace

uint64_t xxh3_64_long_simd128(const uint8_t* input, size_t len, const uint8_t* secret) noexcept {
  state s;
  s.acc[0] = wasm_i64x2_make(prime32_3, prime64_1);
  s.acc[1] = wasm_i64x2_make(prime64_2, prime64_3);
  s.acc[2] = wasm_i64x2_make(prime64_4, prime32_2);
  s.acc[3] = wasm_i64x2_make(prime64_5, prime32_1);
  for (auto& p : s.pending) p = wasm_i64x2_const_splat(0);

  const size_t blocks = (len - 1) / block_len;
  for (size_t b = 0; b < blocks; ++b) {
    accumulate(s, input + b * block_len, secret, stripes_per_block);
    fold_pending(s);
    scramble(s, secret + secret_size - stripe_len);
  }
  const size_t tail_stripes = ((len - 1) - block_len * blocks) / stripe_len;
  accumulate(s, input + blocks * block_len, secret, tail_stripes);
  accumulate_stripe(s, input + len - stripe_len, secret + last_stripe_secret_offset);
  fold_pending(s);

  uint64_t acc[8];
  for (int i = 0; i < 4; ++i) wasm_v128_store(acc + 2 * i, s.acc[i]);
  uint64_t result = static_cast<uint64_t>(len) * prime64_1;
  const uint8_t* key = secret + merge_secret_offset;
  for (int i = 0; i < 4; ++i)
    result += mul128_fold64(acc[2 * i] ^ read64(key + 16 * i), acc[2 * i + 1] ^ read64(key + 16 * i + 8));
  return avalanche(result);
}

} // namespace karmem::sync::detail

#endif // __wasm_simd128__
