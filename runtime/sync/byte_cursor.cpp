// byte_cursor: the error message and varint reading both sync readers share
// (karmem/sync/detail/byte_cursor.h).
#include "karmem/sync/detail/byte_cursor.h"

#include "karmem/sync/detail/varint.h"

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

} // namespace karmem::sync::detail
