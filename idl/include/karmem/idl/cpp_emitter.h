// Emits `<stem>.karmem.h`: for each annotated C++ type, specialisations of the
// templates declared in runtime/ (karmem::schema<T>, karmem::view<T>) holding
// the offsets computed by layout.h. Nothing else: no new type names.
#pragma once

#include "karmem/idl/layout.h"
#include "karmem/idl/schema.h"

#include <string>
#include <vector>

namespace karmem::idl {

struct CppEmitOptions {
  std::string sourceName;            // shown in the header comment, e.g. "game.h"
  std::vector<std::string> includes; // include paths as they should be written
};

// Emits every struct that has a C++ name (generated .km wrappers have none).
std::string emitCppHeader(const Schema &schema, const SchemaLayout &layout,
                          const CppEmitOptions &options);

} // namespace karmem::idl
