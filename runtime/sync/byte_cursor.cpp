// byte_cursor: the error message, varint reading and framing checks both
// sync readers share (karmem/sync/detail/byte_cursor.h).
#include "karmem/sync/detail/byte_cursor.h"

#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_format.h"

#include <cstdarg>
#include <cstdio>

namespace karmem::sync::detail {

void byte_cursor::start(std::span<const uint8_t> bytes) noexcept {
  status_ = error::ok;
  message_[0] = '\0';
  begin_ = pos_ = bytes.data();
  end_ = begin_ + bytes.size();
}

error byte_cursor::fail(error e, size_t offset, const char* fmt, ...) {
  status_ = e;
  int n = std::snprintf(message_, sizeof message_, "%s at %s %zu: ", error_name(e), offset_label_, offset);
  if (n < 0) n = 0;
  if (static_cast<size_t>(n) < sizeof message_) {
    va_list args;
    va_start(args, fmt);
    std::vsnprintf(message_ + n, sizeof message_ - n, fmt, args);
    va_end(args);
  }
  return e;
}

bool byte_cursor::read_varint(uint64_t& v, const char* what) {
  const size_t at = offset();
  switch (varint::get(pos_, end_, v)) {
  case varint::status::ok: return true;
  case varint::status::truncated:
    fail(error::truncated, at, "%s runs past the end of the %s", what, noun_);
    return false;
  case varint::status::overlong:
    fail(error::malformed, at, "%s is not a shortest-form varint of at most 64 bits", what);
    return false;
  }
  return false;
}

error byte_cursor::read_total_length(size_t n) {
  pos_ = begin_ + 6;
  uint64_t total = 0;
  if (!read_varint(total, "the total length")) return status_;
  if (total > n) return fail(error::truncated, n, "the %s has %zu bytes but its header says %llu", noun_, n, ull(total));
  if (total < n)
    return fail(error::malformed, static_cast<size_t>(total), "%zu bytes follow the end the header gives (%llu)",
                n - static_cast<size_t>(total), ull(total));
  if (total < offset() + format::checksum_bytes)
    return fail(error::malformed, 6, "a total length of %llu leaves no room for the checksum", ull(total));
  return error::ok;
}

error byte_cursor::check_checksum(size_t n) {
  end_ = begin_ + n - format::checksum_bytes;
  uint32_t stored = 0;
  for (size_t i = 0; i < format::checksum_bytes; ++i) stored |= static_cast<uint32_t>(end_[i]) << (8 * i);
  const uint32_t computed = format::checksum(begin_, n - format::checksum_bytes);
  if (stored != computed)
    return fail(error::checksum_mismatch, n - format::checksum_bytes,
                "checksum %08x does not match the bytes (%08x): the %s was damaged", stored, computed, noun_);
  return error::ok;
}

error byte_cursor::read_page_shift(uint32_t& shift) {
  const uint32_t s = begin_[5];
  if (s < format::min_page_shift || s > format::max_page_shift)
    return fail(error::out_of_range, 5, "page shift %u; pages are 2^%u to 2^%u bytes", s, format::min_page_shift,
                format::max_page_shift);
  shift = s;
  return error::ok;
}

error byte_cursor::read_region_pages(uint32_t shift, uint64_t& pages) {
  const size_t at = offset();
  uint64_t v = 0;
  if (!read_varint(v, "the region size")) return status_;
  if (v == 0) return fail(error::out_of_range, at, "a region of 0 pages");
  if (v > (format::max_region_bytes >> shift))
    return fail(error::out_of_range, at, "a region of %llu pages of 2^%u bytes exceeds 4 GiB", ull(v), shift);
  pages = v;
  return error::ok;
}

} // namespace karmem::sync::detail
