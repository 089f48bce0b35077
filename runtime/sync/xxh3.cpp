// karmem::sync::xxh3_64: picks the simd128 kernel for long inputs in wasm32
// simd128 builds and Debian's xxHash (header-only) everywhere else.
#include "karmem/sync/detail/xxh3.h"

#include "xxh3_simd128.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

static_assert(XXH_VERSION_NUMBER >= 800, "the sync runtime needs xxHash >= 0.8 (XXH3)");
static_assert(XXH_SECRET_DEFAULT_SIZE == 192, "the simd128 kernel assumes the 192-byte default secret");

namespace karmem::sync {

uint64_t xxh3_64_library(const void* data, size_t len) noexcept { return XXH3_64bits(data, len); }

#if defined(__wasm_simd128__)

uint64_t xxh3_64(const void* data, size_t len) noexcept {
  // XXH3 hashes inputs up to 240 bytes with scalar code that has no loop
  // worth vectorising; only the long path differs.
  if (len <= 240) return XXH3_64bits(data, len);
  return detail::xxh3_64_long_simd128(static_cast<const uint8_t*>(data), len, XXH3_kSecret);
}

const char* xxh3_kernel_name() noexcept { return "simd128"; }

#else

uint64_t xxh3_64(const void* data, size_t len) noexcept { return XXH3_64bits(data, len); }

const char* xxh3_kernel_name() noexcept { return "library"; }

#endif

} // namespace karmem::sync
