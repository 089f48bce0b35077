// Maps C++ arithmetic types to Karmem primitives. Where a value sits decides
// the mapping of 8-bit types (spec §2.5, §2.6):
//   single:      bool, int8_t/signed char -> int8, uint8_t -> uint8,
//                unsigned char -> byte, plain char -> uint8
//   fixed array: 8-bit unsigned -> byte, char -> uint8 (Karmem's generators
//                break on [N]char)
//   slice:       8-bit unsigned -> byte, char -> char (strings)
// Other integers map by their size and signedness, which must not depend on
// the target: `long`, `unsigned long` and the typedefs made of them (size_t,
// ptrdiff_t, intptr_t ...) are 8 bytes on x86-64 and 4 in wasm32, so they are
// refused unless the type is written as a fixed-width typedef (int64_t is
// `long` on x86-64 Linux). A type that reaches the plugin through a template
// parameter has lost how it was written; the generated header checks its
// size on every target it is compiled for (runtime/include/karmem/form.h).
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
  // The type to write instead ("double", "int64_t"), when there is one.
  const char *replacement = nullptr;
};

// `type` may carry sugar: a single `uint8_t` (the typedef) is uint8 while a
// single `unsigned char` is byte.
PrimitiveMapping mapPrimitive(const clang::ASTContext &ctx, clang::QualType type, ElementUse use);

// The Karmem integer type of the given size in bits and signedness, if any.
std::optional<idl::Primitive> integerPrimitive(uint64_t bits, bool isSigned);

} // namespace karmem::plugin
