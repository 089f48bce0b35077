// Implements spec §4: slot sizes, strides, content, padding, total, minimum.
#include "karmem/idl/layout.h"

#include <string>
#include <vector>

namespace karmem::idl {

uint32_t elementSize(const Schema &schema, const SchemaLayout &layout, const TypeRef &t) {
  switch (t.kind) {
  case TypeRef::Kind::Primitive:
    return wireSize(t.primitive);
  case TypeRef::Kind::Enum:
    return wireSize(schema.enums[t.index].underlying);
  case TypeRef::Kind::Struct:
    // A table referenced as a single field is a 4-byte offset; as an element
    // it must be wrapped (spec §2.6), so this is the inline struct's total.
    return layout.structs[t.index].total;
  }
  return 0;
}

bool computeLayout(const Schema &schema, SchemaLayout &out, LayoutError &error) {
  out.structs.assign(schema.structs.size(), {});
  // A struct's size depends on the structs it holds, so they are laid out in
  // declaration order and a reference to one not laid out yet is an error
  // (validateSchema reports it to the user first, as a forward reference).
  std::vector<bool> laidOut(schema.structs.size(), false);
  for (const DeclRef &decl : schema.order) {
    if (decl.kind != DeclRef::Kind::Struct)
      continue;
    const size_t si = decl.index;
    const Struct &s = schema.structs[si];
    StructLayout &sl = out.structs[si];
    sl.packed = schema.isPacked(s);
    const bool table = s.kind == StructKind::Table;
    uint64_t offset = table ? 4 : 0;
    for (size_t fi = 0; fi < s.fields.size(); ++fi) {
      const Field &f = s.fields[fi];
      if (f.type.element.kind == TypeRef::Kind::Struct && !laidOut[f.type.element.index]) {
        error = {"struct '" + s.name + "' holds '" + schema.structs[f.type.element.index].name +
                     "', which is not declared before it",
                 si, fi};
        return false;
      }
      FieldLayout fl;
      fl.offset = static_cast<uint32_t>(offset);
      const uint64_t element = schema.isTable(f.type.element) && f.type.shape == Shape::Single
                                   ? 4
                                   : elementSize(schema, out, f.type.element);
      uint64_t slot = 0;
      switch (f.type.shape) {
      case Shape::Single:
        slot = element;
        break;
      case Shape::Array:
        fl.stride = static_cast<uint32_t>(element);
        slot = element * f.type.length;
        break;
      case Shape::Slice:
      case Shape::LimitedSlice:
        fl.stride = static_cast<uint32_t>(element);
        slot = sl.packed ? 8 : 12;
        break;
      }
      fl.slot = static_cast<uint32_t>(slot);
      offset += slot;
      if (slot > UINT32_MAX || offset > UINT32_MAX) {
        error = {"struct '" + s.name + "' is larger than 4 GiB at field '" + f.name + "'", si, fi};
        return false;
      }
      sl.fields.push_back(fl);
    }
    sl.content = static_cast<uint32_t>(offset);
    sl.padding = (sl.packed || table) ? 0 : 8 - (sl.content % 8);
    if (uint64_t(sl.content) + sl.padding > UINT32_MAX) {
      error = {"struct '" + s.name + "' is larger than 4 GiB", si, std::nullopt};
      return false;
    }
    sl.total = sl.content + sl.padding;
    // A table needs only its size word before it can be checked (spec §7.1).
    // Karmem's own readers demand 8 bytes of an unpacked table (spec §11 bug
    // 2), which turns a valid table of 5 to 7 bytes at the end of a message
    // into zeros; we read what every writer writes.
    sl.minimum = table ? 4 : sl.content;
    laidOut[si] = true;
  }
  for (size_t si = 0; si < schema.structs.size(); ++si)
    if (!laidOut[si]) {
      error = {"struct '" + schema.structs[si].name + "' is missing from the declaration order",
               si, std::nullopt};
      return false;
    }
  return true;
}

const Origin &originOf(const Schema &schema, const LayoutError &error) {
  const Struct &s = schema.structs[error.structIndex];
  return error.fieldIndex ? s.fields[*error.fieldIndex].origin : s.origin;
}

} // namespace karmem::idl
