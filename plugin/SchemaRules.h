// Checks the schema the builder made against Karmem's rules (idl/validate.h,
// shared with the .km reader) and reports what breaks them as clang
// diagnostics at the C++ declarations.
#pragma once

#include "karmem/idl/schema.h"

namespace clang {
class DiagnosticsEngine;
}

namespace karmem::plugin {

class SchemaBuilder;

// Returns false after reporting at least one error.
bool checkSchemaRules(const idl::Schema &schema, const SchemaBuilder &builder,
                      clang::DiagnosticsEngine &diags);

} // namespace karmem::plugin
