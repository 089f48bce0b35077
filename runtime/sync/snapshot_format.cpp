// The longest valid snapshot for a receiver (docs/sync-snapshot-format.md §7):
// every field of §3-§4 at its longest encoding.
#include "karmem/sync/snapshot_format.h"

#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_format.h"

namespace karmem::sync::snapshot_format {

uint64_t max_snapshot_bytes(uint32_t page_shift, uint64_t region_pages) noexcept {
  using varint::size;
  const uint64_t page = uint64_t{1} << page_shift;
  const uint64_t bytes = region_pages * page; // at most one span and one stamp per byte
  const uint64_t max_time = uint64_t{format::max_clock_entries} * format::max_counter;
  // Magic to total length, region, units digest (version 2), clock (peer,
  // counter, uncovered), stamp count, checksum.
  const uint64_t envelope = head_bytes + size(region_pages) + format::units_digest_bytes +
                            size(format::max_clock_entries) +
                            uint64_t{format::max_clock_entries} *
                                (size(UINT32_MAX) + 2 * size(format::max_counter)) +
                            size(bytes) + checksum_bytes;
  if (region_pages == 0) return envelope;
  const uint64_t stamp_table = bytes * (size(max_time) + size(format::max_clock_entries - 1));
  const uint64_t page_headers = region_pages * (size(region_pages - 1) + size(page - 1));
  const uint64_t spans = bytes * (size(page) + size(page - 1) + size(bytes - 1) + 1);
  return envelope + stamp_table + page_headers + spans;
}

} // namespace karmem::sync::snapshot_format
