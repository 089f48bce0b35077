// See SchemaRules.h. Tests: test/plugin/names-collision.cpp, diag-enums.cpp,
// diag-field-types.cpp.
#include "SchemaRules.h"

#include "Diagnostics.h"
#include "SchemaBuilder.h"

#include "karmem/idl/validate.h"

namespace karmem::plugin {

namespace {

class ClangSink : public idl::DiagnosticSink {
public:
  ClangSink(const idl::Schema &schema, const SchemaBuilder &builder,
            clang::DiagnosticsEngine &diags)
      : schema_(schema), builder_(builder), diags_(diags) {}

  void report(const idl::SchemaDiagnostic &d) override {
    using Severity = idl::SchemaDiagnostic::Severity;
    if (d.severity == Severity::Error)
      skipping_ = d.aboutWholeDeclaration && !builder_.translatedCompletely(originOf(d.decl));
    if (skipping_)
      return; // and the notes that belong to this error
    const auto at = clang::SourceLocation::getFromRawEncoding(d.at.opaque);
    if (d.severity == Severity::Error) {
      reportError(diags_, at, "%0") << d.message;
      reported_ = true;
    } else {
      reportNote(diags_, at, "%0") << d.message;
    }
  }

  bool reported() const { return reported_; }

private:
  const idl::Origin &originOf(const idl::DeclRef &d) const {
    return d.kind == idl::DeclRef::Kind::Enum ? schema_.enums[d.index].origin
                                              : schema_.structs[d.index].origin;
  }

  const idl::Schema &schema_;
  const SchemaBuilder &builder_;
  clang::DiagnosticsEngine &diags_;
  bool skipping_ = false;
  bool reported_ = false;
};

} // namespace

bool checkSchemaRules(const idl::BoundSchema &bound, const SchemaBuilder &builder,
                      clang::DiagnosticsEngine &diags) {
  ClangSink sink(bound.schema, builder, diags);
  idl::validateSchema(bound.schema, sink, &bound.cpp);
  return !sink.reported();
}

} // namespace karmem::plugin
