// The simd128 XXH3-64 kernel for inputs longer than 240 bytes (wasm32 with
// -msimd128 only). Private to runtime/sync: callers use karmem::sync::xxh3_64.
#pragma once

#include <cstddef>
#include <cstdint>

namespace karmem::sync::detail {

// XXH3_64bits of `len` (> 240) bytes at `input`, with the 192-byte `secret`
// (xxHash's default secret for seed 0).
uint64_t xxh3_64_long_simd128(const uint8_t* input, size_t len, const uint8_t* secret) noexcept;

} // namespace karmem::sync::detail
