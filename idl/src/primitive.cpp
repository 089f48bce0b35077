// Facts about Karmem's primitive types (spec §2.5).
#include "karmem/idl/schema.h"

#include <string_view>

namespace karmem::idl {

namespace {
struct PrimitiveInfo {
  Primitive primitive;
  const char *km;
  uint32_t size;
};
constexpr PrimitiveInfo kPrimitives[] = {
    {Primitive::Uint8, "uint8", 1},     {Primitive::Uint16, "uint16", 2},
    {Primitive::Uint32, "uint32", 4},   {Primitive::Uint64, "uint64", 8},
    {Primitive::Int8, "int8", 1},       {Primitive::Int16, "int16", 2},
    {Primitive::Int32, "int32", 4},     {Primitive::Int64, "int64", 8},
    {Primitive::Float32, "float32", 4}, {Primitive::Float64, "float64", 8},
    {Primitive::Bool, "bool", 1},       {Primitive::Byte, "byte", 1},
    {Primitive::Char, "char", 1},
};
const PrimitiveInfo &info(Primitive p) { return kPrimitives[static_cast<size_t>(p)]; }
} // namespace

uint32_t wireSize(Primitive p) { return info(p).size; }
const char *kmName(Primitive p) { return info(p).km; }

std::optional<Primitive> primitiveFromKm(std::string_view name) {
  for (const auto &i : kPrimitives)
    if (name == i.km)
      return i.primitive;
  return std::nullopt;
}

bool isEnumUnderlying(Primitive p) {
  switch (p) {
  case Primitive::Uint8: case Primitive::Uint16: case Primitive::Uint32: case Primitive::Uint64:
  case Primitive::Int8: case Primitive::Int16: case Primitive::Int32: case Primitive::Int64:
    return true;
  default:
    return false;
  }
}

} // namespace karmem::idl
