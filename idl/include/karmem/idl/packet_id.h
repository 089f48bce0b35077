// Struct identifiers (Karmem's PacketIdentifier, spec §3): BLAKE2b with an
// 8-byte digest over the struct's name, optionally keyed by the BLAKE2b-256 of
// the schema's @key. Never written on the wire.
#pragma once

#include "karmem/idl/schema.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace karmem::idl {

uint64_t packetIdentifier(std::string_view structName, std::optional<std::string_view> key);

// The id of `s` in `schema`: its @id tag if any, else the hash of its name,
// keyed by the header's @key tag if there is one.
uint64_t structIdentifier(const Schema &schema, const Struct &s);

} // namespace karmem::idl
