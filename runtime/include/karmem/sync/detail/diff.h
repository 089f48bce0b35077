// Internal to the sync runtime: for runtime/sync/*.cpp and the sync tests and
// benchmarks only, not part of the API (karmem/sync.h, karmem/sync/c_api.h);
// it may change without notice.
//
// Byte-level diff of a page (or of the marked blocks of a page) against its
// shadow copy: the maximal runs of bytes that differ. Compares 64 bytes per step (wasm simd128, SSE2, or 64-bit
// words without either) and looks at single bytes only inside blocks that
// differ.
#pragma once

#include "karmem/sync/stamps.h"

#include <cstdint>
#include <vector>

namespace karmem::sync {

// Appends to `runs` the maximal runs where `current` and `shadow` differ, in
// increasing order. `size` must be a multiple of 64.
void diff_page(const uint8_t* current, const uint8_t* shadow, uint32_t size,
               std::vector<byte_range>& runs);

// Bytes per block of diff_blocks' bitmap.
inline constexpr uint32_t diff_block_bytes = 64;

// The same, but only inside the 64-byte blocks whose bit is set in `blocks`
// (bit i of word i / 64: bytes [64 i, 64 i + 64) of the page); `size` / 64
// bits are read. Runs are joined across neighbouring set blocks.
void diff_blocks(const uint8_t* current, const uint8_t* shadow, uint32_t size, const uint64_t* blocks,
                 std::vector<byte_range>& runs);

} // namespace karmem::sync
