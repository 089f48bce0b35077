// Translates annotated C++ records, and the enums and records they refer to,
// into an idl::Schema, reporting everything KarmemIDL cannot express as a
// clang error at the offending field (never skipping it silently).
#pragma once

#include "DeclarationOrder.h"
#include "PrimitiveTypes.h"

#include "karmem/idl/cpp_binding.h"
#include "karmem/idl/schema.h"

#include "clang/AST/Type.h"
#include "llvm/ADT/DenseMap.h"

#include <map>
#include <optional>
#include <set>
#include <vector>

namespace clang {
class ASTContext;
class DiagnosticsEngine;
class EnumDecl;
class FieldDecl;
class RecordDecl;
} // namespace clang

namespace karmem::plugin {

class SchemaBuilder {
public:
  SchemaBuilder(clang::ASTContext &ctx, clang::DiagnosticsEngine &diags);

  // Adds an annotated record definition and everything it depends on.
  void addRoot(const clang::RecordDecl *definition);

  // The structs and enums added so far, in declaration order (DeclarationOrder.h).
  // The schema's name and header tags are left to the caller, and so is
  // checking it against Karmem's rules (idl::validateSchema).
  idl::BoundSchema finish() const;

  // False for a declaration (by its Origin::opaque) that lost a field or an
  // enumerator to an error already reported: the schema holds only what was
  // left, so "it has no field" or "no zero member" would be a consequence.
  bool translatedCompletely(const idl::Origin &declaration) const {
    return !incomplete_.count(declaration.opaque);
  }

private:
  // A struct, enum or generated wrapper, in the order the builder met them.
  struct Node {
    idl::DeclRef ref;
    OrderNode order;
    bool inProgress = false;
  };
  struct Element {
    idl::TypeRef ref;
    std::optional<size_t> node; // the enum or struct node it refers to
  };

  std::optional<size_t> visitRecord(const clang::RecordDecl *definition);
  void checkRecordShape(const clang::RecordDecl *definition);
  void checkAnnotationsAgree(const clang::RecordDecl *definition);
  std::optional<size_t> visitEnum(const clang::EnumDecl *decl, const clang::FieldDecl *user);
  void translateEnumerators(const clang::EnumDecl *decl, idl::Enum &out,
                            idl::CppEnumBinding &cpp);

  std::optional<idl::Field> translateField(const clang::FieldDecl *field, size_t owner,
                                           bool ownerPacked);
  bool checkFieldDeclaration(const clang::FieldDecl *field);
  std::optional<idl::FieldType> translateType(const clang::FieldDecl *field, size_t owner,
                                              bool ownerPacked);
  std::optional<Element> translateElement(const clang::FieldDecl *field, clang::QualType type,
                                          ElementUse use);
  std::optional<Element> translateRecordElement(const clang::FieldDecl *field,
                                                clang::QualType type);
  std::optional<size_t> wrapperFor(const Element &element, bool packed,
                                   const clang::FieldDecl *user);
  size_t stringWrapper(const clang::FieldDecl *user);
  void reportUnannotated(const clang::FieldDecl *field, clang::QualType type,
                         const clang::RecordDecl *record);

  std::string karmemNameOf(const Element &element) const;
  size_t addNode(idl::DeclRef::Kind kind, size_t index, clang::SourceLocation loc);

  clang::ASTContext &ctx_;
  clang::DiagnosticsEngine &diags_;
  std::vector<Node> nodes_;
  std::vector<idl::Struct> structs_; // indexed by discovery, remapped by finish()
  std::vector<idl::Enum> enums_;
  std::vector<idl::CppStructBinding> cppStructs_; // parallel to structs_
  std::vector<idl::CppEnumBinding> cppEnums_;     // parallel to enums_
  std::vector<size_t> structNode_, enumNode_; // index -> node
  llvm::DenseMap<const clang::Decl *, size_t> nodeOfDecl_;
  llvm::DenseMap<const clang::Decl *, bool> failedDecls_;
  std::map<std::pair<size_t, bool>, size_t> wrappers_; // (element node, packed) -> node
  std::optional<size_t> stringWrapper_;                // node of KarmemString, once needed
  std::set<uint64_t> incomplete_; // Origin::opaque of declarations missing a part
};

} // namespace karmem::plugin
