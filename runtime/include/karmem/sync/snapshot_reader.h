// The one checked entry point for snapshot bytes from outside: reads a
// snapshot in format version 1 or 2 and checks every rule of
// docs/sync-snapshot-format.md §6 before anything is applied. Every failure is
// an error code plus a message naming the byte offset; reading never goes
// outside the given bytes.
//
// Memory: what the reader allocates follows the bytes actually present, never
// a count a field claims: the stamp table takes at most one entry per 2 bytes
// of the snapshot, a page at most one span per byte of the page (and per 4
// bytes present); both are fallible_vectors, so a snapshot too large for the
// memory there is is out_of_memory, never an abort.
#pragma once

#include "karmem/sync/clock.h"
#include "karmem/sync/detail/byte_cursor.h"
#include "karmem/sync/error.h"
#include "karmem/sync/fallible_vector.h"
#include "karmem/sync/stamps.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace karmem::sync {

struct snapshot_header {
  uint32_t version = 0;       // 1, or 2: the snapshot carries a units digest
  uint64_t units_digest = 0;  // version 2 only
  uint32_t page_shift = 0;
  uint64_t region_pages = 0;
  std::vector<clock_entry> clock; // sorted by peer, counters >= 1 (at most 4096: an ordinary allocation)
  // Per clock entry: the covered prefix, every batch 1..covered[i] of
  // clock[i].peer is in the snapshot (covered[i] <= clock[i].counter).
  std::vector<uint64_t> covered;
  fallible_vector<stamp> stamps; // the stamp table, strictly increasing
};

// One page of a snapshot: its stamped spans (sorted, disjoint, non-empty,
// touching spans have different stamps) and where each span's bytes are.
struct snapshot_page {
  uint32_t index = 0;
  fallible_vector<stamped_span> spans;
  fallible_vector<const uint8_t*> data;
};

class snapshot_reader : private detail::byte_cursor {
public:
  snapshot_reader() noexcept;
  // Checks magic, version, total length and checksum, then reads the header,
  // the clock and the stamp table. The bytes must outlive the reader.
  error open(std::span<const uint8_t> snapshot);
  // What a snapshot of `n` bytes says about itself in its first
  // min(n, snapshot_format::head_bytes) bytes: magic, version and a total
  // length equal to n; the same checks and errors as open(). Too short a head
  // is invalid_argument.
  error check_head(std::span<const uint8_t> head, size_t n);
  const snapshot_header& header() const noexcept { return header_; }
  // The newest stamp of the table (time 0 when it is empty).
  stamp newest() const noexcept { return header_.stamps.empty() ? stamp{} : header_.stamps.back(); }

  // Reads the next page entry into `page`; false at the end or on an error
  // (status() tells which; out_of_memory when the page's spans do not fit).
  bool next_page(snapshot_page& page);
  void rewind() noexcept;

  // The first error and its message ("" when status() is ok).
  using byte_cursor::status;
  using byte_cursor::message;

private:
  error read_head(size_t n);
  error read_clock();
  error read_stamps();
  bool read_span(snapshot_page& page, uint64_t number, uint32_t prev_end);
  void reset(std::span<const uint8_t> bytes) noexcept;

  // byte_cursor's end_ is the checksum once open() has read the head.
  const uint8_t* body_ = nullptr; // the first page entry
  snapshot_header header_;
  uint64_t pages_read_ = 0;
  uint64_t last_page_ = 0;
};

} // namespace karmem::sync
