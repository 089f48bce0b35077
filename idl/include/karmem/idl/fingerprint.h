// Layout fingerprints: a 64-bit hash of a struct's wire layout, computed here
// and nowhere else. Where Karmem's id (packet_id.h) names a type, the
// fingerprint tells versions of it apart: two builds whose structs have the
// same fingerprint lay out every field at the same offset with the same wire
// type, so each reads the other's bytes field by field; any change to the
// layout (a field added, removed, moved or retyped, a limit changed, packed
// vs unpacked, inline vs table, a change inside a struct it holds or refers
// to) changes it. docs/evolution.md#layout-fingerprints is the user's page.
//
// The fingerprint is XXH3-64 (seed 0, the default secret; XXH3_64bits of
// xxHash >= 0.8) of this byte string, integers little-endian:
//
//   struct   := "KMF1" (4 ASCII bytes, the version of this definition)
//               u8  mode      0 inline, 1 table
//               u8  packed    1 packed, 0 unpacked
//               u32 total     the struct's total size (layout.h StructLayout::total)
//               u32 count     number of fields
//               field * count, in declaration order
//   field    := u8  shape     0 T, 1 [N]T, 2 []T, 3 [<N]T
//               u32 length    N of [N]T and [<N]T, else 0
//               element
//               u32 offset    from the struct's start (a table's size word is at 0)
//               u32 slot      the bytes the field takes inside the struct
//   element  := u8 0, u8 code              a primitive
//             | u8 1, u8 code              an enum: its underlying type's code
//             | u8 2, u64 fingerprint      an inline struct
//             | u8 3, u64 fingerprint      a table
//   code     := 1 uint8, byte and char (one unsigned byte on the wire), 2 uint16,
//               3 uint32, 4 uint64, 5 int8, 6 int16, 7 int32, 8 int64,
//               9 float32, 10 float64, 11 bool
//
// Not hashed, because they are not layout: names (of the struct, its fields,
// enums and their members: a rename keeps the bytes, and Karmem's id already
// covers the struct's name), enum members and values, @id, @key and every
// other tag. A .km records a struct's fingerprint in the tag
// `@karmem.fingerprint(0x<16 hex digits>)`, which Karmem's parser accepts and
// its generators ignore (a `<language>.<option>` tag).
// Tests: test/idl/fingerprint-*.test, test/plugin/out-fingerprint.test.
#pragma once

#include "karmem/idl/layout.h"
#include "karmem/idl/schema.h"

#include <cstdint>
#include <string>
#include <vector>

namespace karmem::idl {

// The name of the struct tag a .km records a fingerprint in.
inline constexpr const char *kFingerprintTag = "karmem.fingerprint";

// The fingerprint of every struct of a laid-out schema, parallel to
// Schema::structs. `layout` must be computeLayout's result for `schema`.
std::vector<uint64_t> layoutFingerprints(const Schema &schema, const SchemaLayout &layout);

// "0x" and 16 lowercase hex digits: how .km files and tools write one.
std::string fingerprintText(uint64_t fingerprint);

// Sets each struct's fingerprint tag to its computed fingerprint, replacing
// any recorded one (the tag is not hashed, so this does not change them).
void recordFingerprints(Schema &schema, const SchemaLayout &layout);

// A struct whose recorded fingerprint tag is not its computed fingerprint: a
// .km edited after it was written, or a value that is no fingerprint at all.
struct StaleFingerprint {
  size_t structIndex = 0;
  Origin at;           // the tag (its '@'), else the struct's name
  std::string message; // "struct 'Vec3' records fingerprint 0x... but its fields give 0x..."
};

// Every recorded fingerprint tag that does not match, in struct order.
std::vector<StaleFingerprint> staleFingerprints(const Schema &schema, const SchemaLayout &layout);

} // namespace karmem::idl
