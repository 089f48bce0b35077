// How a schema's types are spelled in C++, kept beside the Karmem model
// (schema.h), which knows nothing of C++. The plugin fills it from the C++ it
// read; bindKmSchema makes one for a schema read from a .km, naming the C++
// types after the Karmem ones (cpp_types.h writes them out).
#pragma once

#include "karmem/idl/schema.h"

#include <string>
#include <vector>

namespace karmem::idl {

struct CppEnumBinding {
  std::string name;                 // fully qualified, e.g. "::game::Team"
  std::vector<std::string> members; // the enumerator of each member
};

struct CppStructBinding {
  // Fully qualified, e.g. "::game::Monster". Empty for a wrapper the plugin
  // generated so that a C++ sequence of tables, enums or strings is
  // expressible in KarmemIDL (spec §2.6): C++ holds its one field's element
  // (for KarmemString, its one []char field) directly.
  std::string name;
  std::vector<std::string> fields; // the data member of each field
  // The file that declares the C++ type (for the emitted #include).
  std::string declaringFile;
  // The C++ type is standard-layout and trivially copyable, so generated code
  // may compare its native layout (offsetof/sizeof) with the wire layout.
  bool standardLayout = false;
};

// Parallel to Schema::enums and Schema::structs.
struct CppBinding {
  std::vector<CppEnumBinding> enums;
  std::vector<CppStructBinding> structs;

  // True for a struct that has no C++ type of its own (see above).
  bool standsForElement(size_t structIndex) const { return structs[structIndex].name.empty(); }
};

// A schema and how C++ spells it: what the plugin builds and the emitters read.
struct BoundSchema {
  Schema schema;
  CppBinding cpp;
};

} // namespace karmem::idl
