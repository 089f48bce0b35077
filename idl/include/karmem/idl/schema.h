// The schema model shared by every stage: the plugin builds it from the Clang
// AST, the .km reader builds it from KarmemIDL text, and the emitters and the
// layout rules read it. It has no Clang dependency.
//
// Names here are the Karmem (PascalCase) names that appear in a .km file. How
// C++ spells each entity is not part of the model: see cpp_binding.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace karmem::idl {

// Karmem's primitive types (spec §2.5).
enum class Primitive : uint8_t {
  Uint8, Uint16, Uint32, Uint64,
  Int8, Int16, Int32, Int64,
  Float32, Float64,
  Bool, Byte, Char,
};

// Size of a primitive on the wire, in bytes.
uint32_t wireSize(Primitive p);
// The KarmemIDL spelling ("uint8", "float32", "[]char" uses "char").
const char *kmName(Primitive p);
// Parses a KarmemIDL primitive name; nullopt when `name` is not one.
std::optional<Primitive> primitiveFromKm(std::string_view name);
// True for the eight integer types an enum may have as its underlying type.
bool isEnumUnderlying(Primitive p);

// The shape of a field (spec §2.5): T, [N]T, []T, [<N]T.
enum class Shape : uint8_t { Single, Array, Slice, LimitedSlice };

// What a field's element is: a primitive, an enum or a struct of the schema.
struct TypeRef {
  enum class Kind : uint8_t { Primitive, Enum, Struct } kind = Kind::Primitive;
  Primitive primitive = Primitive::Uint8; // when kind == Primitive
  size_t index = 0;                       // into Schema::enums / Schema::structs
};

struct FieldType {
  Shape shape = Shape::Single;
  uint32_t length = 0; // N of [N]T and [<N]T; 0 otherwise
  TypeRef element;
};

// Where an entity came from, for diagnostics: a file position (1-based) in a
// .km file, or an opaque token the plugin maps back to a clang SourceLocation.
// All zero when unset (diagnostics then point at the entity's name).
struct Origin {
  uint32_t line = 0, column = 0;
  uint64_t opaque = 0;
};

struct Tag {
  std::string name;  // "packed", "id", "golang.package"
  std::string value; // without backquotes
  Origin origin;     // its '@' in a .km; unset when built otherwise
};

struct EnumMember {
  std::string name;    // Karmem name
  uint64_t value = 0;  // two's complement bits for signed types
  bool explicitValue = true;
  Origin origin;
};

struct Enum {
  std::string name;
  Primitive underlying = Primitive::Uint8;
  std::vector<EnumMember> members;
  std::vector<Tag> tags;
  Origin origin;    // its name
  Origin endOrigin; // where its member list ends ('}' in a .km); may be unset
};

struct Field {
  std::string name;    // Karmem name (PascalCase)
  FieldType type;
  std::vector<Tag> tags;
  Origin origin;     // its name
  Origin typeOrigin; // where its type is written; may be unset
  Origin endOrigin;  // its end (';' in a .km, where Karmem reports type errors); may be unset
};

enum class StructKind : uint8_t { Inline, Table };

struct Struct {
  std::string name;
  StructKind kind = StructKind::Table;
  std::optional<bool> packed; // the struct's own @packed tag, if any
  std::optional<uint64_t> id; // the struct's own @id tag, if any
  std::vector<Field> fields;
  std::vector<Tag> tags; // other tags, kept verbatim
  Origin origin;    // its name
  Origin endOrigin; // where its field list ends ('}' in a .km); may be unset
};

// A declaration in file order: enums and structs may be interleaved, and a
// type may only refer to those declared before it (spec §2.4).
struct DeclRef {
  enum class Kind : uint8_t { Enum, Struct } kind;
  size_t index;
};

struct Schema {
  std::string name;    // header name, letters only
  bool packed = true;  // header default (@packed)
  std::vector<Tag> headerTags; // other header tags, kept verbatim
  std::vector<Enum> enums;
  std::vector<Struct> structs;
  std::vector<DeclRef> order; // declaration order for emitters

  bool isPacked(const Struct &s) const { return s.packed.value_or(packed); }
  // A field element that is a table (reached through an offset).
  bool isTable(const TypeRef &t) const {
    return t.kind == TypeRef::Kind::Struct && structs[t.index].kind == StructKind::Table;
  }
};

// The inline struct the plugin generates for sequences of strings, which
// KarmemIDL cannot write as such (no slice of slices, spec §2.6): one name in
// every schema, always packed (its stride is one 8-byte slice header):
//   struct KarmemString inline @packed(true) { Value []char; }
inline constexpr std::string_view stringWrapperName = "KarmemString";

// True for a struct of that form (one []char field): the element of a
// sequence of strings, when the C++ side holds the strings directly.
inline bool holdsOneString(const Struct &s) {
  if (s.kind != StructKind::Inline || s.fields.size() != 1)
    return false;
  const FieldType &t = s.fields.front().type;
  return t.shape == Shape::Slice && t.element.kind == TypeRef::Kind::Primitive &&
         t.element.primitive == Primitive::Char;
}

// True for the struct the plugin would generate for sequences of strings
// (name, form, field name and mode): a .km holding it means C++ sequences of
// std::string, so that .km -> C++ -> plugin gives the same schema back.
inline bool isStringWrapper(const Schema &schema, const Struct &s) {
  return s.name == stringWrapperName && holdsOneString(s) && s.fields.front().name == "Value" &&
         schema.isPacked(s);
}

} // namespace karmem::idl
