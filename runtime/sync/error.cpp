// Names of the sync runtime's error codes.
#include "karmem/sync/error.h"

namespace karmem::sync {

const char* error_name(error e) noexcept {
  switch (e) {
  case error::ok: return "ok";
  case error::truncated: return "truncated";
  case error::bad_magic: return "bad_magic";
  case error::unsupported_version: return "unsupported_version";
  case error::checksum_mismatch: return "checksum_mismatch";
  case error::malformed: return "malformed";
  case error::page_size_mismatch: return "page_size_mismatch";
  case error::out_of_range: return "out_of_range";
  case error::region_too_large: return "region_too_large";
  case error::grow_failed: return "grow_failed";
  case error::invalid_argument: return "invalid_argument";
  case error::clock_overflow: return "clock_overflow";
  case error::out_of_memory: return "out_of_memory";
  case error::unit_mismatch: return "unit_mismatch";
  }
  return "unknown";
}

} // namespace karmem::sync
