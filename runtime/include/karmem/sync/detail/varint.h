// Internal to the sync runtime: for runtime/sync/*.cpp and the sync tests and
// benchmarks only, not part of the API (karmem/sync.h, karmem/sync/c_api.h);
// it may change without notice.
//
// Unsigned LEB128 variable-length integers as the sync patch format uses them
// (docs/sync-patch-format.md §2): 7 bits per byte, least significant group
// first, high bit set on every byte but the last. Readers accept only the
// shortest encoding of a value and at most 64 bits, so every value has exactly
// one encoding and a patch decodes the same way everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace karmem::sync::varint {

inline constexpr size_t max_bytes = 10;

// Bytes `put` writes for `v`.
constexpr size_t size(uint64_t v) noexcept {
  size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

// Writes `v` at `out` (room for size(v) bytes) and returns the end.
inline uint8_t* put(uint8_t* out, uint64_t v) noexcept {
  while (v >= 0x80) {
    *out++ = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<uint8_t>(v);
  return out;
}

inline void append(std::vector<uint8_t>& out, uint64_t v) {
  uint8_t tmp[max_bytes];
  out.insert(out.end(), tmp, put(tmp, v));
}

enum class status { ok, truncated, overlong };

// Reads one varint from [p, end) into `v` and advances `p`. On `truncated`
// (the bytes end inside the varint) or `overlong` (a non-shortest encoding, or
// more than 64 bits) `p` and `v` are left unchanged.
inline status get(const uint8_t*& p, const uint8_t* end, uint64_t& v) noexcept {
  uint64_t result = 0;
  const uint8_t* q = p;
  for (unsigned shift = 0;; shift += 7) {
    if (q == end) return status::truncated;
    const uint8_t byte = *q++;
    if (shift == 63 && byte > 1) return status::overlong; // bits past 64
    result |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) {
      // A last byte of zero after the first means a longer-than-needed form.
      if (byte == 0 && shift != 0) return status::overlong;
      break;
    }
    if (shift == 63) return status::overlong;
  }
  p = q;
  v = result;
  return status::ok;
}

} // namespace karmem::sync::varint
