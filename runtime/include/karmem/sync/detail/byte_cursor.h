// Internal to the sync runtime: for runtime/sync/*.cpp only, not part of the
// API (karmem/sync.h, karmem/sync/c_api.h); it may change without notice.
//
// byte_cursor: what patch_reader and snapshot_reader share as readers of
// untrusted bytes: where they are ([begin_, end_), read at pos_), the first
// error and its message ("<error name> at <where> N: ..."), and varints that
// never read past end_. Each reader passes its own noun ("batch",
// "snapshot") and offset label ("byte", "snapshot byte"), so the messages
// tests and hosts see stay those of docs/sync-patch-format.md and
// docs/sync-snapshot-format.md. It also checks the framing both formats
// share (their §6): the total length, the checksum, the page shift and the
// region size.
#pragma once

#include "karmem/sync/error.h"

#include <cstddef>
#include <cstdint>
#include <span>

namespace karmem::sync::detail {

// For printf's %llu.
inline unsigned long long ull(uint64_t v) noexcept { return v; }

class byte_cursor {
public:
  error status() const noexcept { return status_; }
  // The message of the last error ("" when status() is ok).
  const char* message() const noexcept { return message_; }

protected:
  // `noun` names the whole input in messages ("past the end of the batch");
  // `offset_label` comes before an offset ("at snapshot byte 7"). Both must
  // outlive the cursor (string literals).
  constexpr byte_cursor(const char* noun, const char* offset_label) noexcept
      : noun_(noun), offset_label_(offset_label) {}

  // Starts over on `bytes`: no error, pos_ at their first byte, end_ after
  // their last.
  void start(std::span<const uint8_t> bytes) noexcept;
  // Records the error `e` at `offset` with a printf-style message (cut to
  // the message buffer) and returns `e`.
  error fail(error e, size_t offset, const char* fmt, ...) __attribute__((format(printf, 4, 5)));
  // Reads a varint at pos_ that must end before end_; on failure records
  // truncated or malformed naming `what` and returns false.
  bool read_varint(uint64_t& v, const char* what);
  size_t offset() const noexcept { return static_cast<size_t>(pos_ - begin_); }

  // The framing both formats share, on an input of `n` bytes. The total
  // length (the varint at byte 6, after which pos_ is left) must be `n` and
  // leave room for the checksum.
  error read_total_length(size_t n);
  // The last format::checksum_bytes of the `n` are the checksum of the
  // others; end_ is left at the checksum, so no read reaches it.
  error check_checksum(size_t n);
  // Byte 5: pages of 2^min_page_shift to 2^max_page_shift bytes. `shift`
  // is written only when it passes.
  error read_page_shift(uint32_t& shift);
  // A varint at pos_: a region of at least one page of 2^shift bytes and at
  // most format::max_region_bytes, so every page index fits 32 bits. `pages`
  // is written only when it passes.
  error read_region_pages(uint32_t shift, uint64_t& pages);

  const uint8_t* begin_ = nullptr; // first byte of the input
  const uint8_t* pos_ = nullptr;   // next byte to read
  const uint8_t* end_ = nullptr;   // reads stop here
  error status_ = error::ok;
  char message_[256] = {};

private:
  const char* noun_;
  const char* offset_label_;
};

} // namespace karmem::sync::detail
