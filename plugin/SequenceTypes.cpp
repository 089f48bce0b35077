// Recognition of std::array, std::vector, std::string, karmem::limited and
// std::byte by declaration name and namespace (inline namespaces such as
// libc++'s std::__1 and libstdc++'s std::__cxx11 are looked through).
// Tests: test/plugin/types-primitives.test, sequences-of-tables-and-enums.cpp,
// diag-field-types.cpp, diag-target-dependent-types.cpp,
// generated-header-compiles-hostile.test, test/golden/golden-gen-alltypes*.test.
#include "SequenceTypes.h"

#include "clang/AST/DeclTemplate.h"

namespace karmem::plugin {

namespace {

// True when `decl` sits directly in namespace `karmem` (or an inline
// namespace of it) at global scope.
bool isInKarmemNamespace(const clang::Decl *decl) {
  const clang::DeclContext *dc = decl->getDeclContext();
  while (const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(dc)) {
    if (!ns->isInline())
      return ns->getName() == "karmem" && ns->getParent()->getRedeclContext()->isTranslationUnit();
    dc = ns->getParent();
  }
  return false;
}

std::optional<uint64_t> integralArgument(const clang::TemplateArgument &arg) {
  if (arg.getKind() != clang::TemplateArgument::Integral)
    return std::nullopt;
  const llvm::APSInt &value = arg.getAsIntegral();
  if (value.isNegative() || value.getActiveBits() > 64)
    return std::nullopt;
  return value.getZExtValue();
}

std::optional<Sequence> recognizeSpecialization(const clang::ClassTemplateSpecializationDecl *spec) {
  const clang::TemplateArgumentList &args = spec->getTemplateArgs();
  if (args.size() == 0 || args[0].getKind() != clang::TemplateArgument::Type)
    return std::nullopt;
  clang::QualType element = args[0].getAsType().getCanonicalType();
  llvm::StringRef name = spec->getName();
  if (spec->isInStdNamespace()) {
    if (name == "vector")
      return Sequence{SequenceKind::StdVector, idl::Shape::Slice, element, 0};
    if (name == "basic_string" && element->isSpecificBuiltinType(clang::BuiltinType::Char_S))
      return Sequence{SequenceKind::StdString, idl::Shape::Slice, element, 0};
    if (name == "basic_string" && element->isSpecificBuiltinType(clang::BuiltinType::Char_U))
      return Sequence{SequenceKind::StdString, idl::Shape::Slice, element, 0};
    if (name == "array" && args.size() == 2)
      if (std::optional<uint64_t> n = integralArgument(args[1]))
        return Sequence{SequenceKind::StdArray, idl::Shape::Array, element, *n};
    return std::nullopt;
  }
  if (name == "limited" && args.size() == 2 && isInKarmemNamespace(spec))
    if (std::optional<uint64_t> n = integralArgument(args[1]))
      return Sequence{SequenceKind::Limited, idl::Shape::LimitedSlice, element, *n};
  return std::nullopt;
}

} // namespace

namespace {
// The element type as written, when the sugar of `type` still shows it
// (`std::vector<int64_t>`, `int64_t[3]`); else the canonical `element`.
clang::QualType writtenElement(clang::QualType type, clang::QualType element) {
  if (const clang::ArrayType *array = type->getAsArrayTypeUnsafe())
    return array->getElementType();
  if (const auto *spec = type->getAs<clang::TemplateSpecializationType>()) {
    llvm::ArrayRef<clang::TemplateArgument> args = spec->template_arguments();
    if (!args.empty() && args[0].getKind() == clang::TemplateArgument::Type &&
        args[0].getAsType().getCanonicalType() == element)
      return args[0].getAsType();
  }
  return element;
}
} // namespace

std::optional<Sequence> recognizeSequence(clang::QualType type) {
  clang::QualType canonical = type.getCanonicalType();
  std::optional<Sequence> sequence;
  if (const auto *array = llvm::dyn_cast<clang::ConstantArrayType>(canonical.getTypePtr())) {
    const llvm::APInt &size = array->getSize();
    uint64_t n = size.getActiveBits() > 64 ? UINT64_MAX : size.getZExtValue();
    sequence =
        Sequence{SequenceKind::CArray, idl::Shape::Array, array->getElementType().getCanonicalType(), n};
  } else if (const auto *record = canonical->getAs<clang::RecordType>()) {
    if (const auto *spec = llvm::dyn_cast<clang::ClassTemplateSpecializationDecl>(record->getDecl()))
      sequence = recognizeSpecialization(spec);
  }
  if (sequence)
    sequence->element = writtenElement(type, sequence->element);
  return sequence;
}

const char *sequenceSpelling(SequenceKind kind) {
  switch (kind) {
  case SequenceKind::CArray:
    return "T[N]";
  case SequenceKind::StdArray:
    return "std::array";
  case SequenceKind::StdVector:
    return "std::vector";
  case SequenceKind::StdString:
    return "std::string";
  case SequenceKind::Limited:
    return "karmem::limited";
  }
  return "sequence";
}

bool isStdByte(clang::QualType type) {
  const auto *enumType = type.getCanonicalType()->getAs<clang::EnumType>();
  return enumType && enumType->getDecl()->getName() == "byte" &&
         enumType->getDecl()->isInStdNamespace();
}

} // namespace karmem::plugin
