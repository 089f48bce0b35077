// The one checked entry point for patch bytes from outside: reads a batch in
// format version 1 or 2 and checks every rule of docs/sync-patch-format.md before
// anything is applied. Every failure is an error code plus a message that
// names the byte offset; reading never goes outside the given bytes.
#pragma once

#include "karmem/sync/clock.h"
#include "karmem/sync/detail/byte_cursor.h"
#include "karmem/sync/error.h"
#include "karmem/sync/stamps.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace karmem::sync {

struct patch_header {
  uint32_t version = 0;     // 1, or 2: the batch carries a units digest
  uint64_t units_digest = 0; // version 2 only
  uint32_t page_shift = 0;
  uint32_t sender = 0;
  uint64_t region_pages = 0; // the sender's region size, in pages
  std::vector<clock_entry> clock; // sorted by peer, counters >= 1, holds the sender
};

// One page of a batch: the bytes it writes, as sorted disjoint ranges inside
// the page (a masked run yields one range per written piece) and, for each
// range, where its new bytes are in the patch.
struct patch_page {
  uint32_t index = 0;
  std::vector<byte_range> ranges;
  std::vector<const uint8_t*> data;
};

class patch_reader : private detail::byte_cursor {
public:
  patch_reader() noexcept;
  // Checks magic, version, total length and checksum, then reads the
  // header and the clock. The bytes must outlive the reader.
  error open(std::span<const uint8_t> patch);
  // Checks what a batch of `n` bytes says about itself in its first bytes
  // (`head`: at least min(n, format::head_bytes) of them): magic, version
  // and a total length equal to n. The same checks, in the same order and
  // with the same errors, as open(); a host runs them before it allocates
  // room for the whole batch, so a short buffer claiming a huge batch, or a
  // huge buffer that is not a batch, costs nothing. Too short a head is
  // invalid_argument. Leaves nothing open (next_page() is false).
  error check_head(std::span<const uint8_t> head, size_t n);
  const patch_header& header() const noexcept { return header_; }

  // Reads the next page into `page`; false at the end of the batch or on an
  // error (status() tells which). `page` never receives more than
  // format::max_page_ranges(page size) ranges.
  bool next_page(patch_page& page);
  // Reads every page to check it, then goes back to the first one.
  error check_pages();
  void rewind() noexcept;

  // The first error and its message ("" when status() is ok).
  using byte_cursor::status;
  using byte_cursor::message;

private:
  void reset(std::span<const uint8_t> bytes) noexcept;
  error read_head(size_t n);
  // next_page's steps (patch_reader.cpp).
  struct run_span;
  bool read_page_header(uint64_t& index, uint64_t& runs);
  bool read_run_token(uint64_t prev_end, run_span& run);
  bool read_plain_run(const run_span& run, patch_page& page);
  bool read_masked_run(const run_span& run, patch_page& page);

  // byte_cursor's end_ is the checksum once open() has read the head.
  const uint8_t* body_ = nullptr; // first page
  patch_header header_;
  patch_page check_scratch_; // check_pages' working space, kept between batches
  uint64_t pages_read_ = 0;
  uint64_t last_page_ = 0;
};

} // namespace karmem::sync
