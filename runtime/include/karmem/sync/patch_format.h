// Constants of the sync patch format, version 1 (docs/sync-patch-format.md is
// the specification; this header only names its numbers). Shared by the patch
// writer, the patch reader, the tests and the fuzzer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace karmem::sync::format {

// Bytes 0-3 of every patch, whatever its version.
inline constexpr uint8_t magic[4] = {'K', 'S', 'Y', 'N'};
// Byte 4. Version 1 is this hand-written format; a later version may carry a
// Karmem-encoded batch after the same five bytes.
inline constexpr uint8_t version = 1;
inline constexpr size_t magic_and_version_bytes = 5;
// The trailer: low 32 bits of XXH3-64 over every byte before it, little-endian.
inline constexpr size_t checksum_bytes = 4;
// Byte 5 (page shift) and the total-length varint: the smallest header.
inline constexpr size_t min_patch_bytes = magic_and_version_bytes + 1 + 1 + checksum_bytes;

// Page sizes are 2^10 (1 KiB) .. 2^16 (64 KiB).
inline constexpr uint32_t min_page_shift = 10;
inline constexpr uint32_t max_page_shift = 16;
// A region covers at most the 4 GiB of wasm32 linear memory.
inline constexpr uint64_t max_region_bytes = uint64_t{1} << 32;
// Limits that keep the sum of a clock's counters (a batch's time) below 2^60.
inline constexpr uint32_t max_clock_entries = 4096;
inline constexpr uint64_t max_counter = (uint64_t{1} << 48) - 1;

// Page header varint: (gap << page_runs_bits) | runs code.
inline constexpr unsigned page_runs_bits = 2;
inline constexpr uint64_t page_runs_extended = 3; // run count - 4 follows as a varint

// Run token varint: (skip << token_skip_shift) | (length code << 1) | masked.
inline constexpr uint64_t token_masked_bit = 1;
inline constexpr unsigned token_length_shift = 1;
inline constexpr uint64_t token_length_mask = 0xF;
inline constexpr unsigned token_skip_shift = 5;
inline constexpr uint32_t max_inline_length = 15; // length code 0: length - 16 follows
inline constexpr uint32_t extended_length_base = 16;
// A masked run covers at least two written bytes with one unwritten between.
inline constexpr uint32_t min_masked_span = 3;

// The checksum of `n` bytes.
uint32_t checksum(const uint8_t* bytes, size_t n) noexcept;

} // namespace karmem::sync::format
