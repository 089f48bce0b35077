// The end of a translation unit that loads the plugin: find the annotated
// records, build the schema, lay it out and write `<stem>.km` and
// `<stem>.karmem.h` -- or, when the unit has no annotated type, do nothing at
// all.
#pragma once

#include "clang/AST/ASTConsumer.h"

#include <string>

namespace clang {
class CompilerInstance;
}

namespace karmem::plugin {

class KarmemConsumer : public clang::ASTConsumer {
public:
  // `outDir` empty: the directory of the main file.
  KarmemConsumer(clang::CompilerInstance &ci, std::string outDir)
      : ci_(ci), outDir_(std::move(outDir)) {}

  void HandleTranslationUnit(clang::ASTContext &ctx) override;

private:
  clang::CompilerInstance &ci_;
  std::string outDir_;
};

} // namespace karmem::plugin
