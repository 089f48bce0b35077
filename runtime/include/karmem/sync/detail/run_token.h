// Internal to the sync runtime: for runtime/sync/*.cpp and the sync tests and
// benchmarks only, not part of the API (karmem/sync.h, karmem/sync/c_api.h);
// it may change without notice.
//
// The run token codec (docs/sync-patch-format.md §4.2), the one place its
// layout is written: the patch writer encodes tokens with it, the run planner
// sizes them with it, the patch reader decodes them with it, and
// format::max_batch_bytes bounds them with it. A token is
//
//   varint  (skip << 5) | (length code << 1) | masked
//   varint  length - 16, only when the length code is 0 (length >= 16)
//
// followed by the run's data (and, for a masked run, its bitmap first).
#pragma once

#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_format.h"

#include <cstddef>
#include <cstdint>

namespace karmem::sync::run_token {

// --- encoding (length >= 1: runs are never empty) ---------------------------

// Whether a run of `length` bytes sends its length as a second varint.
constexpr bool extended(uint64_t length) noexcept { return length > format::max_inline_length; }

// The first varint of the token of a run `skip` bytes after the previous one.
constexpr uint64_t head(uint64_t skip, uint32_t length, bool masked) noexcept {
  const uint64_t code = extended(length) ? 0 : length;
  return (skip << format::token_skip_shift) | (code << format::token_length_shift) |
         (masked ? format::token_masked_bit : 0);
}

// The second varint, when extended(length).
constexpr uint64_t length_extra(uint32_t length) noexcept { return length - format::extended_length_base; }

// Bytes put() writes.
constexpr size_t size(uint32_t skip, uint32_t length, bool masked) noexcept {
  return varint::size(head(skip, length, masked)) + (extended(length) ? varint::size(length_extra(length)) : 0);
}

// Writes the token at `out` (room for size() bytes) and returns its end.
inline uint8_t* put(uint8_t* out, uint32_t skip, uint32_t length, bool masked) noexcept {
  out = varint::put(out, head(skip, length, masked));
  if (extended(length)) out = varint::put(out, length_extra(length));
  return out;
}

// --- decoding ---------------------------------------------------------------

// The fields of a token's first varint, unchecked: skip may be anything the
// varint holds, and length_code 0 means the length follows (length_from_extra).
struct head_fields {
  uint64_t skip;
  uint32_t length_code;
  bool masked;
};

constexpr head_fields split(uint64_t head) noexcept {
  return {head >> format::token_skip_shift,
          static_cast<uint32_t>((head >> format::token_length_shift) & format::token_length_mask),
          (head & format::token_masked_bit) != 0};
}

constexpr bool length_follows(const head_fields& h) noexcept { return h.length_code == 0; }

constexpr uint64_t length_from_extra(uint64_t extra) noexcept { return format::extended_length_base + extra; }

// --- sizes -----------------------------------------------------------------

// Bytes of the bitmap of a masked run spanning `span` bytes: one bit per byte.
constexpr uint32_t mask_bytes(uint32_t span) noexcept { return (span + 7) / 8; }

// The longest token a reader reads in a page of `page_size` bytes before it
// checks the span: the widest first varint (a skip of a whole page, length
// code 15, masked) and then a length varint of up to page_size, the largest
// the reader accepts. Bounds format::max_batch_bytes.
constexpr size_t max_size(uint64_t page_size) noexcept {
  return varint::size(head(page_size, format::max_inline_length, true)) + varint::size(page_size);
}

// The tokens of the worked example (docs/sync-patch-format.md §8).
static_assert(head(0, 1, false) == 0x02);
static_assert(head(5, 18, false) == 160 && length_extra(18) == 2 && size(5, 18, false) == 3);
static_assert(head(107, 6, true) == 3437 && size(107, 6, true) == 2);

} // namespace karmem::sync::run_token
