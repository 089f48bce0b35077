// See CppNames.h. Tests: test/plugin/names-collision.cpp, attr-on-template.cpp,
// template-argument-names-target-independent.test, diag-field-types.cpp,
// out-include-path-quotes.test, out-names-and-places.test.
#include "CppNames.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/QualTypeNames.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <optional>
#include <string>

namespace karmem::plugin {

std::string qualifiedCppName(const clang::TagDecl *tag, const clang::ASTContext &ctx) {
  clang::PrintingPolicy policy(ctx.getLangOpts());
  policy.SuppressTagKeyword = true;
  policy.SuppressUnwrittenScope = true; // anonymous and inline namespaces
  policy.FullyQualifiedName = true;
  clang::QualType type = ctx.getTagDeclType(tag);
  return clang::TypeName::getFullyQualifiedName(type, ctx, policy, /*WithGlobalNsPrefix=*/true);
}

namespace {

// `long` and `long long` are the same widths under different names on
// different targets (int64_t is `long` on x86-64 and `long long` on wasm32),
// so an argument of either is named by its width, as KarmemIDL spells it:
// `Pair<int64_t>` is PairInt64 whichever target generated the schema.
std::optional<std::string> widthName(const clang::TemplateArgument &arg, const clang::ASTContext &ctx) {
  if (arg.getKind() != clang::TemplateArgument::Type)
    return std::nullopt;
  const auto *builtin = arg.getAsType().getCanonicalType()->getAs<clang::BuiltinType>();
  if (!builtin)
    return std::nullopt;
  switch (builtin->getKind()) {
  case clang::BuiltinType::Long:
  case clang::BuiltinType::LongLong:
    return "int" + std::to_string(ctx.getTypeSize(builtin));
  case clang::BuiltinType::ULong:
  case clang::BuiltinType::ULongLong:
    return "uint" + std::to_string(ctx.getTypeSize(builtin));
  default:
    return std::nullopt;
  }
}

// Each template argument becomes `_`-separated words of the name ("Pair<int>"
// -> "Pair_int", "Grid<float, 4>" -> "Grid_float_4"), so that two
// instantiations of one template get distinct KarmemIDL names (PairInt).
void appendTemplateArguments(const clang::TagDecl *tag, std::string &name) {
  const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(tag);
  if (!spec)
    return;
  clang::PrintingPolicy policy(tag->getASTContext().getLangOpts());
  policy.SuppressScope = true;
  policy.SuppressTagKeyword = true;
  for (const clang::TemplateArgument &arg : spec->getTemplateArgs().asArray()) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (std::optional<std::string> width = widthName(arg, tag->getASTContext()))
      os << *width;
    else
      arg.print(policy, os, /*IncludeType=*/false);
    name += '_';
    for (char c : os.str())
      name += llvm::isAlnum(c) ? c : '_';
  }
}

} // namespace

std::string unqualifiedName(const clang::TagDecl *tag) {
  if (tag->getIdentifier()) {
    std::string name = tag->getName().str();
    appendTemplateArguments(tag, name);
    return name;
  }
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
