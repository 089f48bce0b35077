// A RecursiveASTVisitor over the translation unit that skips declarations in
// system headers (the standard library is never searched) and visits
// template instantiations, whose annotations clang copies from the template.
// Tests: test/plugin/attr-on-template.cpp, diag-undefined-annotated.cpp,
// modules-nested-build.test.
#include "AnnotatedRecords.h"

#include "StructOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace karmem::plugin {

namespace {

// True when the attribute is written on this very declaration (clang copies
// it onto later redeclarations as inherited).
bool hasOwnAnnotation(const clang::RecordDecl *record) {
  for (const auto *attr : record->specific_attrs<clang::AnnotateAttr>())
    if (!attr->isInherited() && optionsFromAnnotation(*attr))
      return true;
  return false;
}

class Collector : public clang::RecursiveASTVisitor<Collector> {
public:
  explicit Collector(const clang::SourceManager &sm) : sm_(sm) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool TraverseDecl(clang::Decl *decl) {
    if (decl && !llvm::isa<clang::TranslationUnitDecl>(decl) &&
        sm_.isInSystemHeader(decl->getLocation()))
      return true;
    return RecursiveASTVisitor::TraverseDecl(decl);
  }

  bool VisitRecordDecl(clang::RecordDecl *record) {
    if (record->isDependentType() || record->isInvalidDecl() || !findKarmemAnnotation(record))
      return true;
    if (record->isThisDeclarationADefinition())
      found.definitions.push_back(record);
    else if (!record->getDefinition() && hasOwnAnnotation(record))
      found.undefined.push_back(record);
    return true;
  }

  AnnotatedRecords found;

private:
  const clang::SourceManager &sm_;
};

} // namespace

AnnotatedRecords findAnnotatedRecords(clang::ASTContext &ctx) {
  Collector collector(ctx.getSourceManager());
  collector.TraverseDecl(ctx.getTranslationUnitDecl());
  return std::move(collector.found);
}

} // namespace karmem::plugin
