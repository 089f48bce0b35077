// Karmem's layout rules (spec §4), the only place they live. Offsets are the
// running sum of slot sizes with no alignment; packed structs have no padding;
// an unpacked inline struct is padded to the next multiple of 8 strictly above
// its content; slice headers are 8 bytes in a packed container, 12 unpacked.
#pragma once

#include "karmem/idl/schema.h"

#include <optional>
#include <string>
#include <vector>

namespace karmem::idl {

struct FieldLayout {
  uint32_t offset = 0; // from the start of the struct (a table's size word is at 0)
  uint32_t slot = 0;   // bytes the field takes inside the struct
  uint32_t stride = 0; // element size for arrays and slices; 0 for singles
};

struct StructLayout {
  bool packed = true;
  uint32_t content = 0; // size word (tables) + slots
  uint32_t padding = 0;
  uint32_t total = 0;   // content + padding: the struct's size wherever stored
  uint32_t minimum = 0; // what a reader needs before reading: 4 for a table, content inline
  std::vector<FieldLayout> fields;
};

struct SchemaLayout {
  std::vector<StructLayout> structs; // parallel to Schema::structs
};

// Sizes of a single element of `t` (a primitive, an enum's underlying type, or
// a struct's total). Structs referenced must already be laid out.
uint32_t elementSize(const Schema &schema, const SchemaLayout &layout, const TypeRef &t);

// Why a schema cannot be laid out, and where: the struct (an index into
// Schema::structs) and, when one field is at fault, the field (an index into
// its fields), so each front end reports it at that entity's Origin.
struct LayoutError {
  std::string message;
  size_t structIndex = 0;
  std::optional<size_t> fieldIndex;
};

// Lays out every struct, walking Schema::order. Returns false and sets `error`
// when a size does not fit in u32, or when a struct holds one that `order`
// does not place before it (validateSchema reports that to users first).
bool computeLayout(const Schema &schema, SchemaLayout &out, LayoutError &error);

// The Origin of what `error` names: its field's, else its struct's.
const Origin &originOf(const Schema &schema, const LayoutError &error);

} // namespace karmem::idl
