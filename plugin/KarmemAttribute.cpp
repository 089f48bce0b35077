// The `[[karmem::struct]]` attribute (C++11 and C23 spellings): where it may
// appear, and what it records. Its arguments come from the token watcher
// (AttributeArguments.h) because clang drops them; the kind and mode are
// attached to the declaration as an AnnotateAttr (StructOptions.h).
//
// The plugin owns the `karmem::` attribute namespace: any other
// `[[karmem::NAME]]` (`stuct`, `Struct`) is an error at the attribute, with a
// fix-it to `struct` when NAME is a near miss, never an attribute clang
// ignores while the struct silently drops out of the schema. Clang looks a
// plugin attribute up by the exact spellings its ParsedAttrInfo lists when it
// parses the attribute, so a second ParsedAttrInfo lists every `karmem::NAME`
// the token watcher (AttributeArguments.cpp) saw just before: the spelling is
// then known, and clang's "unknown attribute ignored" does not fire.
// Tests: test/plugin/attr-placement.cpp, attr-args-*.cpp, attr-c23-spelling.c,
// attr-misspelled.cpp, attr-misspelled-c23.c.
#include "AttributeArguments.h"
#include "Diagnostics.h"
#include "StructOptions.h"

#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"
#include "llvm/ADT/StringSet.h"

#include <deque>
#include <string>
#include <vector>

namespace karmem::plugin {

namespace {

// "a function", "a union": what the attribute was wrongly put on.
const char *describeDeclaration(const clang::Decl *decl) {
  using namespace clang;
  if (const auto *record = dyn_cast<RecordDecl>(decl))
    return record->isUnion() ? "a union" : "this declaration";
  if (isa<EnumDecl>(decl))
    return "an enum";
  if (isa<EnumConstantDecl>(decl))
    return "an enumerator";
  if (isa<FieldDecl>(decl) || isa<IndirectFieldDecl>(decl))
    return "a data member";
  if (isa<ParmVarDecl>(decl))
    return "a parameter";
  if (isa<VarDecl>(decl))
    return "a variable";
  if (isa<FunctionDecl>(decl))
    return "a function";
  if (isa<TypedefNameDecl>(decl))
    return "a type alias";
  if (isa<NamespaceDecl>(decl))
    return "a namespace";
  return "this declaration";
}

struct KarmemStructAttrInfo : clang::ParsedAttrInfo {
  KarmemStructAttrInfo() {
    // The arguments are recovered from the token stream, so clang is told
    // the attribute takes none (it drops them anyway).
    static constexpr Spelling kSpellings[] = {
        {clang::ParsedAttr::AS_CXX11, "karmem::struct"},
        {clang::ParsedAttr::AS_C23, "karmem::struct"},
    };
    Spellings = kSpellings;
  }

  bool diagAppertainsToDecl(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Decl *decl) const override {
    const auto *record = llvm::dyn_cast<clang::RecordDecl>(decl);
    if (record && !record->isUnion())
      return true;
    unsigned id = sema.getDiagnostics().getCustomDiagID(
        clang::DiagnosticsEngine::Error,
        "'karmem::struct' applies only to struct and class declarations, not to %0");
    sema.Diag(attr.getLoc(), id) << describeDeclaration(decl);
    return false;
  }

  bool diagAppertainsToStmt(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Stmt *) const override {
    unsigned id = sema.getDiagnostics().getCustomDiagID(
        clang::DiagnosticsEngine::Error,
        "'karmem::struct' applies only to struct and class declarations, not to a statement");
    sema.Diag(attr.getLoc(), id);
    return false;
  }

  AttrHandling handleDeclAttribute(clang::Sema &sema, clang::Decl *decl,
                                   const clang::ParsedAttr &attr) const override {
    clang::DiagnosticsEngine &diags = sema.getDiagnostics();
    StructOptions options;
    if (!isWatchingAttributeTokens(sema.getPreprocessor())) {
      unsigned id = diags.getCustomDiagID(
          clang::DiagnosticsEngine::Error,
          "cannot read the arguments of 'karmem::struct': the karmem plugin action is not "
          "running in this compilation");
      diags.Report(attr.getLoc(), id);
    } else if (std::optional<RecordedAttribute> recorded =
                   findRecordedAttribute(sema.getPreprocessor(), attr.getLoc())) {
      interpretArguments(diags, *recorded, options);
    } else {
      unsigned id = diags.getCustomDiagID(
          clang::DiagnosticsEngine::Error,
          "cannot read the arguments of 'karmem::struct' written this way; write "
          "'[[karmem::struct(...)]]'");
      diags.Report(attr.getLoc(), id);
    }
    // Attached even after an argument error (the compilation fails then, so
    // nothing is written) to keep uses of the type from reporting that it is
    // not annotated.
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, annotationText(options), nullptr, 0,
                                              attr.getRange()));
    return AttributeApplied;
  }
};

