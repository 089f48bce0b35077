// What `[[karmem::struct(...)]]` says about a struct: its kind (table, the
// default, or inline) and its layout mode (packed, the default, or Karmem's
// legacy unpacked layout). The attribute handler records them on the
// declaration as an AnnotateAttr "karmem::struct:<kind>:<mode>", which the
// AST consumer reads back (also from template instantiations, which inherit it).
#pragma once

#include "AttributeArguments.h"

#include "karmem/idl/schema.h"

#include <optional>
#include <string>

namespace clang {
class AnnotateAttr;
class Decl;
class DiagnosticsEngine;
} // namespace clang

namespace karmem::plugin {

struct StructOptions {
  idl::StructKind kind = idl::StructKind::Table;
  bool packed = true;

  bool operator==(const StructOptions &) const = default;
};

// Interprets the recorded arguments of one attribute, reporting unknown,
// repeated, conflicting and missing arguments. Returns false after an error.
bool interpretArguments(clang::DiagnosticsEngine &diags, const RecordedAttribute &recorded,
                        StructOptions &out);

// "karmem::struct:table:packed", the annotation the handler attaches.
std::string annotationText(const StructOptions &options);

// The options an AnnotateAttr records, or nullopt when it is not ours.
std::optional<StructOptions> optionsFromAnnotation(const clang::AnnotateAttr &attr);

// The first karmem annotation on `decl` (for a template instantiation, on
// the declaration it was instantiated from), or null.
const clang::AnnotateAttr *findKarmemAnnotation(const clang::Decl *decl);

// "table, packed": the options as an attribute would spell them.
std::string describe(const StructOptions &options);

} // namespace karmem::plugin
