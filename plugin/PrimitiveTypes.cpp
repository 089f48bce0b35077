// See PrimitiveTypes.h. Tests: test/plugin/types-primitives*.cpp,
// diag-unsupported-arithmetic.cpp.
#include "PrimitiveTypes.h"

#include "clang/AST/ASTContext.h"

namespace karmem::plugin {

namespace {

// True when the sugar of `type` names the typedef `uint8_t` (also through
// `std::uint8_t` and user aliases of it).
bool namesUint8Typedef(const clang::ASTContext &ctx, clang::QualType type) {
  for (;;) {
    if (const auto *typedefType = llvm::dyn_cast<clang::TypedefType>(type.getTypePtr()))
      if (typedefType->getDecl()->getName() == "uint8_t")
        return true;
    clang::QualType next = type.getSingleStepDesugaredType(ctx);
    if (next == type)
      return false;
    type = next;
  }
}

} // namespace

std::optional<idl::Primitive> integerPrimitive(uint64_t bits, bool isSigned) {
  using idl::Primitive;
  switch (bits) {
  case 8:
    return isSigned ? Primitive::Int8 : Primitive::Uint8;
  case 16:
    return isSigned ? Primitive::Int16 : Primitive::Uint16;
  case 32:
    return isSigned ? Primitive::Int32 : Primitive::Uint32;
  case 64:
    return isSigned ? Primitive::Int64 : Primitive::Uint64;
  default:
    return std::nullopt;
  }
}

PrimitiveMapping mapPrimitive(const clang::ASTContext &ctx, clang::QualType type, ElementUse use) {
  using clang::BuiltinType;
  using idl::Primitive;
  clang::QualType canonical = type.getCanonicalType().getUnqualifiedType();
  const auto *builtin = llvm::dyn_cast<BuiltinType>(canonical.getTypePtr());
  if (!builtin)
    return {};
  switch (builtin->getKind()) {
  case BuiltinType::Bool:
    return {Primitive::Bool};
  case BuiltinType::Char_S:
  case BuiltinType::Char_U:
  case BuiltinType::Char8:
    return {use == ElementUse::Slice ? Primitive::Char : Primitive::Uint8};
  case BuiltinType::UChar:
    if (use == ElementUse::Single && namesUint8Typedef(ctx, type))
      return {Primitive::Uint8};
    return {Primitive::Byte};
  case BuiltinType::WChar_S:
  case BuiltinType::WChar_U:
  case BuiltinType::Char16:
  case BuiltinType::Char32:
    return {std::nullopt, "wide character types have no Karmem equivalent; use uint16_t or "
                          "uint32_t, or std::string for UTF-8 text"};
  case BuiltinType::Float:
    if (ctx.getTypeSize(canonical) == 32)
      return {Primitive::Float32};
    break;
  case BuiltinType::Double:
    if (ctx.getTypeSize(canonical) == 64)
      return {Primitive::Float64};
    return {std::nullopt, "'double' is not 64 bits on this target; Karmem's float64 is"};
  case BuiltinType::LongDouble:
    return {std::nullopt, "'long double' has no Karmem equivalent; Karmem floats are float32 "
                          "and float64 (use double)"};
  default:
    break;
  }
  if (builtin->isInteger()) {
    if (std::optional<Primitive> p =
            integerPrimitive(ctx.getTypeSize(canonical), builtin->isSignedInteger()))
      return {p};
    return {std::nullopt, "integers wider than 64 bits have no Karmem equivalent"};
  }
  if (builtin->isFloatingPoint())
    return {std::nullopt, "only 'float' (float32) and 'double' (float64) have Karmem "
                          "equivalents among floating-point types"};
  return {std::nullopt, "this builtin type has no Karmem equivalent"};
}

} // namespace karmem::plugin
