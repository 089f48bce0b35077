// Enums (spec §2.3): a fixed integer underlying type, non-negative values and
// valid member names (the zero member and distinct names are Karmem rules,
// checked on the model by idl/validate.h). Part of SchemaBuilder. Tests: test/plugin/diag-enum*.cpp,
// sequences-of-tables-and-enums.cpp, test/golden/golden-gen-alltypes*.test.
#include "SchemaBuilder.h"

#include "CppNames.h"
#include "Diagnostics.h"

#include "karmem/idl/names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

namespace karmem::plugin {

namespace {

// ` : uint8_t` (or the smallest unsigned type holding every value) for an
// enum without a fixed underlying type, or "" when no such fix makes sense.
std::string suggestedUnderlyingType(const clang::EnumDecl *decl) {
  uint64_t largest = 0;
  for (const clang::EnumConstantDecl *e : decl->enumerators()) {
    const llvm::APSInt &v = e->getInitVal();
    if (v.isSigned() && v.isNegative())
      return "";
    if (v.getActiveBits() > 64)
      return "";
    largest = std::max(largest, v.getZExtValue());
  }
  if (largest <= UINT8_MAX)
    return " : uint8_t";
  if (largest <= UINT16_MAX)
    return " : uint16_t";
  if (largest <= UINT32_MAX)
    return " : uint32_t";
  return " : uint64_t";
}

} // namespace

std::optional<size_t> SchemaBuilder::visitEnum(const clang::EnumDecl *decl,
                                               const clang::FieldDecl *user) {
  const clang::EnumDecl *definition = decl->getDefinition();
  if (!definition)
    definition = decl->getCanonicalDecl();
  if (auto it = nodeOfDecl_.find(definition); it != nodeOfDecl_.end())
    return it->second;
  const clang::SourceManager &sm = ctx_.getSourceManager();
  const clang::LangOptions &lang = ctx_.getLangOpts();
  const clang::SourceLocation loc = definition->getLocation();

  if (!definition->isFixed()) {
    reportError(diags_, user->getLocation(),
                "field %0 uses the enum %1, which has no fixed underlying type; a Karmem enum "
                "needs one (uint8_t ... int64_t)")
        << user << definition;
    const std::string fix = suggestedUnderlyingType(definition);
    const bool canFix = definition->getIdentifier() && loc.isFileID() &&
                        !sm.isInSystemHeader(loc) && (lang.CPlusPlus11 || lang.C23) &&
                        !fix.empty();
    if (canFix)
      reportNote(diags_, loc, "give %0 a fixed underlying type")
          << definition
          << clang::FixItHint::CreateInsertion(
                 clang::Lexer::getLocForEndOfToken(loc, 0, sm, lang), fix);
    else
      reportNote(diags_, loc, "%0 is declared here") << definition;
    return std::nullopt;
  }
  if (failedDecls_.count(definition))
    return std::nullopt;

  const std::string name = unqualifiedName(definition);
  if (name.empty()) {
    reportError(diags_, user->getLocation(),
                "field %0 uses an unnamed enum; KarmemIDL enums need a name")
        << user;
    failedDecls_[definition] = true;
    return std::nullopt;
  }
  if (isLocalDeclaration(definition)) {
    reportError(diags_, loc, "enum %0 is declared inside a function, where generated code cannot "
                             "name it")
        << definition;
    failedDecls_[definition] = true;
    return std::nullopt;
  }

  idl::Enum out;
  out.name = idl::toPascalCase(name);
  idl::CppEnumBinding cpp;
  cpp.name = qualifiedCppName(definition, ctx_);
  out.origin.opaque = loc.getRawEncoding();
  if (!idl::isValidKmEnumName(out.name))
    reportError(diags_, loc, "enum %0 maps to the KarmemIDL enum name '%1', which is not valid "
                             "(KarmemIDL enum names are ASCII letters only, starting upper-case)")
        << definition << out.name;

  const clang::QualType underlying = definition->getIntegerType().getCanonicalType();
  std::optional<idl::Primitive> primitive;
  if (underlying->isIntegerType() && !underlying->isBooleanType())
    primitive = integerPrimitive(ctx_.getTypeSize(underlying), underlying->isSignedIntegerType());
  if (!primitive)
    reportError(diags_, loc, "enum %0 has the underlying type %1; a Karmem enum needs an 8-, 16-, "
                             "32- or 64-bit integer type")
        << definition << underlying;
  else
    out.underlying = *primitive;

  translateEnumerators(definition, out, cpp);

  const size_t index = enums_.size();
  enums_.push_back(std::move(out));
  cppEnums_.push_back(std::move(cpp));
  const size_t node = addNode(idl::DeclRef::Kind::Enum, index, loc);
  nodeOfDecl_[definition] = node;
  return node;
}

void SchemaBuilder::translateEnumerators(const clang::EnumDecl *decl, idl::Enum &out,
                                         idl::CppEnumBinding &cpp) {
  uint64_t position = 0;
  for (const clang::EnumConstantDecl *e : decl->enumerators()) {
    const llvm::APSInt &value = e->getInitVal();
    const uint64_t thisPosition = position++;
    if (value.isSigned() && value.isNegative()) {
      reportError(diags_, e->getLocation(),
                  "enumerator %0 of %1 has the negative value %2; KarmemIDL enum values are "
                  "non-negative")
          << e << decl << llvm::toString(value, 10);
      incomplete_.insert(out.origin.opaque);
      continue;
    }
    idl::EnumMember member;
    const std::string enumerator = e->getName().str();
    member.name = idl::toPascalCase(enumerator);
    member.value = value.getZExtValue();
    member.explicitValue = member.value != thisPosition;
    member.origin.opaque = e->getLocation().getRawEncoding();
    if (!idl::isValidKmIdentifier(member.name)) {
      reportError(diags_, e->getLocation(),
                  "enumerator %0 maps to the KarmemIDL member name '%1', which is not valid (an "
                  "upper-case ASCII letter, then ASCII letters and digits)")
          << e << member.name;
      incomplete_.insert(out.origin.opaque);
      continue;
    }
    out.members.push_back(std::move(member));
    cpp.members.push_back(enumerator);
  }
}

} // namespace karmem::plugin
