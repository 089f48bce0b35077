// How the plugin names C++ entities: the fully qualified spelling generated
// code uses (`::game::Vec3`, `::Box<int>`), the unqualified name the Karmem
// name is made from, and the absolute path of the declaring file.
#pragma once

#include <string>

namespace clang {
class ASTContext;
class Decl;
class SourceManager;
class TagDecl;
} // namespace clang

namespace karmem::plugin {

// "::game::Vec3": the name generated code writes, with a leading `::`.
std::string qualifiedCppName(const clang::TagDecl *tag, const clang::ASTContext &ctx);

// The unqualified name of `tag`, or for `typedef struct { ... } Name;` the
// typedef's name; empty when it has neither. A template specialisation adds
// its arguments as `_`-separated words: "Pair_int" for Pair<int>.
std::string unqualifiedName(const clang::TagDecl *tag);

// True when `decl` is declared inside a function (a local type).
bool isLocalDeclaration(const clang::Decl *decl);

// The absolute, normalised path of the file declaring `decl` (the file a
// macro was expanded in, for declarations made by macros); empty when it
// comes from no file.
std::string declaringFile(const clang::Decl *decl, const clang::SourceManager &sm);

} // namespace karmem::plugin
