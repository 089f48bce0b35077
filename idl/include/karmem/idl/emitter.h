// The outputs generated for a schema, behind one interface: each emitter turns
// the model, its layout and its C++ binding into the text of one file named
// <stem><suffix>. The plugin writes every emitter in `schemaOutputs()`; adding
// an output (another language's bindings, say) is one row there.
#pragma once

#include "karmem/idl/cpp_binding.h"
#include "karmem/idl/cpp_emitter.h"
#include "karmem/idl/layout.h"

#include <span>
#include <string>

namespace karmem::idl {

struct EmitInput {
  const Schema &schema;
  const SchemaLayout &layout;
  const CppBinding &cpp;
  const CppEmitOptions &options;
};

struct Emitter {
  const char *suffix; // ".km", ".karmem.h"
  std::string (*emit)(const EmitInput &);
};

// The .km (for Karmem's own generators) and the accessors header.
std::span<const Emitter> schemaOutputs();

} // namespace karmem::idl
