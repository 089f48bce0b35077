// See CppNames.h. Tests: test/plugin/km-names.cpp, header-includes.cpp.
#include "CppNames.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace karmem::plugin {

std::string qualifiedCppName(const clang::TagDecl *tag, const clang::ASTContext &ctx) {
  clang::PrintingPolicy policy(ctx.getLangOpts());
  policy.SuppressTagKeyword = true;
  policy.SuppressUnwrittenScope = true; // anonymous and inline namespaces
  policy.FullyQualifiedName = true;
  clang::QualType type = ctx.getTagDeclType(tag);
  return clang::TypeName::getFullyQualifiedName(type, ctx, policy, /*WithGlobalNsPrefix=*/true);
}

std::string unqualifiedName(const clang::TagDecl *tag) {
  if (tag->getIdentifier())
    return tag->getName().str();
  if (const clang::TypedefNameDecl *alias = tag->getTypedefNameForAnonDecl())
    return alias->getName().str();
  return "";
}

bool isLocalDeclaration(const clang::Decl *decl) {
  return decl->getParentFunctionOrMethod() != nullptr;
}

std::string declaringFile(const clang::Decl *decl, const clang::SourceManager &sm) {
  clang::FileID file = sm.getFileID(sm.getExpansionLoc(decl->getLocation()));
  clang::OptionalFileEntryRef entry = sm.getFileEntryRefForID(file);
  if (!entry)
    return "";
  llvm::SmallString<256> path(entry->getName());
  llvm::sys::fs::make_absolute(path);
  llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/true);
  return std::string(path);
}

} // namespace karmem::plugin
