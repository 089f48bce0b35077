// Error codes of the sync runtime. The same numbers are returned by the C ABI
// (karmem_sync_*) and reported by the JavaScript host module, so they are part
// of the contract: never renumber, only append.
#pragma once

#include <cstdint>

namespace karmem::sync {

enum class error : int32_t {
  ok = 0,
  truncated = 1,           // the patch ends inside a field, or before its checksum
  bad_magic = 2,           // the first four bytes are not "KSYN"
  unsupported_version = 3, // a format version this runtime does not read
  checksum_mismatch = 4,   // the bytes were damaged (corrupt)
  malformed = 5,           // a field breaks a format rule (order, minimal varints, ...)
  page_size_mismatch = 6,  // the sender uses another page size
  out_of_range = 7,        // a page, run, peer id or counter outside its limits
  region_too_large = 8,    // the sender's region is larger than this region's capacity
  grow_failed = 9,         // the memory behind the region could not be grown
  invalid_argument = 10,   // a bad argument to create / reserve / resize / scan / apply
  clock_overflow = 11,     // a clock counter would pass its limit
  out_of_memory = 12,      // memory for a batch (its input buffer, the shadow and stamps its
                           // writes need) or a region could not be allocated, or a batch is
                           // longer than any this region accepts
  unit_mismatch = 13,      // the sender's atomic units differ from this region's
                           // (karmem/sync/units.h), or a batch writes part of a unit
};

// A stable lower-case name ("truncated", "checksum_mismatch", ...).
const char* error_name(error e) noexcept;

} // namespace karmem::sync
