// Emits `<stem>.karmem.h`: for each annotated C++ type, specialisations of the
// templates declared in runtime/ (karmem::schema<T>, karmem::view<T>) holding
// the offsets computed by layout.h. Nothing else: no new type names.
#pragma once

#include "karmem/idl/cpp_binding.h"
#include "karmem/idl/layout.h"
#include "karmem/idl/schema.h"

#include <string>
#include <vector>

namespace karmem::idl {

struct CppEmitOptions {
  std::string sourceName;            // shown in the header comment, e.g. "game.h"
  // What follows each `#include`, delimiters included: "../game.h", <...>.
  std::vector<std::string> includes;
};

// Why a C++ field named `cppName` cannot have a generated accessor, or null
// when it can. Generated view<T> classes have one accessor per field, named as
// the field, beside the members every view has for its users
// (karmem_present(), karmem_recorded_size() ...): a field named `view` would
// declare a constructor, and one starting with `karmem_` would hide (or be
// mistaken for) a member of the runtime. The runtime itself never calls a view
// member by name (runtime/include/karmem/view.h, detail::view_access).
const char *reservedAccessorName(const std::string &cppName);

// Emits every struct that has a C++ type (generated wrappers have none).
std::string emitCppHeader(const Schema &schema, const SchemaLayout &layout, const CppBinding &cpp,
                          const CppEmitOptions &options);

} // namespace karmem::idl
