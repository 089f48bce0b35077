// Karmem bytes <-> JSON for a schema known only at run time (the `karmem`
// tool's encode, decode and verify), interpreting the model and its layout:
// the same allocation order as every Karmem writer (spec §6), the same
// lenient reading as every Karmem reader (spec §7), and a strict verifier.
//
// JSON follows test/golden/index.json: struct fields in schema order keyed by
// their Karmem names, enums as integers, []char and [<N]char as strings (their
// bytes as they are: a string that is not UTF-8 comes out byte for byte and
// reads back exactly), other sequences as arrays, floats in the shortest form
// that reads back to the same bits, 64-bit integers exact. A generated wrapper
// is a struct like any other: a sequence of KarmemString (the plugin's
// sequences of std::string) is an array of {"Value": "..."}. On encode a missing
// field is its zero value and an unknown one is an error.
#pragma once

#include "karmem/idl/json.h"
#include "karmem/idl/layout.h"
#include "karmem/limits.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace karmem::idl {

// Work limit on untrusted bytes: decode and verify stop with an error once
// the blocks they have visited (table records and slice data, counted every
// time they are reached) exceed karmem::traversal_limit(message size), the
// limit karmem::decode applies too (runtime/include/karmem/limits.h says
// which attack it stops).

// Encodes `value` as the struct `root` (an index into schema.structs).
// Returns false with `error` naming the JSON path ("Monsters[3].Data.Hp: ...").
bool encodeJson(const Schema &schema, const SchemaLayout &layout, size_t root,
                const json::value &value, std::vector<uint8_t> &out, std::string &error);

// Reads `bytes` as the struct `root` the way Karmem's readers do (absent or
// out-of-range parts read as zero or empty) and writes the value as JSON,
// indented by two spaces. Returns false only when the traversal limit is hit.
bool decodeJson(const Schema &schema, const SchemaLayout &layout, size_t root,
                std::span<const uint8_t> bytes, std::string &out, std::string &error);

// The strict gate: true when every reachable table, slice and string lies
// inside `bytes`, every table's size word covers at least itself, every
// slice's byte length is a whole number of elements, no limited slice holds
// more than its limit, every bool is 0 or 1, and the traversal limit holds.
// Otherwise false, with `error` naming the first fault's path and offset.
bool verifyMessage(const Schema &schema, const SchemaLayout &layout, size_t root,
                   std::span<const uint8_t> bytes, std::string &error);

} // namespace karmem::idl
