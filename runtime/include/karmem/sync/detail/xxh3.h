// Internal to the sync runtime: for runtime/sync/*.cpp and the sync tests and
// benchmarks only, not part of the API (karmem/sync.h, karmem/sync/c_api.h);
// it may change without notice.
//
// XXH3-64 (seed 0, default secret) as the sync runtime uses it to fingerprint
// pages. In wasm32 builds with -msimd128 inputs longer than 240 bytes go
// through a simd128 kernel written for this project; every other case (short
// inputs, native builds, wasm32 without simd128) calls Debian's xxHash
// (header-only, XXH_INLINE_ALL). Both give exactly XXH3_64bits' results:
// test/sync/xxh3-kernel-matches-library.cpp checks them against each other.
#pragma once

#include <cstddef>
#include <cstdint>

namespace karmem::sync {

// XXH3_64bits(data, len). `data` may be null only when `len` is 0.
uint64_t xxh3_64(const void* data, size_t len) noexcept;

// XXH3_64bits computed by the xxHash library only (never the simd128 kernel),
// for tests and benchmarks that compare the two.
uint64_t xxh3_64_library(const void* data, size_t len) noexcept;

// "simd128" when xxh3_64 uses the simd128 kernel for long inputs, "library"
// otherwise.
const char* xxh3_kernel_name() noexcept;

} // namespace karmem::sync
