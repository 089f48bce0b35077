// The rules every Karmem schema obeys, whichever front end built it (spec
// §2.3-2.6): the .km reader and the Clang plugin both call validateSchema on
// the model they built, so each rule is written once, here.
//
// Checked here: an enum has members and one of them has the value 0; a struct
// has a field; type names are unique in the schema, field names in their
// struct, member names in their enum; an array or slice does not hold an enum
// or a table (wrap it in an inline struct); a field refers only to types
// declared before its struct, never to its own struct; `order` names every
// declaration once.
//
// Not here, because the model cannot express them: sequences of sequences
// (FieldType has one shape), unknown type names (a TypeRef is an index), and
// lexical rules (how names, values and tags are spelled) -- each front end
// rejects those while it reads its input.
#pragma once

#include "karmem/idl/cpp_binding.h"
#include "karmem/idl/schema.h"

#include <string>

namespace karmem::idl {

struct SchemaDiagnostic {
  enum class Severity : uint8_t { Error, Note } severity = Severity::Error;
  DeclRef decl;  // the declaration the diagnostic is about
  Origin at;     // where to point: a name, a field's type, a declaration's end
  std::string message;
  // The rule looks at everything the declaration holds (it has a field, it
  // has a zero member). A front end that dropped some of its parts, having
  // reported why, may skip such a diagnostic: it would be a consequence.
  bool aboutWholeDeclaration = false;
};

// Receives each diagnostic as it is found: an error, then the notes that
// belong to it. The plugin turns them into clang diagnostics (Origin::opaque
// is a SourceLocation), karmem-idl prints them as file:line:column.
class DiagnosticSink {
public:
  virtual ~DiagnosticSink() = default;
  virtual void report(const SchemaDiagnostic &diagnostic) = 0;
};

// Checks `schema` against the rules above, reporting every violation in
// declaration order. Returns true when there is none. With the C++ binding of
// a schema read from C++, messages name types, fields and enumerators as the
// C++ spells them (two C++ names may map to one Karmem name).
bool validateSchema(const Schema &schema, DiagnosticSink &sink, const CppBinding *cpp = nullptr);

} // namespace karmem::idl
