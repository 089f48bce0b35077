// Finds the records to emit: every definition carrying a karmem annotation
// (including instantiations of annotated class templates) declared outside
// system headers, in the order the AST holds them; and the annotated
// declarations of records that are never defined, which emit nothing.
#pragma once

#include <vector>

namespace clang {
class ASTContext;
class RecordDecl;
} // namespace clang

namespace karmem::plugin {

struct AnnotatedRecords {
  std::vector<const clang::RecordDecl *> definitions;
  std::vector<const clang::RecordDecl *> undefined; // the annotated declarations
};

AnnotatedRecords findAnnotatedRecords(clang::ASTContext &ctx);

} // namespace karmem::plugin
