// Interprets `[[karmem::struct(...)]]` arguments and converts options to and
// from the AnnotateAttr that carries them from the attribute handler to the
// AST consumer. Tests: test/plugin/attr-args-*.cpp, attr-on-template.cpp,
// diag-struct-declarations.cpp.
#include "StructOptions.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/StringRef.h"

namespace karmem::plugin {

namespace {

constexpr llvm::StringLiteral kAnnotationPrefix = "karmem::struct:";
constexpr const char *kValidArguments = "'table', 'inline', 'packed' and 'unpacked'";

// Which of the two choices an argument makes.
enum class Choice { Kind, Mode };

struct KnownArgument {
  llvm::StringLiteral word;
  Choice choice;
  void (*apply)(StructOptions &);
};

const KnownArgument kKnownArguments[] = {
    {"table", Choice::Kind, [](StructOptions &o) { o.kind = idl::StructKind::Table; }},
    {"inline", Choice::Kind, [](StructOptions &o) { o.kind = idl::StructKind::Inline; }},
    {"packed", Choice::Mode, [](StructOptions &o) { o.packed = true; }},
    {"unpacked", Choice::Mode, [](StructOptions &o) { o.packed = false; }},
};

const KnownArgument *findKnown(llvm::StringRef word) {
  for (const KnownArgument &k : kKnownArguments)
    if (k.word == word)
      return &k;
  return nullptr;
}

// The valid argument closest to a typo, if it is close enough to suggest.
const KnownArgument *closestKnown(llvm::StringRef word) {
  const KnownArgument *best = nullptr;
  unsigned bestDistance = 3;
  for (const KnownArgument &k : kKnownArguments) {
    unsigned d = word.edit_distance(k.word, /*AllowReplacements=*/true, bestDistance);
    if (d < bestDistance) {
      best = &k;
      bestDistance = d;
    }
  }
  return best;
}

void reportUnknown(clang::DiagnosticsEngine &diags, const AttributeArgument &arg) {
  if (const KnownArgument *near = arg.word ? closestKnown(arg.text) : nullptr) {
    unsigned id = diags.getCustomDiagID(
        clang::DiagnosticsEngine::Error,
        "unknown argument '%0' to 'karmem::struct'; did you mean '%1'? (valid arguments are %2)");
    diags.Report(arg.loc, id) << arg.text << near->word.str() << kValidArguments
                              << clang::FixItHint::CreateReplacement(arg.loc, near->word);
    return;
  }
  unsigned id = diags.getCustomDiagID(
      clang::DiagnosticsEngine::Error,
      "unknown argument '%0' to 'karmem::struct'; valid arguments are %1");
  diags.Report(arg.loc, id) << arg.text << kValidArguments;
}

} // namespace

bool interpretArguments(clang::DiagnosticsEngine &diags, const RecordedAttribute &recorded,
                        StructOptions &out) {
  out = StructOptions{};
  bool ok = true;
  const AttributeArgument *chosen[2] = {nullptr, nullptr}; // by Choice
  for (const AttributeArgument &arg : recorded.arguments) {
    if (arg.text.empty()) {
      unsigned id = diags.getCustomDiagID(
          clang::DiagnosticsEngine::Error,
          "missing argument to 'karmem::struct'; valid arguments are %0");
      diags.Report(arg.loc, id) << kValidArguments;
      ok = false;
      continue;
    }
    const KnownArgument *known = arg.word ? findKnown(arg.text) : nullptr;
    if (!known) {
      reportUnknown(diags, arg);
      ok = false;
      continue;
    }
    const AttributeArgument *&previous = chosen[static_cast<int>(known->choice)];
    if (previous && previous->text == arg.text) {
      unsigned id = diags.getCustomDiagID(clang::DiagnosticsEngine::Error,
                                          "argument '%0' given twice to 'karmem::struct'");
      diags.Report(arg.loc, id) << arg.text;
      ok = false;
      continue;
    }
    if (previous) {
      unsigned id = diags.getCustomDiagID(
          clang::DiagnosticsEngine::Error,
          "conflicting arguments '%0' and '%1' to 'karmem::struct': a struct is %select{either "
          "'table' or 'inline'|either 'packed' or 'unpacked'}2");
      diags.Report(arg.loc, id) << previous->text << arg.text
                                << static_cast<int>(known->choice);
      ok = false;
      continue;
    }
    previous = &arg;
    known->apply(out);
  }
  return ok;
}

std::string annotationText(const StructOptions &options) {
  std::string text = kAnnotationPrefix.str();
  text += options.kind == idl::StructKind::Table ? "table" : "inline";
  text += options.packed ? ":packed" : ":unpacked";
  return text;
}

std::optional<StructOptions> optionsFromAnnotation(const clang::AnnotateAttr &attr) {
  llvm::StringRef text = attr.getAnnotation();
  if (!text.consume_front(kAnnotationPrefix))
    return std::nullopt;
  auto [kind, mode] = text.split(':');
  StructOptions options;
  if (kind == "table")
    options.kind = idl::StructKind::Table;
  else if (kind == "inline")
    options.kind = idl::StructKind::Inline;
  else
    return std::nullopt;
  if (mode == "packed")
    options.packed = true;
  else if (mode == "unpacked")
    options.packed = false;
  else
    return std::nullopt;
  return options;
}

const clang::AnnotateAttr *findKarmemAnnotation(const clang::Decl *decl) {
  for (const auto *attr : decl->specific_attrs<clang::AnnotateAttr>())
    if (optionsFromAnnotation(*attr))
      return attr;
  if (const auto *record = llvm::dyn_cast<clang::CXXRecordDecl>(decl))
    if (const clang::CXXRecordDecl *pattern = record->getTemplateInstantiationPattern())
      if (pattern != record)
        return findKarmemAnnotation(pattern);
  return nullptr;
}

std::string describe(const StructOptions &options) {
  std::string text = options.kind == idl::StructKind::Table ? "table" : "inline";
  text += options.packed ? ", packed" : ", unpacked";
  return text;
}

} // namespace karmem::plugin
