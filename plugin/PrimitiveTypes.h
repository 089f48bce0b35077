// Maps C++ arithmetic types to Karmem primitives. Where a value sits decides
// the mapping of 8-bit types (spec §2.5, §2.6):
//   single:      bool, int8_t/signed char -> int8, uint8_t -> uint8,
//                unsigned char -> byte, plain char -> uint8
//   fixed array: 8-bit unsigned -> byte, char -> uint8 (Karmem's generators
//                break on [N]char)
//   slice:       8-bit unsigned -> byte, char -> char (strings)
// Other integers map by their size and signedness on the target.
#pragma once

#include "karmem/idl/schema.h"

#include "clang/AST/Type.h"

#include <optional>

namespace clang {
class ASTContext;
}

namespace karmem::plugin {

enum class ElementUse { Single, FixedArray, Slice };

struct PrimitiveMapping {
  std::optional<idl::Primitive> primitive;
  // Why there is none, for a builtin type Karmem cannot express; null when
  // `type` is not a builtin type at all.
  const char *problem = nullptr;
};

// `type` may carry sugar: a single `uint8_t` (the typedef) is uint8 while a
// single `unsigned char` is byte.
PrimitiveMapping mapPrimitive(const clang::ASTContext &ctx, clang::QualType type, ElementUse use);

// The Karmem integer type of the given size in bits and signedness, if any.
std::optional<idl::Primitive> integerPrimitive(uint64_t bits, bool isSigned);

} // namespace karmem::plugin
