// Constants of the sync snapshot format, versions 1 and 2 (docs/sync-snapshot-format.md
// is the specification; this header only names its numbers). Shared by the
// snapshot writer (snapshot.cpp), the snapshot reader, the tests and the
// fuzzer. Page sizes, region and clock limits are the patch format's
// (karmem/sync/patch_format.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace karmem::sync::snapshot_format {

// Bytes 0-3 of every snapshot, whatever its version: "KSNP", distinct from a
// patch's "KSYN" so that neither is ever read as the other.
inline constexpr uint8_t magic[4] = {'K', 'S', 'N', 'P'};
// Version 1: a per-run region's snapshot; version 2: the same plus the units
// digest of a region with atomic units (§3, as a version-2 patch carries it).
inline constexpr uint8_t version = 1;
inline constexpr uint8_t version_units = 2;
inline constexpr size_t magic_and_version_bytes = 5;
// The trailer: low 32 bits of XXH3-64 over every byte before it, little-endian.
inline constexpr size_t checksum_bytes = 4;
// Magic, version, page shift, a one-byte total length and the checksum.
inline constexpr size_t min_snapshot_bytes = magic_and_version_bytes + 1 + 1 + checksum_bytes;
// Magic, version, page shift and the longest total-length varint: what a host
// checks (snapshot_reader::check_head) before it allocates room for the rest.
inline constexpr size_t head_bytes = magic_and_version_bytes + 1 + 10;

// The longest snapshot a receiver with pages of 2^page_shift bytes and a
// capacity of `region_pages` pages could accept: every field at its longest
// encoding, 4096 clock entries, one stamp and one span per byte of the
// capacity (each span 1 byte long, with its own stamp): about 76 KiB plus
// 19-23 times the capacity (20.0 for 16 MiB at 8 KiB pages). A host refuses anything longer from its first 16
// bytes, so a peer claiming a 4 GiB snapshot makes it allocate nothing.
uint64_t max_snapshot_bytes(uint32_t page_shift, uint64_t region_pages) noexcept;

} // namespace karmem::sync::snapshot_format
