// See KarmemConsumer.h. Files are written only when the translation unit
// compiled without any error, and only when their content changed.
// Tests: test/plugin/out-*.test, plugin-args.cpp, no-annotations-changes-nothing.cpp,
// diag-undefined-annotated.cpp, diag-struct-too-large.cpp, modules-nested-build.test.
#include "KarmemConsumer.h"

#include "AnnotatedRecords.h"
#include "AttributeArguments.h"
#include "Diagnostics.h"
#include "OutputWriter.h"
#include "SchemaBuilder.h"
#include "SchemaRules.h"

#include "karmem/idl/cpp_emitter.h"
#include "karmem/idl/emitter.h"
#include "karmem/idl/km.h"
#include "karmem/idl/layout.h"

#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace karmem::plugin {

namespace {

// "km-game" -> "kmgame": KarmemIDL schema names are letters only.
std::string schemaNameFromStem(llvm::StringRef stem) {
  std::string name;
  for (char c : stem)
    if (llvm::isAlpha(c))
      name += llvm::toLower(c);
  return name;
}

bool isHeaderPath(llvm::StringRef path) {
  llvm::StringRef ext = llvm::sys::path::extension(path);
  return ext == ".h" || ext == ".hh" || ext == ".hpp" || ext == ".hxx" || ext == ".h++" ||
         ext == ".H";
}

std::string normalisedAbsolute(clang::FileManager &files, llvm::StringRef path) {
  llvm::SmallString<256> out(path);
  files.makeAbsolutePath(out);
  llvm::sys::path::remove_dots(out, /*remove_dot_dot=*/true);
  return std::string(out);
}

// How the generated header names `file`: "relative/path" normally. A quote
// cannot appear between quotes (an #include has no escapes), so such a path
// is written <absolute>; nullopt when neither form can hold it.
std::optional<std::string> includeSpelling(const std::string &relative, const std::string &absolute) {
  if (relative.find_first_of("\"\n\r") == std::string::npos)
    return "\"" + relative + "\"";
  if (absolute.find_first_of(">\n\r") == std::string::npos)
    return "<" + absolute + ">";
  return std::nullopt;
}

} // namespace

void KarmemConsumer::HandleTranslationUnit(clang::ASTContext &ctx) {
  // No `karmem::struct` token anywhere: nothing can be annotated -- unless
  // declarations come from elsewhere (an imported module, a precompiled
  // header), whose tokens this compilation never lexed.
  if (!hasRecordedAttributes(ci_.getPreprocessor()) && !ctx.getExternalSource())
    return;
  const AnnotatedRecords found = findAnnotatedRecords(ctx);
  clang::DiagnosticsEngine &diags = ci_.getDiagnostics();
  for (const clang::RecordDecl *decl : found.undefined)
    reportWarning(diags, decl->getLocation(), "'karmem::struct' type %0 is declared but never "
                                              "defined in this translation unit, so nothing is "
                                              "generated for it")
        << decl;
  const std::vector<const clang::RecordDecl *> &records = found.definitions;
  if (records.empty())
    return;
  SchemaBuilder builder(ctx, diags);
  for (const clang::RecordDecl *record : records)
    builder.addRoot(record);
  idl::BoundSchema bound = builder.finish();
  idl::Schema &schema = bound.schema;
  checkSchemaRules(bound, builder, diags);
  if (diags.hasErrorOccurred())
    return;

  const clang::SourceManager &sm = ctx.getSourceManager();
  const clang::SourceLocation mainLoc = sm.getLocForStartOfFile(sm.getMainFileID());
  clang::OptionalFileEntryRef mainEntry = sm.getFileEntryRefForID(sm.getMainFileID());
  if (!mainEntry)
    return; // input from stdin: there is no file name to name the outputs after
  clang::FileManager &files = ci_.getFileManager();
  const std::string mainPath = normalisedAbsolute(files, mainEntry->getName());
  const std::string stem = llvm::sys::path::stem(mainPath).str();

  schema.name = schemaNameFromStem(stem);
  schema.packed = true;
  if (schema.name.empty()) {
    reportError(diags, mainLoc, "cannot name the Karmem schema after '%0': KarmemIDL schema "
                                "names are letters, and the file name has none")
        << stem;
    return;
  }
  idl::SchemaLayout layout;
  idl::LayoutError layoutError;
  if (!idl::computeLayout(schema, layout, layoutError)) {
    const clang::SourceLocation at =
        clang::SourceLocation::getFromRawEncoding(idl::originOf(schema, layoutError).opaque);
    reportError(diags, at, "cannot lay out the Karmem schema: %0") << layoutError.message;
    return;
  }

  // A module built from a module map (implicitly for an `import`, or by
  // `#pragma clang module build`) is checked like any code but writes
  // nothing: it has no source file of its own to name outputs after or write
  // beside, and each translation unit importing it generates the types it
  // sees, as it does for a header it includes.
  if (ci_.getLangOpts().getCompilingModule() == clang::LangOptions::CMK_ModuleMap)
    return;

  const std::string outDir = outDir_.empty()
                                 ? llvm::sys::path::parent_path(mainPath).str()
                                 : normalisedAbsolute(files, outDir_);
  const bool mainIsHeader =
      isHeaderPath(mainPath) ||
      (!ci_.getFrontendOpts().Inputs.empty() && ci_.getFrontendOpts().Inputs[0].getKind().isHeader());
  idl::CppEmitOptions options;
  options.sourceName = llvm::sys::path::filename(mainPath).str();
  for (const idl::DeclRef &ref : schema.order) {
    if (ref.kind != idl::DeclRef::Kind::Struct)
      continue;
    const std::string &file = bound.cpp.structs[ref.index].declaringFile;
    if (bound.cpp.standsForElement(ref.index) || file.empty())
      continue;
    if (file == mainPath && !mainIsHeader)
      continue;
    std::optional<std::string> include = includeSpelling(relativePath(outDir, file), file);
    if (!include) {
      reportError(diags,
                  clang::SourceLocation::getFromRawEncoding(schema.structs[ref.index].origin.opaque),
                  "cannot #include '%0' from the generated header: the path holds a newline, or "
                  "both '\"' and '>'; rename the file")
          << file;
      return;
    }
    if (std::find(options.includes.begin(), options.includes.end(), *include) ==
        options.includes.end())
      options.includes.push_back(std::move(*include));
  }

  const idl::EmitInput input{schema, layout, bound.cpp, options};
  for (const idl::Emitter &emitter : idl::schemaOutputs()) {
    const std::string path = outDir + "/" + stem + emitter.suffix;
    if (std::optional<std::string> failure = writeIfChanged(path, emitter.emit(input)))
      reportError(diags, mainLoc, "cannot write '%0': %1") << path << *failure;
  }
}

} // namespace karmem::plugin
