// The patch checksum (docs/sync-patch-format.md §3) and the longest valid
// batch (§3-§4 at their limits).
#include "karmem/sync/patch_format.h"

#include "karmem/sync/detail/run_token.h"
#include "karmem/sync/detail/varint.h"
#include "karmem/sync/detail/xxh3.h"

namespace karmem::sync::format {

uint32_t checksum(const uint8_t* bytes, size_t n) noexcept {
  return static_cast<uint32_t>(xxh3_64(bytes, n));
}

uint64_t max_batch_bytes(uint32_t page_shift, uint64_t region_pages) noexcept {
  using varint::size;
  const uint64_t page = uint64_t{1} << page_shift;
  // Magic to total length, sender, region, units digest (version 2), clock,
  // checksum.
  const uint64_t envelope = head_bytes + size(UINT32_MAX) + size(region_pages) + units_digest_bytes +
                            size(max_clock_entries) +
                            uint64_t{max_clock_entries} * (size(UINT32_MAX) + size(max_counter)) + checksum_bytes;
  if (region_pages == 0) return envelope;
  // One page entry at its longest: the header with an extended run count
  // (the reader takes up to a page's worth), then 2^s/2 + 1 tokens, each with
  // the largest skip, an extended length and a mask's rounding byte; all the
  // page's bytes as data, and masks over all of them.
  const uint64_t tokens = page / 2 + 1;
  const uint64_t page_entry = size(((region_pages - 1) << page_runs_bits) | page_runs_extended) + size(page) +
                              tokens * (run_token::max_size(page) + 1) + page + page / 8;
  return envelope + region_pages * page_entry;
}

} // namespace karmem::sync::format
