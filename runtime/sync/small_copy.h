// copy_small: memcpy for the short runs patches are made of. In wasm32 a
// memcpy of unknown length becomes memory.copy, which V8 runs as a call into
// the engine; for runs of a few bytes the call costs more than the copy, so
// up to 16 bytes are moved with overlapping word loads and stores instead.
// Private to runtime/sync.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace karmem::sync::detail {

inline void copy_small(uint8_t* dst, const uint8_t* src, size_t n) noexcept {
  if (n >= 8 && n <= 16) {
    uint64_t head, tail;
    __builtin_memcpy(&head, src, 8);
    __builtin_memcpy(&tail, src + n - 8, 8);
    __builtin_memcpy(dst, &head, 8);
    __builtin_memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    uint32_t head, tail;
    __builtin_memcpy(&head, src, 4);
    __builtin_memcpy(&tail, src + n - 4, 4);
    __builtin_memcpy(dst, &head, 4);
    __builtin_memcpy(dst + n - 4, &tail, 4);
  } else if (n < 4) {
    for (size_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    std::memcpy(dst, src, n);
  }
}

} // namespace karmem::sync::detail
