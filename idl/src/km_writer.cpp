// Writes a Schema as KarmemIDL text (spec §2) that Karmem's parser and our
// reader (km_reader.cpp) accept: header with an explicit @packed, then the
// declarations in Schema::order, one blank line apart, field types aligned.
// Tests: test/idl/format-*.test.
#include "karmem/idl/km.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>

namespace karmem::idl {

namespace {

bool isBareTagValue(const std::string &value) {
  return std::all_of(value.begin(), value.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

void writeTag(std::string &out, const Tag &tag) {
  out += " @";
  out += tag.name;
  out += '(';
  if (isBareTagValue(tag.value)) {
    out += tag.value;
  } else {
    out += '`';
    out += tag.value;
    out += '`';
  }
  out += ')';
}

// Writes `tags` except those the model holds elsewhere (Schema::packed,
// Struct::packed, Struct::id), which the callers write themselves.
void writeTags(std::string &out, const std::vector<Tag> &tags,
               std::initializer_list<std::string_view> modelled = {}) {
  for (const Tag &t : tags)
    if (std::find(modelled.begin(), modelled.end(), t.name) == modelled.end())
      writeTag(out, t);
}

// The member's value as the underlying type reads it (signed types keep
// two's complement bits in EnumMember::value).
std::string enumValueText(Primitive underlying, uint64_t bits) {
  const uint32_t width = wireSize(underlying) * 8;
  const bool isSigned = underlying == Primitive::Int8 || underlying == Primitive::Int16 ||
                        underlying == Primitive::Int32 || underlying == Primitive::Int64;
  if (width < 64)
    bits &= (uint64_t(1) << width) - 1;
  if (isSigned && (bits >> (width - 1)) & 1) {
    // Negative: not expressible in KarmemIDL; the front ends reject it first.
    const uint64_t magnitude = (~bits + 1) & (width < 64 ? (uint64_t(1) << width) - 1 : ~0ULL);
    return "-" + std::to_string(magnitude);
  }
  return std::to_string(bits);
}

void writeEnum(std::string &out, const Enum &e) {
  out += "enum " + e.name + " " + kmName(e.underlying);
  writeTags(out, e.tags);
  out += " {\n";
  for (size_t i = 0; i < e.members.size(); ++i) {
    const EnumMember &m = e.members[i];
    out += "    " + m.name;
    // Without "= v" Karmem gives a member its position, not previous + 1.
    if (m.explicitValue || m.value != i)
      out += " = " + enumValueText(e.underlying, m.value);
    out += ";\n";
  }
  out += "}\n";
}

void writeStruct(std::string &out, const Schema &schema, const Struct &s) {
  out += "struct " + s.name + (s.kind == StructKind::Inline ? " inline" : " table");
  if (s.packed)
    writeTag(out, Tag{"packed", *s.packed ? "true" : "false"});
  if (s.id)
    writeTag(out, Tag{"id", std::to_string(*s.id)});
  writeTags(out, s.tags, {"packed", "id"});
  out += " {\n";
  size_t nameWidth = 0;
  for (const Field &f : s.fields)
    nameWidth = std::max(nameWidth, f.name.size());
  for (const Field &f : s.fields) {
    out += "    " + f.name;
    out.append(nameWidth - f.name.size() + 1, ' ');
    out += kmTypeName(schema, f.type);
    writeTags(out, f.tags);
    out += ";\n";
  }
  out += "}\n";
}

} // namespace

std::string kmTypeName(const Schema &schema, const FieldType &type) {
  std::string out;
  switch (type.shape) {
  case Shape::Single:
    break;
  case Shape::Array:
    out = "[" + std::to_string(type.length) + "]";
    break;
  case Shape::Slice:
    out = "[]";
    break;
  case Shape::LimitedSlice:
    out = "[<" + std::to_string(type.length) + "]";
    break;
  }
  switch (type.element.kind) {
  case TypeRef::Kind::Primitive:
    out += kmName(type.element.primitive);
    break;
  case TypeRef::Kind::Enum:
    out += schema.enums[type.element.index].name;
    break;
  case TypeRef::Kind::Struct:
    out += schema.structs[type.element.index].name;
    break;
  }
  return out;
}

std::string writeKm(const Schema &schema) {
  std::string out = "karmem " + schema.name;
  writeTag(out, Tag{"packed", schema.packed ? "true" : "false"});
  writeTags(out, schema.headerTags, {"packed"});
  out += ";\n";
  for (const DeclRef &d : schema.order) {
    out += '\n';
    if (d.kind == DeclRef::Kind::Enum)
      writeEnum(out, schema.enums[d.index]);
    else
      writeStruct(out, schema, schema.structs[d.index]);
  }
  return out;
}

} // namespace karmem::idl
