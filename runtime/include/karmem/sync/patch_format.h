// Constants of the sync patch format, versions 1 and 2 (docs/sync-patch-format.md is
// the specification; this header only names its numbers). Shared by the patch
// writer, the patch reader, the tests and the fuzzer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace karmem::sync::format {

// Bytes 0-3 of every patch, whatever its version.
inline constexpr uint8_t magic[4] = {'K', 'S', 'Y', 'N'};
// Byte 4. Version 1 is this hand-written format, written by per-run regions;
// version 2 is the same plus a units digest after the region size (§3.2),
// written by regions with atomic units. A later version may carry a
// Karmem-encoded batch after the same five bytes.
inline constexpr uint8_t version = 1;
inline constexpr uint8_t version_units = 2;
// Version 2's units digest: XXH3-64 of the units' canonical form, u64le.
inline constexpr size_t units_digest_bytes = 8;
inline constexpr size_t magic_and_version_bytes = 5;
// The trailer: low 32 bits of XXH3-64 over every byte before it, little-endian.
inline constexpr size_t checksum_bytes = 4;
// Byte 5 (page shift) and the total-length varint: the smallest header.
inline constexpr size_t min_patch_bytes = magic_and_version_bytes + 1 + 1 + checksum_bytes;

// Page sizes are 2^10 (1 KiB) .. 2^16 (64 KiB).
inline constexpr uint32_t min_page_shift = 10;
inline constexpr uint32_t max_page_shift = 16;
constexpr bool valid_page_size(uint64_t bytes) noexcept {
  return bytes >= (uint64_t{1} << min_page_shift) && bytes <= (uint64_t{1} << max_page_shift) &&
         (bytes & (bytes - 1)) == 0;
}
// A region covers at most the 4 GiB of wasm32 linear memory.
inline constexpr uint64_t max_region_bytes = uint64_t{1} << 32;
// Limits that keep the sum of a clock's counters (a batch's time) below 2^60.
inline constexpr uint32_t max_clock_entries = 4096;
inline constexpr uint64_t max_counter = (uint64_t{1} << 48) - 1;

// Page header varint: (gap << page_runs_bits) | runs code.
inline constexpr unsigned page_runs_bits = 2;
inline constexpr uint64_t page_runs_extended = 3; // run count - 4 follows as a varint

// Run token varint: (skip << token_skip_shift) | (length code << 1) | masked.
// karmem/sync/detail/run_token.h is the one codec built on these numbers.
inline constexpr uint64_t token_masked_bit = 1;
inline constexpr unsigned token_length_shift = 1;
inline constexpr uint64_t token_length_mask = 0xF;
inline constexpr unsigned token_skip_shift = 5;
inline constexpr uint32_t max_inline_length = 15; // length code 0: length - 16 follows
inline constexpr uint32_t extended_length_base = 16;
// A masked run covers at least two written bytes with one unwritten between.
inline constexpr uint32_t min_masked_span = 3;

// The most byte ranges one page entry can write: they are disjoint and never
// touch (a skip of at least 1, or unset mask bits, separates them), so at most
// every other byte of the page starts one. Bounds what a reader holds for
// one page, whatever the batch claims.
constexpr uint32_t max_page_ranges(uint32_t page_size) noexcept { return page_size / 2; }

// The first bytes of a batch that hold everything before the sender: magic,
// version, page shift and the total-length varint. A host can check a batch's
// declared length from these alone (patch_reader::check_head) before it
// allocates room for the rest.
inline constexpr size_t head_bytes = magic_and_version_bytes + 1 + 10; // 10: the longest varint

// The longest batch a receiver with pages of 2^page_shift bytes and a
// capacity of `region_pages` pages could accept: every limit of §3-§4 at its
// largest (4096 clock entries, every page present with 2^s/2 + 1 tokens of
// the longest encodings, every byte of every page written, every mask).
// Anything longer is not a valid batch for that receiver, so a host never
// needs to allocate more than this for one (an attacker's "4 GiB batch" is
// refused before any memory is allocated for it). About 4.13 times the
// capacity at 1-8 KiB pages (5.13 at 64 KiB), plus 49,188 bytes (a version-2
// header's units digest included).
uint64_t max_batch_bytes(uint32_t page_shift, uint64_t region_pages) noexcept;

// The checksum of `n` bytes.
uint32_t checksum(const uint8_t* bytes, size_t n) noexcept;

} // namespace karmem::sync::format
