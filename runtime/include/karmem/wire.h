// Little-endian, unaligned loads and stores of wire scalars (spec §1, §2.5).
// Karmem's wire is little-endian and never aligned; the hosts we support
// (wasm32, x86-64, aarch64) are little-endian, so a scalar is a memcpy.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace karmem::wire {

static_assert(std::endian::native == std::endian::little,
              "karmem: the Karmem wire format is little-endian; big-endian hosts are not supported");

// A scalar as it travels: bool is one byte 0/1, enums their underlying type.
template <class T>
inline constexpr bool is_scalar_v = std::is_arithmetic_v<T> || std::is_enum_v<T>;

template <class T> inline T load(const std::byte *p) noexcept {
  static_assert(is_scalar_v<T>);
  if constexpr (std::is_same_v<T, bool>) {
    return std::to_integer<uint8_t>(*p) != 0; // any nonzero byte is true (spec §7.6)
  } else {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  }
}

template <class T> inline void store(std::byte *p, T v) noexcept {
  static_assert(is_scalar_v<T>);
  if constexpr (std::is_same_v<T, bool>) {
    *p = std::byte{static_cast<uint8_t>(v ? 1 : 0)};
  } else {
    std::memcpy(p, &v, sizeof(T));
  }
}

// Copies n bytes between non-overlapping buffers (a bulk slice or array).
// memcpy, except that under WebAssembly runs of at most 128 bytes are copied
// with overlapping 16-byte loads and stores: V8 compiles memory.copy to a call
// out of the generated code, which costs more than such a short copy.
inline void copy(std::byte *dst, const std::byte *src, size_t n) noexcept {
#if defined(__wasm__)
  if (n <= 128) {
    if (n > 64) {
      for (size_t i = 0; i < 64; i += 16) {
        std::memcpy(dst + i, src + i, 16);
        std::memcpy(dst + n - 64 + i, src + n - 64 + i, 16);
      }
    } else if (n >= 16) {
      std::memcpy(dst, src, 16);
      std::memcpy(dst + n - 16, src + n - 16, 16);
      if (n > 32) {
        std::memcpy(dst + 16, src + 16, 16);
        std::memcpy(dst + n - 32, src + n - 32, 16);
      }
    } else if (n >= 8) {
      std::memcpy(dst, src, 8);
      std::memcpy(dst + n - 8, src + n - 8, 8);
    } else if (n >= 4) {
      std::memcpy(dst, src, 4);
      std::memcpy(dst + n - 4, src + n - 4, 4);
    } else {
      for (size_t i = 0; i < n; ++i)
        dst[i] = src[i];
    }
    return;
  }
#endif
  std::memcpy(dst, src, n);
}

inline uint32_t load_u32(const std::byte *p) noexcept { return load<uint32_t>(p); }
inline void store_u32(std::byte *p, uint32_t v) noexcept { store<uint32_t>(p, v); }

// Whether n elements of T can be copied to/from the wire as raw bytes: true
// for scalars whose memory form is their wire form (not bool, which the wire
// normalises to 0/1 on write and reads as nonzero).
template <class T>
inline constexpr bool is_bulk_copyable_v = is_scalar_v<T> && !std::is_same_v<T, bool>;

} // namespace karmem::wire
