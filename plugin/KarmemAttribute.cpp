// The `[[karmem::struct]]` attribute (C++11 and C23 spellings): where it may
// appear, and what it records. Its arguments come from the token watcher
// (AttributeArguments.h) because clang drops them; the kind and mode are
// attached to the declaration as an AnnotateAttr (StructOptions.h).
// Tests: test/plugin/attr-placement.cpp, attr-args-*.cpp, attr-c23-spelling.c.
#include "AttributeArguments.h"
#include "StructOptions.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

namespace karmem::plugin {

namespace {

// "a function", "a union": what the attribute was wrongly put on.
const char *describeDeclaration(const clang::Decl *decl) {
  using namespace clang;
  if (const auto *record = dyn_cast<RecordDecl>(decl))
    return record->isUnion() ? "a union" : "this declaration";
  if (isa<EnumDecl>(decl))
    return "an enum";
  if (isa<EnumConstantDecl>(decl))
    return "an enumerator";
  if (isa<FieldDecl>(decl) || isa<IndirectFieldDecl>(decl))
    return "a data member";
  if (isa<ParmVarDecl>(decl))
    return "a parameter";
  if (isa<VarDecl>(decl))
    return "a variable";
  if (isa<FunctionDecl>(decl))
    return "a function";
  if (isa<TypedefNameDecl>(decl))
    return "a type alias";
  if (isa<NamespaceDecl>(decl))
    return "a namespace";
  return "this declaration";
}

struct KarmemStructAttrInfo : clang::ParsedAttrInfo {
  KarmemStructAttrInfo() {
    // The arguments are recovered from the token stream, so clang is told
    // the attribute takes none (it drops them anyway).
    static constexpr Spelling kSpellings[] = {
        {clang::ParsedAttr::AS_CXX11, "karmem::struct"},
        {clang::ParsedAttr::AS_C23, "karmem::struct"},
    };
    Spellings = kSpellings;
  }

  bool diagAppertainsToDecl(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Decl *decl) const override {
    const auto *record = llvm::dyn_cast<clang::RecordDecl>(decl);
    if (record && !record->isUnion())
      return true;
    unsigned id = sema.getDiagnostics().getCustomDiagID(
        clang::DiagnosticsEngine::Error,
        "'karmem::struct' applies only to struct and class declarations, not to %0");
    sema.Diag(attr.getLoc(), id) << describeDeclaration(decl);
    return false;
  }

  bool diagAppertainsToStmt(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Stmt *) const override {
    unsigned id = sema.getDiagnostics().getCustomDiagID(
        clang::DiagnosticsEngine::Error,
        "'karmem::struct' applies only to struct and class declarations, not to a statement");
    sema.Diag(attr.getLoc(), id);
    return false;
  }

  AttrHandling handleDeclAttribute(clang::Sema &sema, clang::Decl *decl,
                                   const clang::ParsedAttr &attr) const override {
    clang::DiagnosticsEngine &diags = sema.getDiagnostics();
    StructOptions options;
    if (!isWatchingAttributeTokens(sema.getPreprocessor())) {
      unsigned id = diags.getCustomDiagID(
          clang::DiagnosticsEngine::Error,
          "cannot read the arguments of 'karmem::struct': the karmem plugin action is not "
          "running in this compilation");
      diags.Report(attr.getLoc(), id);
    } else if (std::optional<RecordedAttribute> recorded =
                   findRecordedAttribute(sema.getPreprocessor(), attr.getLoc())) {
      interpretArguments(diags, *recorded, options);
    } else {
      unsigned id = diags.getCustomDiagID(
          clang::DiagnosticsEngine::Error,
          "cannot read the arguments of 'karmem::struct' written this way; write "
          "'[[karmem::struct(...)]]'");
      diags.Report(attr.getLoc(), id);
    }
    // Attached even after an argument error (the compilation fails then, so
    // nothing is written) to keep uses of the type from reporting that it is
    // not annotated.
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, annotationText(options), nullptr, 0,
                                              attr.getRange()));
    return AttributeApplied;
  }
};

} // namespace

} // namespace karmem::plugin

static clang::ParsedAttrInfoRegistry::Add<karmem::plugin::KarmemStructAttrInfo>
    RegisterKarmemStruct("karmem-struct", "[[karmem::struct(table|inline, packed|unpacked)]]");
