// Records and fields: the C++ shape of each field becomes a Karmem field type
// (spec §2.5), arrays and slices of tables, enums and strings get a generated
// inline wrapper (spec §2.6), and the result is put in declaration order.
// Tests: test/plugin/diag-*.cpp, types-primitives.test, reserved-field-names.cpp,
// names-collision.cpp, sequences-of-tables-and-enums.cpp, sequences-of-strings.cpp,
// diag-sequences-of-strings.cpp, attr-on-template.cpp,
// test/golden/golden-gen-*.test.
#include "SchemaBuilder.h"

#include "CppNames.h"
#include "Diagnostics.h"
#include "SequenceTypes.h"
#include "StructOptions.h"

#include "karmem/idl/cpp_emitter.h"
#include "karmem/idl/names.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclFriend.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/TypeLoc.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <algorithm>

namespace karmem::plugin {

using clang::FieldDecl;
using clang::QualType;
using clang::RecordDecl;

namespace {

// True when `record` befriends karmem::schema (the template or its
// specialisation for the record), so generated code may name private members.
bool befriendsKarmemSchema(const clang::CXXRecordDecl *record) {
  auto isKarmemSchema = [](const clang::NamedDecl *decl) {
    if (!decl || decl->getName() != "schema")
      return false;
    const auto *ns = llvm::dyn_cast<clang::NamespaceDecl>(decl->getDeclContext());
    return ns && ns->getName() == "karmem";
  };
  for (const clang::FriendDecl *fr : record->friends()) {
    if (const clang::NamedDecl *decl = fr->getFriendDecl()) {
      if (isKarmemSchema(decl))
        return true;
    } else if (const clang::TypeSourceInfo *tsi = fr->getFriendType()) {
      const auto *spec = llvm::dyn_cast_or_null<clang::ClassTemplateSpecializationDecl>(
          tsi->getType()->getAsCXXRecordDecl());
      if (spec && isKarmemSchema(spec->getSpecializedTemplate()))
        return true;
    }
  }
  return false;
}

// The record itself or the class around it that is a private or protected
// member, so that generated code (karmem::schema<Outer::Inner>) cannot name
// it; null when every enclosing class declares it public.
const clang::TagDecl *hiddenEnclosure(const clang::TagDecl *tag) {
  for (const clang::TagDecl *t = tag; t; t = llvm::dyn_cast<clang::TagDecl>(t->getDeclContext())) {
    if (!llvm::isa<clang::CXXRecordDecl>(t->getDeclContext()))
      return nullptr;
    if (t->getAccess() == clang::AS_private || t->getAccess() == clang::AS_protected)
      return t;
  }
  return nullptr;
}

bool isPlainInsertionPoint(clang::SourceLocation loc, const clang::SourceManager &sm) {
  return loc.isValid() && loc.isFileID() && !sm.isInSystemHeader(loc);
}

// Where the element type of `field` is written: the field's own type for a
// single value, `T` of `T[N]`, `std::vector<T>`, `std::array<T, N>` and
// `karmem::limited<T, N>` for a sequence; nullopt when it cannot be found
// (an alias of the whole sequence, a macro).
std::optional<clang::TypeLoc> writtenElementType(const clang::FieldDecl *field, ElementUse use) {
  const clang::TypeSourceInfo *tsi = field->getTypeSourceInfo();
  if (!tsi)
    return std::nullopt;
  clang::TypeLoc loc = tsi->getTypeLoc().getUnqualifiedLoc();
  if (use != ElementUse::Single) {
    if (auto elaborated = loc.getAs<clang::ElaboratedTypeLoc>())
      loc = elaborated.getNamedTypeLoc();
    if (auto array = loc.getAs<clang::ConstantArrayTypeLoc>()) {
      loc = array.getElementLoc();
    } else if (auto spec = loc.getAs<clang::TemplateSpecializationTypeLoc>()) {
      if (spec.getNumArgs() == 0 || !spec.getArgLoc(0).getTypeSourceInfo())
        return std::nullopt;
      loc = spec.getArgLoc(0).getTypeSourceInfo()->getTypeLoc();
    } else {
      return std::nullopt;
    }
    loc = loc.getUnqualifiedLoc();
  }
  if (loc.getBeginLoc().isInvalid())
    return std::nullopt;
  return loc;
}

} // namespace

SchemaBuilder::SchemaBuilder(clang::ASTContext &ctx, clang::DiagnosticsEngine &diags)
    : ctx_(ctx), diags_(diags) {}

void SchemaBuilder::addRoot(const RecordDecl *definition) { visitRecord(definition); }

size_t SchemaBuilder::addNode(idl::DeclRef::Kind kind, size_t index, clang::SourceLocation loc) {
  Node node;
  node.ref = idl::DeclRef{kind, index};
  node.order.loc = loc;
  nodes_.push_back(std::move(node));
  size_t id = nodes_.size() - 1;
  (kind == idl::DeclRef::Kind::Struct ? structNode_ : enumNode_).push_back(id);
  return id;
}

// --- records ---------------------------------------------------------------

std::optional<size_t> SchemaBuilder::visitRecord(const RecordDecl *definition) {
  if (auto it = nodeOfDecl_.find(definition); it != nodeOfDecl_.end())
    return it->second;
  if (failedDecls_.count(definition))
    return std::nullopt;
  const clang::SourceManager &sm = ctx_.getSourceManager();
  const clang::SourceLocation loc = definition->getLocation();
  const StructOptions options = *optionsFromAnnotation(*findKarmemAnnotation(definition));
  checkAnnotationsAgree(definition);

  const std::string cppName = qualifiedCppName(definition, ctx_);
  const std::string name = unqualifiedName(definition);
  if (name.empty()) {
    reportError(diags_, loc, "an unnamed struct cannot be a 'karmem::struct': KarmemIDL structs "
                             "are named after the C++ type");
    failedDecls_[definition] = true;
    return std::nullopt;
  }
  if (isLocalDeclaration(definition)) {
    reportError(diags_, loc, "'karmem::struct' type %0 is declared inside a function, where "
                             "generated code cannot name it")
        << definition;
    failedDecls_[definition] = true;
    return std::nullopt;
  }

  if (const clang::TagDecl *hidden = hiddenEnclosure(definition)) {
    reportError(diags_, loc, "'karmem::struct' type %0 is not reachable from generated code: %1 is "
                             "a %select{private|protected}2 member of %3; make it public")
        << definition << hidden << (hidden->getAccess() == clang::AS_protected)
        << llvm::cast<clang::NamedDecl>(hidden->getDeclContext());
    failedDecls_[definition] = true;
    return std::nullopt;
  }
  idl::Struct s;
  s.name = idl::toPascalCase(name);
  if (!idl::isValidKmIdentifier(s.name))
    reportError(diags_, loc, "%0 maps to the KarmemIDL struct name '%1', which is not valid (an "
                             "upper-case ASCII letter, then ASCII letters and digits)")
        << definition << s.name;
  s.kind = options.kind;
  if (!options.packed)
    s.packed = false;
  s.origin.opaque = loc.getRawEncoding();
  idl::CppStructBinding bound;
  bound.name = cppName;
  bound.declaringFile = declaringFile(definition, sm);
  const auto *cxx = llvm::dyn_cast<clang::CXXRecordDecl>(definition);
  bound.standardLayout = !cxx || (cxx->isStandardLayout() && cxx->isTriviallyCopyable());
  checkRecordShape(definition);

  const size_t index = structs_.size();
  structs_.push_back(std::move(s));
  cppStructs_.push_back(std::move(bound));
  const size_t node = addNode(idl::DeclRef::Kind::Struct, index, loc);
  nodeOfDecl_[definition] = node;
  nodes_[node].inProgress = true;

  for (const FieldDecl *field : definition->fields()) {
    std::optional<idl::Field> translated = translateField(field, node, options.packed);
    if (translated) {
      structs_[index].fields.push_back(std::move(*translated));
      cppStructs_[index].fields.push_back(field->getName().str());
    } else
      incomplete_.insert(structs_[index].origin.opaque);
  }
  nodes_[node].inProgress = false;
  return node;
}

void SchemaBuilder::checkAnnotationsAgree(const RecordDecl *definition) {
  std::vector<const clang::AnnotateAttr *> annotations;
  for (const clang::Decl *redecl : definition->redecls())
    for (const auto *attr : redecl->specific_attrs<clang::AnnotateAttr>())
      if (!attr->isInherited() && optionsFromAnnotation(*attr))
        annotations.push_back(attr);
  const clang::SourceManager &sm = ctx_.getSourceManager();
  std::sort(annotations.begin(), annotations.end(), [&](const auto *a, const auto *b) {
    return a->getLocation() != b->getLocation() &&
           sm.isBeforeInTranslationUnit(a->getLocation(), b->getLocation());
  });
  if (annotations.empty())
    return;
  const StructOptions first = *optionsFromAnnotation(*annotations.front());
  for (const auto *attr : annotations) {
    const StructOptions options = *optionsFromAnnotation(*attr);
    if (options == first)
      continue;
    reportError(diags_, attr->getLocation(),
                "'karmem::struct(%0)' on %1 conflicts with 'karmem::struct(%2)' given earlier")
        << describe(options) << definition << describe(first);
    reportNote(diags_, annotations.front()->getLocation(), "earlier 'karmem::struct' is here");
  }
}

void SchemaBuilder::checkRecordShape(const RecordDecl *definition) {
  const auto *cxx = llvm::dyn_cast<clang::CXXRecordDecl>(definition);
  if (!cxx)
    return;
  for (const clang::CXXBaseSpecifier &base : cxx->bases())
    reportError(diags_, base.getBeginLoc(),
                "'karmem::struct' type %0 cannot have a base class (%1): Karmem structs have no "
                "inheritance; make the base a data member instead")
        << definition << base.getType().getAsString(ctx_.getPrintingPolicy());
  if (cxx->isPolymorphic()) {
    clang::SourceLocation loc = definition->getLocation();
    for (const clang::CXXMethodDecl *method : cxx->methods())
      if (method->isVirtual() && !method->isImplicit()) {
        loc = method->getLocation();
        break;
      }
    reportError(diags_, loc, "'karmem::struct' type %0 cannot be polymorphic (virtual functions "
                             "or virtual bases): its bytes are its data members only")
        << definition;
  }
}

// --- fields ----------------------------------------------------------------

std::optional<idl::Field> SchemaBuilder::translateField(const FieldDecl *field, size_t owner,
                                                        bool ownerPacked) {
  if (!checkFieldDeclaration(field))
    return std::nullopt;
  std::optional<idl::FieldType> type = translateType(field, owner, ownerPacked);
  if (!type)
    return std::nullopt;
  idl::Field out;
  const std::string member = field->getName().str();
  if (const char *reason = idl::reservedAccessorName(member)) {
    reportError(diags_, field->getLocation(),
                "field %0 cannot be read through the generated karmem::view<%1>: %2; rename it")
        << field << field->getParent()->getName() << reason;
    return std::nullopt;
  }
  out.name = idl::toPascalCase(member);
  if (!idl::isValidKmIdentifier(out.name)) {
    reportError(diags_, field->getLocation(),
                "field %0 maps to the KarmemIDL field name '%1', which is not valid (an "
                "upper-case ASCII letter, then ASCII letters and digits)")
        << field << out.name;
    return std::nullopt;
  }
  out.type = *type;
  out.origin.opaque = field->getLocation().getRawEncoding();
  if (const clang::TypeSourceInfo *written = field->getTypeSourceInfo())
    out.typeOrigin.opaque = written->getTypeLoc().getBeginLoc().getRawEncoding();
  return out;
}

bool SchemaBuilder::checkFieldDeclaration(const FieldDecl *field) {
  if (field->isInvalidDecl())
    return false;
  const clang::SourceManager &sm = ctx_.getSourceManager();
  const clang::LangOptions &lang = ctx_.getLangOpts();
  const clang::SourceLocation loc = field->getLocation();
  if (field->isAnonymousStructOrUnion()) {
    reportError(diags_, loc, "anonymous %select{struct|union}0 members have no Karmem "
                             "equivalent; give the member a name and an annotated struct type")
        << field->getType()->isUnionType();
    return false;
  }
  if (field->isBitField()) {
    reportError(diags_, loc, "bit-field %0 has no Karmem equivalent: Karmem fields are whole "
                             "bytes")
        << field;
    const clang::Expr *width = field->getBitWidth();
    if (field->getIdentifier() && isPlainInsertionPoint(loc, sm) && width &&
        width->getEndLoc().isFileID()) {
      clang::SourceLocation from = clang::Lexer::getLocForEndOfToken(loc, 0, sm, lang);
      clang::SourceLocation to = clang::Lexer::getLocForEndOfToken(width->getEndLoc(), 0, sm, lang);
      reportNote(diags_, from, "remove the bit-field width")
          << clang::FixItHint::CreateRemoval(clang::CharSourceRange::getCharRange(from, to));
    }
    return false;
  }
  const auto access = field->getAccess();
  if (access == clang::AS_private || access == clang::AS_protected) {
    const auto *record = llvm::cast<clang::CXXRecordDecl>(field->getParent());
    if (!befriendsKarmemSchema(record)) {
      reportError(diags_, loc, "field %0 is %select{private|protected}1, but generated code reads "
                               "it through karmem::schema<%2>; make it public or add 'friend "
                               "struct karmem::schema<%2>;' to %2")
          << field << (access == clang::AS_protected) << record->getName();
      return false;
    }
  }
  const QualType type = field->getType();
  const QualType base = ctx_.getBaseElementType(type);
  if (type.isConstQualified() || base.isConstQualified() || type.isVolatileQualified() ||
      base.isVolatileQualified()) {
    const bool isConst = type.isConstQualified() || base.isConstQualified();
    reportError(diags_, loc, "field %0 is %select{volatile|const}1; karmem::decode assigns every "
                             "field, so remove the qualifier")
        << field << isConst;
    return false;
  }
  return true;
}

std::optional<idl::FieldType> SchemaBuilder::translateType(const FieldDecl *field, size_t owner,
                                                           bool ownerPacked) {
  const QualType type = field->getType();
  const QualType canonical = type.getCanonicalType();
  const clang::SourceLocation loc = field->getLocation();
  if (canonical->isIncompleteArrayType()) {
    reportError(diags_, loc, "flexible array member %0 has no Karmem equivalent; use "
                             "std::vector<T> or karmem::limited<T, N>")
        << field;
    return std::nullopt;
  }
  const std::optional<Sequence> sequence = recognizeSequence(type);
  if (!sequence) {
    std::optional<Element> element = translateElement(field, type, ElementUse::Single);
    if (!element)
      return std::nullopt;
    if (element->node)
      nodes_[owner].order.dependencies.push_back(*element->node);
    return idl::FieldType{idl::Shape::Single, 0, element->ref};
  }

  // Of the sequences, only a string may be an element: it gets a generated
  // wrapper (stringWrapper). Anything else has no KarmemIDL spelling.
  const std::optional<Sequence> inner = recognizeSequence(sequence->element);
  const bool stringElement = inner && inner->kind == SequenceKind::StdString;
  if ((inner && !stringElement) || sequence->element->isArrayType()) {
    reportError(diags_, loc, "field %0 has type %1, a sequence of sequences; KarmemIDL has one "
                             "bracket level: put the inner %2 in a "
                             "[[karmem::struct(inline)]] struct and use a sequence of that (only "
                             "std::string elements get a generated wrapper)")
        << field << type << sequence->element;
    return std::nullopt;
  }
  if (sequence->element.isConstQualified() || sequence->element.isVolatileQualified()) {
    reportError(diags_, loc, "field %0 has type %1, whose elements are %select{volatile|const}2; "
                             "karmem::decode assigns every element, so remove the qualifier")
        << field << type << sequence->element.isConstQualified();
    return std::nullopt;
  }
  const bool bounded = sequence->shape != idl::Shape::Slice;
  if (bounded && sequence->length == 0) {
    reportError(diags_, loc, "field %0 has type %1 with length 0, which has no Karmem "
                             "equivalent")
        << field << type;
    return std::nullopt;
  }
  if (sequence->length > UINT32_MAX) {
    reportError(diags_, loc, "field %0 has type %1, whose length does not fit KarmemIDL's 32-bit "
                             "lengths")
        << field << type;
    return std::nullopt;
  }
  if (stringElement) {
    const size_t wrapper = stringWrapper(field);
    nodes_[owner].order.dependencies.push_back(wrapper);
    return idl::FieldType{sequence->shape, static_cast<uint32_t>(sequence->length),
                          idl::TypeRef{idl::TypeRef::Kind::Struct, idl::Primitive::Uint8,
                                       nodes_[wrapper].ref.index}};
  }
  const bool fixed = sequence->shape == idl::Shape::Array;
  std::optional<Element> element = translateElement(
      field, sequence->element, fixed ? ElementUse::FixedArray : ElementUse::Slice);
  if (!element)
    return std::nullopt;
  idl::FieldType out{sequence->shape, static_cast<uint32_t>(sequence->length), element->ref};

  // Karmem rejects sequences of enums and of tables: wrap the element.
  const bool needsWrapper =
      element->ref.kind == idl::TypeRef::Kind::Enum ||
      (element->ref.kind == idl::TypeRef::Kind::Struct &&
       structs_[element->ref.index].kind == idl::StructKind::Table);
  if (needsWrapper) {
    std::optional<size_t> wrapper = wrapperFor(*element, ownerPacked, field);
    if (!wrapper)
      return std::nullopt;
    out.element = idl::TypeRef{idl::TypeRef::Kind::Struct, idl::Primitive::Uint8,
                               nodes_[*wrapper].ref.index};
    nodes_[owner].order.dependencies.push_back(*wrapper);
  } else if (element->node) {
    nodes_[owner].order.dependencies.push_back(*element->node);
  }
  return out;
}

std::optional<SchemaBuilder::Element>
SchemaBuilder::translateElement(const FieldDecl *field, QualType type, ElementUse use) {
  const QualType canonical = type.getCanonicalType().getUnqualifiedType();
  const clang::SourceLocation loc = field->getLocation();
  if (isStdByte(canonical))
    return Element{idl::TypeRef{idl::TypeRef::Kind::Primitive, idl::Primitive::Byte, 0}, {}};
  if (canonical->isBuiltinType()) {
    PrimitiveMapping mapping = mapPrimitive(ctx_, type, use);
    if (mapping.primitive)
      return Element{idl::TypeRef{idl::TypeRef::Kind::Primitive, *mapping.primitive, 0}, {}};
    reportError(diags_, loc, "field %0 %select{has type|has elements of type}3 %1: %2")
        << field << type << mapping.problem << (use != ElementUse::Single);
    // `long double x;` can become `double x;`, `std::vector<size_t>` a
    // `std::vector<uint64_t>`.
    if (mapping.replacement)
      if (std::optional<clang::TypeLoc> written = writtenElementType(field, use))
        if (isPlainInsertionPoint(written->getBeginLoc(), ctx_.getSourceManager()) &&
            written->getEndLoc().isFileID())
          reportNote(diags_, written->getBeginLoc(), "use '%0'")
              << mapping.replacement
              << clang::FixItHint::CreateReplacement(written->getSourceRange(), mapping.replacement);
    return std::nullopt;
  }
  if (const auto *enumType = canonical->getAs<clang::EnumType>()) {
    std::optional<size_t> node = visitEnum(enumType->getDecl(), field);
    if (!node)
      return std::nullopt;
    return Element{idl::TypeRef{idl::TypeRef::Kind::Enum, idl::Primitive::Uint8,
                                nodes_[*node].ref.index},
                   node};
  }
  if (canonical->isRecordType())
    return translateRecordElement(field, type);
  if (canonical->isPointerType() || canonical->isBlockPointerType() ||
      canonical->isObjCObjectPointerType()) {
    reportError(diags_, loc, "field %0 uses the pointer type %1, which has no Karmem equivalent; "
                             "use std::vector<T> or karmem::limited<T, N> for sequences and "
                             "std::string for text")
        << field << type;
    return std::nullopt;
  }
  if (canonical->isReferenceType()) {
    reportError(diags_, loc, "field %0 has the reference type %1, which has no Karmem "
                             "equivalent; store the value itself")
        << field << type;
    return std::nullopt;
  }
  reportError(diags_, loc, "field %0 has type %1, which has no Karmem equivalent") << field << type;
  return std::nullopt;
}

std::optional<SchemaBuilder::Element>
SchemaBuilder::translateRecordElement(const FieldDecl *field, QualType type) {
  const clang::SourceLocation loc = field->getLocation();
  const RecordDecl *record = type.getCanonicalType()->getAsRecordDecl();
  if (record->isUnion()) {
    reportError(diags_, loc, "field %0 uses the union type %1; Karmem has no unions")
        << field << type;
    return std::nullopt;
  }
  const RecordDecl *definition = record->getDefinition();
  if (!definition) {
    reportError(diags_, loc, "field %0 uses the incomplete type %1") << field << type;
    return std::nullopt;
  }
  if (!findKarmemAnnotation(definition)) {
    reportUnannotated(field, type, definition);
    return std::nullopt;
  }
  std::optional<size_t> node = visitRecord(definition);
  if (!node)
    return std::nullopt;
  if (nodes_[*node].inProgress) {
    reportError(diags_, loc, "field %0 makes %1 depend on itself; KarmemIDL types may refer "
                             "only to types declared before them")
        << field << llvm::cast<RecordDecl>(field->getParent());
    return std::nullopt;
  }
  return Element{idl::TypeRef{idl::TypeRef::Kind::Struct, idl::Primitive::Uint8,
                              nodes_[*node].ref.index},
                 node};
}

void SchemaBuilder::reportUnannotated(const FieldDecl *field, QualType type,
                                      const RecordDecl *record) {
  const clang::SourceManager &sm = ctx_.getSourceManager();
  if (sm.isInSystemHeader(record->getLocation()) || record->isInStdNamespace()) {
    reportError(diags_, field->getLocation(),
                "field %0 has type %1, which has no Karmem equivalent (class types must be "
                "annotated structs, std::array, std::vector, std::string or karmem::limited)")
        << field << type;
    return;
  }
  if (!record->getIdentifier() && !record->getTypedefNameForAnonDecl()) {
    reportError(diags_, field->getLocation(),
                "field %0 has an unnamed struct type; name the struct and annotate it with "
                "'karmem::struct' (KarmemIDL structs are named after the C++ type)")
        << field;
    return;
  }
  reportError(diags_, field->getLocation(),
              "field %0 has type %1, which is not annotated with 'karmem::struct'")
      << field << type;
  // Annotate the declaration the type comes from: the template for an
  // instantiation, the record itself otherwise.
  const RecordDecl *target = record;
  if (const auto *cxx = llvm::dyn_cast<clang::CXXRecordDecl>(record))
    if (const clang::CXXRecordDecl *pattern = cxx->getTemplateInstantiationPattern())
      target = pattern;
  const clang::SourceLocation nameLoc = target->getLocation();
  if (target->getIdentifier() && isPlainInsertionPoint(nameLoc, sm))
    reportNote(diags_, nameLoc, "annotate %0 to use it in Karmem structs")
        << target << clang::FixItHint::CreateInsertion(nameLoc, "[[karmem::struct]] ");
  else
    reportNote(diags_, nameLoc, "%0 is declared here") << target;
}

// --- generated wrappers ----------------------------------------------------

std::string SchemaBuilder::karmemNameOf(const Element &element) const {
  return element.ref.kind == idl::TypeRef::Kind::Enum ? enums_[element.ref.index].name
                                                      : structs_[element.ref.index].name;
}

std::optional<size_t> SchemaBuilder::wrapperFor(const Element &element, bool packed,
                                                const FieldDecl *user) {
  const size_t elementNode = *element.node;
  if (auto it = wrappers_.find({elementNode, packed}); it != wrappers_.end())
    return it->second;
  const std::string elementName = karmemNameOf(element);
  const std::string name = elementName + "Item";
  if (wrappers_.count({elementNode, !packed})) {
    reportError(diags_, user->getLocation(),
                "field %0 needs the generated wrapper '%1' in %select{an unpacked|a packed}2 "
                "struct, but '%1' is already generated for %select{packed|unpacked}2 structs; "
                "KarmemIDL cannot declare it twice")
        << user << name << packed;
    return std::nullopt;
  }
  idl::Struct wrapper;
  wrapper.name = name;
  wrapper.kind = idl::StructKind::Inline;
  if (!packed)
    wrapper.packed = false;
  wrapper.origin.opaque = user->getLocation().getRawEncoding();
  idl::Field value;
  value.name = "Value";
  value.type = idl::FieldType{idl::Shape::Single, 0, element.ref};
  wrapper.fields.push_back(std::move(value));

  const size_t index = structs_.size();
  structs_.push_back(std::move(wrapper));
  cppStructs_.emplace_back(); // no C++ type: C++ holds the element directly
  const size_t node = addNode(idl::DeclRef::Kind::Struct, index, nodes_[elementNode].order.loc);
  nodes_[node].order.wrapperOf = elementNode;
  nodes_[node].order.dependencies.push_back(elementNode);
  wrappers_[{elementNode, packed}] = node;
  return node;
}

// Karmem has no slice of slices, so a sequence of strings is a sequence of
// this inline struct (spec §2.6), shared by every such field. It is packed
// in every schema, whatever its users' mode, so that packed and unpacked
// structs can share its one name; its stride is 8 bytes (one slice header).
// The runtime knows it as kind::string (runtime/include/karmem/schema.h).
size_t SchemaBuilder::stringWrapper(const FieldDecl *user) {
  if (stringWrapper_)
    return *stringWrapper_;
  idl::Struct wrapper;
  wrapper.name = std::string(idl::stringWrapperName);
  wrapper.kind = idl::StructKind::Inline;
  wrapper.packed = true;
  wrapper.origin.opaque = user->getLocation().getRawEncoding();
  idl::Field value;
  value.name = "Value";
  value.type = idl::FieldType{idl::Shape::Slice, 0,
                              idl::TypeRef{idl::TypeRef::Kind::Primitive, idl::Primitive::Char, 0}};
  wrapper.fields.push_back(std::move(value));

  const size_t index = structs_.size();
  structs_.push_back(std::move(wrapper));
  cppStructs_.emplace_back(); // no C++ type: C++ holds the std::string directly
  // Ranked where its first user's field is written: declared just before that struct.
  stringWrapper_ = addNode(idl::DeclRef::Kind::Struct, index, user->getLocation());
  return *stringWrapper_;
}

// --- the result --------------------------------------------------------------

idl::BoundSchema SchemaBuilder::finish() const {
  std::vector<OrderNode> orderNodes;
  for (const Node &node : nodes_)
    orderNodes.push_back(node.order);
  const std::vector<size_t> order = declarationOrder(orderNodes, ctx_.getSourceManager());

  idl::BoundSchema out;
  idl::Schema &schema = out.schema;
  std::vector<size_t> newStruct(structs_.size()), newEnum(enums_.size());
  for (size_t id : order) {
    const idl::DeclRef &ref = nodes_[id].ref;
    if (ref.kind == idl::DeclRef::Kind::Struct) {
      newStruct[ref.index] = schema.structs.size();
      schema.order.push_back({ref.kind, schema.structs.size()});
      schema.structs.push_back(structs_[ref.index]);
      out.cpp.structs.push_back(cppStructs_[ref.index]);
    } else {
      newEnum[ref.index] = schema.enums.size();
      schema.order.push_back({ref.kind, schema.enums.size()});
      schema.enums.push_back(enums_[ref.index]);
      out.cpp.enums.push_back(cppEnums_[ref.index]);
    }
  }
  for (idl::Struct &s : schema.structs)
    for (idl::Field &f : s.fields) {
      idl::TypeRef &e = f.type.element;
      if (e.kind == idl::TypeRef::Kind::Struct)
        e.index = newStruct[e.index];
      else if (e.kind == idl::TypeRef::Kind::Enum)
        e.index = newEnum[e.index];
    }
  return out;
}

} // namespace karmem::plugin
