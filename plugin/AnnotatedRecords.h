// Finds the records to emit: every definition carrying a karmem annotation
// (including instantiations of annotated class templates) declared outside
// system headers, in the order the AST holds them.
#pragma once

#include <vector>

namespace clang {
class ASTContext;
class RecordDecl;
} // namespace clang

namespace karmem::plugin {

std::vector<const clang::RecordDecl *> findAnnotatedRecords(clang::ASTContext &ctx);

} // namespace karmem::plugin
