// A RecursiveASTVisitor over the translation unit that skips declarations in
// system headers (the standard library is never searched) and visits
// template instantiations, whose annotations clang copies from the template.
// Tests: test/plugin/attr-template.cpp, no-annotations-silent.cpp.
#include "AnnotatedRecords.h"

#include "StructOptions.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

namespace karmem::plugin {

namespace {

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
    if (record->isThisDeclarationADefinition() && !record->isDependentType() &&
        !record->isInvalidDecl() && findKarmemAnnotation(record))
      records.push_back(record);
    return true;
  }

  std::vector<const clang::RecordDecl *> records;

private:
  const clang::SourceManager &sm_;
};

} // namespace

std::vector<const clang::RecordDecl *> findAnnotatedRecords(clang::ASTContext &ctx) {
  Collector collector(ctx.getSourceManager());
  collector.TraverseDecl(ctx.getTranslationUnitDecl());
  return std::move(collector.records);
}

} // namespace karmem::plugin
