// Checks the schema the builder made against Karmem's rules (idl/validate.h,
// shared with the .km reader) and reports what breaks them as clang
// diagnostics at the C++ declarations.
#pragma once

#include "karmem/idl/cpp_binding.h"

namespace clang {
class DiagnosticsEngine;
}

namespace karmem::plugin {

class SchemaBuilder;

// Returns false after reporting at least one error.
bool checkSchemaRules(const idl::BoundSchema &bound, const SchemaBuilder &builder,
                      clang::DiagnosticsEngine &diags);

} // namespace karmem::plugin