// The `karmem::NAME` spellings noted so far (NAME other than `struct`), in
// both syntaxes. The strings live in a deque so that the spellings' pointers
// stay valid as names are added; `info` is the ParsedAttrInfo listing them,
// once clang has made it.
struct OtherNames {
  llvm::StringSet<> seen;
  std::deque<std::string> fullNames;
  std::vector<clang::ParsedAttrInfo::Spelling> spellings;
  clang::ParsedAttrInfo *info = nullptr;
};

OtherNames &otherNames() {
  static OtherNames names;
  return names;
}

// A misspelling of `struct` the error offers to correct: the same letters in
// another case (`Struct`), at most two edits away (`stuct`, `sturct`), or
// `struct` with something after it (`structure`).
bool isNearMissOfStruct(llvm::StringRef name) {
  const std::string lower = name.lower();
  return llvm::StringRef(lower).starts_with("struct") ||
         llvm::StringRef(lower).edit_distance("struct", /*AllowReplacements=*/true,
                                              /*MaxEditDistance=*/3) <= 2;
}

struct KarmemOtherNameAttrInfo : clang::ParsedAttrInfo {
  KarmemOtherNameAttrInfo() {
    OtherNames &names = otherNames();
    Spellings = names.spellings;
    names.info = this;
  }
  ~KarmemOtherNameAttrInfo() override {
    if (otherNames().info == this)
      otherNames().info = nullptr;
  }

  // The error, wherever the attribute is. Only on a struct or class does the
  // attribute then go on to handleDeclAttribute.
  static void diagnose(clang::Sema &sema, const clang::ParsedAttr &attr) {
    llvm::StringRef name = attr.getAttrName()->getName();
    // The name is the last token of the attribute's range (the arguments,
    // which clang skips for it, are not part of it).
    clang::SourceLocation nameLoc = attr.getRange().getEnd();
    if (isNearMissOfStruct(name)) {
      auto diag = reportError(sema.getDiagnostics(), attr.getLoc(),
                              "unknown attribute 'karmem::%0'; did you mean 'karmem::struct'?")
                  << name << attr.getRange();
      if (nameLoc.isFileID())
        diag << clang::FixItHint::CreateReplacement(clang::CharSourceRange::getTokenRange(nameLoc),
                                                    "struct");
    } else if (name == "table" || name == "inline" || name == "packed" || name == "unpacked") {
      reportError(sema.getDiagnostics(), attr.getLoc(),
                  "unknown attribute 'karmem::%0'; the only karmem attribute is 'karmem::struct': "
                  "write 'karmem::struct(%0)'")
          << name << attr.getRange();
    } else {
      reportError(sema.getDiagnostics(), attr.getLoc(),
                  "unknown attribute 'karmem::%0'; the only karmem attribute is 'karmem::struct'")
          << name << attr.getRange();
    }
  }

  bool diagAppertainsToDecl(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Decl *decl) const override {
    diagnose(sema, attr);
    const auto *record = llvm::dyn_cast<clang::RecordDecl>(decl);
    return record && !record->isUnion();
  }

  bool diagAppertainsToStmt(clang::Sema &sema, const clang::ParsedAttr &attr,
                            const clang::Stmt *) const override {
    diagnose(sema, attr);
    return false;
  }

  // The struct stays annotated (with the default kind): the compilation has
  // failed already, and uses of the type are not reported as unannotated.
  AttrHandling handleDeclAttribute(clang::Sema &sema, clang::Decl *decl,
                                   const clang::ParsedAttr &attr) const override {
    decl->addAttr(clang::AnnotateAttr::Create(sema.Context, annotationText(StructOptions{}),
                                              nullptr, 0, attr.getRange()));
    return AttributeApplied;
  }
};

} // namespace

void noteKarmemAttributeName(llvm::StringRef name) {
  OtherNames &names = otherNames();
  if (name == "struct" || !names.seen.insert(name).second)
    return;
  const char *fullName = names.fullNames.emplace_back(("karmem::" + name).str()).c_str();
  names.spellings.push_back({clang::ParsedAttr::AS_CXX11, fullName});
  names.spellings.push_back({clang::ParsedAttr::AS_C23, fullName});
  if (names.info)
    names.info->Spellings = names.spellings;
}

} // namespace karmem::plugin

static clang::ParsedAttrInfoRegistry::Add<karmem::plugin::KarmemStructAttrInfo>
    RegisterKarmemStruct("karmem-struct", "[[karmem::struct(table|inline, packed|unpacked)]]");
static clang::ParsedAttrInfoRegistry::Add<karmem::plugin::KarmemOtherNameAttrInfo>
    RegisterKarmemOtherNames("karmem-other-names",
                             "[[karmem::NAME]] for NAME other than struct: an error");
