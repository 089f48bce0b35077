// See PrimitiveTypes.h. Tests: test/plugin/types-primitives.test,
// diag-unsupported-arithmetic.cpp, diag-target-dependent-types.cpp,
// template-argument-width-checked.test.
#include "PrimitiveTypes.h"

#include "clang/AST/ASTContext.h"

namespace karmem::plugin {

namespace {

// True when the sugar of `type` names a typedef for which `matches(name)`
// holds (also through `std::uint8_t`, using-declarations and user aliases).
template <class Pred>
bool namesTypedef(const clang::ASTContext &ctx, clang::QualType type, Pred matches) {
  for (;;) {
    if (const auto *typedefType = llvm::dyn_cast<clang::TypedefType>(type.getTypePtr()))
      if (matches(typedefType->getDecl()->getName()))
        return true;
    clang::QualType next = type.getSingleStepDesugaredType(ctx);
    if (next == type)
      return false;
    type = next;
  }
}

// The C library's exact- and minimum-width integer typedefs: their width is
// the same on every target, whatever builtin type they are made of.
bool isFixedWidthTypedefName(llvm::StringRef name) {
  name.consume_front("__");
  name.consume_front("u");
  if (!name.consume_front("int") || !name.consume_back("_t"))
    return false;
  name.consume_front("_least");
  return name == "8" || name == "16" || name == "32" || name == "64" || name == "max";
}

// True when the type came through a template parameter: how it was written
// is gone (the specialisation holds canonical arguments).
bool isSubstitutedTemplateParameter(const clang::ASTContext &ctx, clang::QualType type) {
  for (;;) {
    if (llvm::isa<clang::SubstTemplateTypeParmType>(type.getTypePtr()))
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
    if (use == ElementUse::Single &&
        namesTypedef(ctx, type, [](llvm::StringRef n) { return n == "uint8_t"; }))
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
    return {std::nullopt,
            "'long double' has no Karmem equivalent; Karmem floats are float32 and float64 (use "
            "double)",
            "double"};
  case BuiltinType::Long:
  case BuiltinType::ULong:
    if (namesTypedef(ctx, type, isFixedWidthTypedefName) || isSubstitutedTemplateParameter(ctx, type))
      break;
    if (builtin->getKind() == BuiltinType::Long)
      return {std::nullopt,
              "its size depends on the target ('long' is 8 bytes on x86-64 and 4 in wasm32), "
              "which would change the wire format; use a fixed-width type such as int64_t",
              "int64_t"};
    return {std::nullopt,
            "its size depends on the target ('unsigned long', and size_t, are 8 bytes on x86-64 "
            "and 4 in wasm32), which would change the wire format; use a fixed-width type such as "
            "uint64_t",
            "uint64_t"};
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
