// What an exchange operation can report. Every function of karmem/exchange
// returns one of these (or a result holding one) instead of failing silently;
// nothing is half-done when an error is returned.
#pragma once

#include <cstdint>

namespace karmem::exchange {

enum class error : uint8_t {
  ok = 0,
  invalid_argument, // a name too long or empty, a slot count not a power of two ...
  not_found,        // no region of that name
  exists,           // a region of that name already exists (with another shape)
  table_full,       // the region table has no free entry
  out_of_memory,    // the region heap is exhausted or the memory cannot grow
  corrupt,          // the region table or a channel header fails validation
  version_mismatch, // made by another version of this layout
  type_mismatch,    // the channel carries another struct id, or is not a channel
  too_large,        // a message larger than the channel's slots
  full,             // every slot is still held by a subscriber
  busy,             // the channel already has a publisher, or a loan is open
  no_subscriber_slot, // 32 subscribers already
  empty,            // nothing to receive
  timeout,          // receive_wait gave up
};

constexpr const char *error_name(error e) noexcept {
  switch (e) {
  case error::ok: return "ok";
  case error::invalid_argument: return "invalid_argument";
  case error::not_found: return "not_found";
  case error::exists: return "exists";
  case error::table_full: return "table_full";
  case error::out_of_memory: return "out_of_memory";
  case error::corrupt: return "corrupt";
  case error::version_mismatch: return "version_mismatch";
  case error::type_mismatch: return "type_mismatch";
  case error::too_large: return "too_large";
  case error::full: return "full";
  case error::busy: return "busy";
  case error::no_subscriber_slot: return "no_subscriber_slot";
  case error::empty: return "empty";
  case error::timeout: return "timeout";
  }
  return "unknown";
}

} // namespace karmem::exchange
