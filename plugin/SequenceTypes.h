// Recognises the C++ types that map to Karmem's bracketed shapes:
//   T[N], std::array<T, N>      -> [N]T
//   std::vector<T>, std::string -> []T, []char
//   karmem::limited<T, N>       -> [<N]T
// and std::byte. Everything else is a single value (or unsupported). Of the
// sequences, only std::string may be an element of another (SchemaBuilder.cpp
// wraps it in the generated KarmemString).
#pragma once

#include "karmem/idl/schema.h"

#include "clang/AST/Type.h"

#include <cstdint>
#include <optional>

namespace karmem::plugin {

enum class SequenceKind { CArray, StdArray, StdVector, StdString, Limited };

struct Sequence {
  SequenceKind kind;       // how it is spelled in C++ (diagnostics)
  idl::Shape shape;        // what it is in Karmem: Array, Slice or LimitedSlice
  clang::QualType element; // as written where the sugar shows it, else canonical
  uint64_t length = 0;     // N for arrays and limited; 0 for vector and string
};

// The sequence `type` is, or nullopt for anything else (including a
// std::basic_string of another character type).
std::optional<Sequence> recognizeSequence(clang::QualType type);

// "std::vector", "T[N]", ...: how a sequence kind is spelled in messages.
const char *sequenceSpelling(SequenceKind kind);

// True for std::byte.
bool isStdByte(clang::QualType type);

} // namespace karmem::plugin
