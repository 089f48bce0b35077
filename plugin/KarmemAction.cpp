// The plugin's frontend action, run before the main action of every
// compilation that loads libkarmem.so: it reads the plugin arguments
// (-fplugin-arg-karmem-out-dir=DIR), predefines __KARMEM_PLUGIN__ (so
// KARMEM_STRUCT(...) expands to the attribute), starts the token watcher that
// recovers attribute arguments, and hands the AST to KarmemConsumer.
// Tests: test/plugin/plugin-args.cpp, macro-without-plugin.cpp,
// modules-nested-build.test.
#include "AttributeArguments.h"
#include "Diagnostics.h"
#include "KarmemConsumer.h"

#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/Preprocessor.h"

namespace karmem::plugin {

namespace {

class KarmemAction : public clang::PluginASTAction {
protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &ci,
                                                        llvm::StringRef) override {
    clang::Preprocessor &pp = ci.getPreprocessor();
    pp.setPredefines(pp.getPredefines() + "#define __KARMEM_PLUGIN__ 1\n");
    watchAttributeTokens(pp);
    return std::make_unique<KarmemConsumer>(ci, outDir_);
  }

  // Bad arguments are reported as errors but the action still runs, so the
  // rest of the translation unit is checked too (nothing is written).
  bool ParseArgs(const clang::CompilerInstance &ci, const std::vector<std::string> &args) override {
    clang::DiagnosticsEngine &diags = ci.getDiagnostics();
    for (llvm::StringRef arg : args) {
      if (arg.consume_front("out-dir=")) {
        if (arg.empty())
          reportError(diags, {}, "-fplugin-arg-karmem-out-dir= needs a directory");
        outDir_ = arg.str();
        continue;
      }
      reportError(diags, {}, "unknown karmem plugin argument '%0'; the plugin accepts "
                             "-fplugin-arg-karmem-out-dir=<directory>")
          << arg;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

private:
  std::string outDir_;
};

} // namespace

} // namespace karmem::plugin

static clang::FrontendPluginRegistry::Add<karmem::plugin::KarmemAction>
    RegisterKarmemAction("karmem", "emit Karmem schemas and C++ views for [[karmem::struct]] types");
