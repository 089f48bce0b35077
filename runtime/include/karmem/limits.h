// Work limits on untrusted bytes, shared by karmem::decode and the karmem
// tool's decode and verify (idl/include/karmem/idl/json_codec.h).
//
// The attack: offsets may point many times at the same bytes (spec §7.5), so
// a short message can describe a huge value. A 145,560-byte message whose
// slice of 20,000 tables all refer to one 64 KiB blob decodes into 1.3 GB
// (x9,000: a 1.28 GB peak, an allocation abort in wasm32). Decoding stops
// once the slice data it has copied -- counted each time it is reached --
// exceeds traversal_factor times the message's size plus
// traversal_slack_bytes (so that small messages are never refused), which
// bounds its time and memory to a small multiple of the input, as Cap'n
// Proto's traversalLimitInWords and FlatBuffers' max_tables do.
#pragma once

#include <cstdint>

namespace karmem {

inline constexpr uint64_t traversal_factor = 64;
inline constexpr uint64_t traversal_slack_bytes = uint64_t(1) << 20;

// The work a message of `message_size` bytes may take to read.
constexpr uint64_t traversal_limit(uint64_t message_size) noexcept {
  return traversal_factor * message_size + traversal_slack_bytes;
}

} // namespace karmem
