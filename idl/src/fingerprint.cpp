// Implements fingerprint.h: builds the byte string documented there and hashes
// it with Debian's xxHash (header-only, as the sync runtime uses it).
#include "karmem/idl/fingerprint.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdio>
#include <string>

static_assert(XXH_VERSION_NUMBER >= 800, "layout fingerprints need xxHash >= 0.8 (XXH3)");

namespace karmem::idl {

namespace {

// The byte string's code of a primitive (fingerprint.h): one per wire type,
// so uint8, byte and char, one unsigned byte each, share a code.
uint8_t primitiveCode(Primitive p) {
  switch (p) {
  case Primitive::Uint8:
  case Primitive::Byte:
  case Primitive::Char:
    return 1;
  case Primitive::Uint16: return 2;
  case Primitive::Uint32: return 3;
  case Primitive::Uint64: return 4;
  case Primitive::Int8: return 5;
  case Primitive::Int16: return 6;
  case Primitive::Int32: return 7;
  case Primitive::Int64: return 8;
  case Primitive::Float32: return 9;
  case Primitive::Float64: return 10;
  case Primitive::Bool: return 11;
  }
  return 0;
}

uint8_t shapeCode(Shape s) {
  switch (s) {
  case Shape::Single: return 0;
  case Shape::Array: return 1;
  case Shape::Slice: return 2;
  case Shape::LimitedSlice: return 3;
  }
  return 0;
}

void putU8(std::string &out, uint8_t v) { out.push_back(static_cast<char>(v)); }

void putLittleEndian(std::string &out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

// The byte string of struct `si`; the fingerprints of the structs it holds
// or refers to are already in `done` (declaration order puts them first).
std::string describe(const Schema &schema, const SchemaLayout &layout, size_t si,
                     const std::vector<uint64_t> &done) {
  const Struct &s = schema.structs[si];
  const StructLayout &sl = layout.structs[si];
  std::string out = "KMF1";
  putU8(out, s.kind == StructKind::Table ? 1 : 0);
  putU8(out, sl.packed ? 1 : 0);
  putLittleEndian(out, sl.total, 4);
  putLittleEndian(out, s.fields.size(), 4);
  for (size_t fi = 0; fi < s.fields.size(); ++fi) {
    const FieldType &t = s.fields[fi].type;
    putU8(out, shapeCode(t.shape));
    putLittleEndian(out, t.length, 4);
    switch (t.element.kind) {
    case TypeRef::Kind::Primitive:
      putU8(out, 0);
      putU8(out, primitiveCode(t.element.primitive));
      break;
    case TypeRef::Kind::Enum:
      putU8(out, 1);
      putU8(out, primitiveCode(schema.enums[t.element.index].underlying));
      break;
    case TypeRef::Kind::Struct:
      putU8(out, schema.isTable(t.element) ? 3 : 2);
      putLittleEndian(out, done[t.element.index], 8);
      break;
    }
    putLittleEndian(out, sl.fields[fi].offset, 4);
    putLittleEndian(out, sl.fields[fi].slot, 4);
  }
  return out;
}

} // namespace

std::vector<uint64_t> layoutFingerprints(const Schema &schema, const SchemaLayout &layout) {
  std::vector<uint64_t> out(schema.structs.size(), 0);
  for (const DeclRef &d : schema.order) {
    if (d.kind != DeclRef::Kind::Struct)
      continue;
    const std::string bytes = describe(schema, layout, d.index, out);
    out[d.index] = XXH3_64bits(bytes.data(), bytes.size());
  }
  return out;
}

std::string fingerprintText(uint64_t fingerprint) {
  char text[19];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(fingerprint));
  return text;
}

void recordFingerprints(Schema &schema, const SchemaLayout &layout) {
  const std::vector<uint64_t> fingerprints = layoutFingerprints(schema, layout);
  for (size_t si = 0; si < schema.structs.size(); ++si) {
    std::vector<Tag> &tags = schema.structs[si].tags;
    std::erase_if(tags, [](const Tag &t) { return t.name == kFingerprintTag; });
    tags.push_back(Tag{kFingerprintTag, fingerprintText(fingerprints[si]), {}});
  }
}

std::vector<StaleFingerprint> staleFingerprints(const Schema &schema, const SchemaLayout &layout) {
  const std::vector<uint64_t> fingerprints = layoutFingerprints(schema, layout);
  std::vector<StaleFingerprint> out;
  for (size_t si = 0; si < schema.structs.size(); ++si) {
    const Struct &s = schema.structs[si];
    const std::string computed = fingerprintText(fingerprints[si]);
    for (const Tag &t : s.tags) {
      if (t.name != kFingerprintTag || t.value == computed)
        continue;
      const Origin at = t.origin.line ? t.origin : s.origin;
      // Written as fingerprintText writes it; anything else is not compared.
      const bool wellFormed = t.value.size() == 18 && t.value.rfind("0x", 0) == 0 &&
                              t.value.find_first_not_of("0123456789abcdef", 2) == std::string::npos;
      out.push_back({si, at,
                     wellFormed ? "struct '" + s.name + "' records fingerprint " + t.value +
                                      " but its declaration gives " + computed +
                                      ": the file changed after the fingerprint was written"
                                : "struct '" + s.name + "' has @" + kFingerprintTag + "(" +
                                      t.value + "), which is not a fingerprint (0x and 16 "
                                      "lowercase hex digits); its declaration gives " + computed});
    }
  }
  return out;
}

} // namespace karmem::idl
