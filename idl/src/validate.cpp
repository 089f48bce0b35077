// Implements validate.h. Messages name entities the way their source spells
// them: a declaration read from C++ by its C++ name (the user wrote that, and
// two C++ names may map to one Karmem name), one read from a .km file by its
// Karmem name with the line of the earlier one.
// Tests: test/idl/validate-rules.cpp, test/idl/km-error-*.test,
// test/plugin/names-collision.cpp, test/plugin/diag-enums.cpp.
#include "karmem/idl/validate.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace karmem::idl {

namespace {

using Severity = SchemaDiagnostic::Severity;

// `preferred` when the front end recorded it, else `fallback` (the name).
const Origin &pick(const Origin &preferred, const Origin &fallback) {
  const bool recorded = preferred.line != 0 || preferred.opaque != 0;
  return recorded ? preferred : fallback;
}

bool fromText(const Origin &o) { return o.line != 0; }

class Validator {
public:
  Validator(const Schema &schema, DiagnosticSink &sink, const CppBinding *cpp)
      : schema_(schema), sink_(sink), cpp_(cpp) {}

  bool run() {
    if (!checkOrder())
      return false; // the rest indexes declarations by their place in `order`
    for (const DeclRef &d : schema_.order) {
      if (d.kind == DeclRef::Kind::Enum)
        checkEnum(d);
      else
        checkStruct(d);
    }
    return ok_;
  }

private:
  void error(const DeclRef &decl, const Origin &at, std::string message) {
    ok_ = false;
    sink_.report({Severity::Error, decl, at, std::move(message)});
  }
  // An error about what the declaration as a whole lacks.
  void lacks(const DeclRef &decl, const Origin &at, std::string message) {
    ok_ = false;
    sink_.report({Severity::Error, decl, at, std::move(message), true});
  }
  void note(const DeclRef &decl, const Origin &at, std::string message) {
    sink_.report({Severity::Note, decl, at, std::move(message)});
  }

  // Every enum and struct appears in `order` exactly once (the front ends
  // build `order`; layout and the emitters walk it).
  bool checkOrder() {
    std::vector<bool> seenEnum(schema_.enums.size()), seenStruct(schema_.structs.size());
    position_.clear();
    for (size_t i = 0; i < schema_.order.size(); ++i) {
      const DeclRef &d = schema_.order[i];
      std::vector<bool> &seen = d.kind == DeclRef::Kind::Enum ? seenEnum : seenStruct;
      if (d.index >= seen.size() || seen[d.index]) {
        error(d, {}, "internal error: the schema's declaration order names a declaration twice "
                     "or one that does not exist");
        return false;
      }
      seen[d.index] = true;
      position_[{d.kind, d.index}] = i;
    }
    for (size_t i = 0; i < seenEnum.size(); ++i)
      if (!seenEnum[i]) {
        error({DeclRef::Kind::Enum, i}, schema_.enums[i].origin,
              "internal error: enum '" + schema_.enums[i].name + "' is missing from the "
              "declaration order");
        return false;
      }
    for (size_t i = 0; i < seenStruct.size(); ++i)
      if (!seenStruct[i]) {
        error({DeclRef::Kind::Struct, i}, schema_.structs[i].origin,
              "internal error: struct '" + schema_.structs[i].name + "' is missing from the "
              "declaration order");
        return false;
      }
    return true;
  }

  // --- names -------------------------------------------------------------

  const std::string &nameOf(const DeclRef &d) const {
    return d.kind == DeclRef::Kind::Enum ? schema_.enums[d.index].name
                                         : schema_.structs[d.index].name;
  }
  const Origin &originOf(const DeclRef &d) const {
    return d.kind == DeclRef::Kind::Enum ? schema_.enums[d.index].origin
                                         : schema_.structs[d.index].origin;
  }
  // The C++ name of a declaration, of its member or field `item`, or empty.
  std::string cppNameOf(const DeclRef &d, std::optional<size_t> item = std::nullopt) const {
    if (!cpp_)
      return {};
    const auto &names = d.kind == DeclRef::Kind::Enum ? cpp_->enums[d.index].members
                                                      : cpp_->structs[d.index].fields;
    if (item)
      return *item < names.size() ? names[*item] : std::string();
    return d.kind == DeclRef::Kind::Enum ? cpp_->enums[d.index].name : cpp_->structs[d.index].name;
  }
  bool isGeneratedWrapper(const DeclRef &d) const {
    return cpp_ && d.kind == DeclRef::Kind::Struct && cpp_->standsForElement(d.index);
  }

  // How a C++-sourced declaration is named in a message.
  std::string describe(const DeclRef &d) const {
    if (isGeneratedWrapper(d)) {
      const Struct &w = schema_.structs[d.index];
      const TypeRef &e = w.fields.front().type.element;
      if (holdsOneString(w))
        return "the wrapper '" + w.name + "' generated for sequences of strings";
      const std::string &element = e.kind == TypeRef::Kind::Enum ? schema_.enums[e.index].name
                                                                 : schema_.structs[e.index].name;
      return "the wrapper '" + w.name + "' generated for sequences of '" + element + "'";
    }
    const std::string cpp = cppNameOf(d);
    return "'" + (cpp.empty() ? nameOf(d) : cpp) + "'";
  }

  void checkTypeName(const DeclRef &d) {
    const auto [it, inserted] = typeNames_.try_emplace(nameOf(d), d);
    if (inserted)
      return;
    const DeclRef &earlier = it->second;
    if (fromText(originOf(d))) {
      error(d, originOf(d), "'" + nameOf(d) + "' is already declared at line " +
                                std::to_string(originOf(earlier).line));
      return;
    }
    error(d, originOf(d), describe(d) + " and " + describe(earlier) +
                              " both map to the KarmemIDL type name '" + nameOf(d) + "'");
    note(d, originOf(earlier), describe(earlier) + (isGeneratedWrapper(earlier)
                                                        ? " is needed by this field"
                                                        : " is declared here"));
  }

  // Names inside one declaration: fields of a struct, members of an enum.
  // `items` is a vector of Field or EnumMember; `what` is "field" or
  // "member", `cppWhat` "field" or "enumerator".
  template <typename Item>
  void checkUniqueItems(const DeclRef &d, const std::vector<Item> &items, const char *what,
                        const char *cppWhat, const char *kind) {
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < items.size(); ++i) {
      const Item &item = items[i];
      const auto [it, inserted] = seen.try_emplace(item.name, i);
      if (inserted)
        continue;
      const Item &earlier = items[it->second];
      const std::string laterCpp = cppNameOf(d, i), earlierCpp = cppNameOf(d, it->second);
      if (laterCpp.empty() || earlierCpp.empty()) {
        error(d, item.origin, std::string("duplicate ") + what + " '" + item.name + "' in " +
                                  kind + " '" + nameOf(d) + "'");
        continue;
      }
      const std::string later = std::string(cppWhat) + " '" + laterCpp + "'";
      const std::string first = std::string(cppWhat) + " '" + earlierCpp + "'";
      error(d, item.origin, later + " and " + first + " both map to the KarmemIDL " +
                                (d.kind == DeclRef::Kind::Enum ? "enum member" : "field") +
                                " name '" + item.name + "'");
      note(d, earlier.origin, first + " is declared here");
    }
  }

  // --- declarations --------------------------------------------------------

  void checkEnum(const DeclRef &d) {
    const Enum &e = schema_.enums[d.index];
    checkTypeName(d);
    if (!isEnumUnderlying(e.underlying))
      error(d, e.origin, "enum '" + e.name + "' has the underlying type " +
                             kmName(e.underlying) + "; expected uint8, uint16, uint32, uint64, "
                             "int8, int16, int32 or int64");
    if (e.members.empty()) {
      lacks(d, pick(e.endOrigin, e.origin), "enum '" + e.name + "' has no members");
      return;
    }
    checkUniqueItems(d, e.members, "member", "enumerator", "enum");
    bool hasZero = false;
    for (const EnumMember &m : e.members)
      hasZero = hasZero || m.value == 0;
    if (!hasZero)
      lacks(d, pick(e.endOrigin, e.origin),
            "enum '" + e.name + "' has no member with value 0; Karmem requires one (it is the "
            "default value)");
  }

  void checkStruct(const DeclRef &d) {
    const Struct &s = schema_.structs[d.index];
    checkTypeName(d);
    if (s.fields.empty()) {
      lacks(d, pick(s.endOrigin, s.origin),
            "struct '" + s.name + "' has no fields; Karmem requires at least one");
      return;
    }
    checkUniqueItems(d, s.fields, "field", "field", "struct");
    for (const Field &f : s.fields)
      checkFieldType(d, f);
  }

  void checkFieldType(const DeclRef &owner, const Field &f) {
    const TypeRef &e = f.type.element;
    if (e.kind == TypeRef::Kind::Primitive)
      return;
    const DeclRef used{e.kind == TypeRef::Kind::Enum ? DeclRef::Kind::Enum : DeclRef::Kind::Struct,
                       e.index};
    const size_t count =
        used.kind == DeclRef::Kind::Enum ? schema_.enums.size() : schema_.structs.size();
    if (e.index >= count) {
      error(owner, f.origin, "internal error: field '" + f.name + "' refers to a declaration "
                             "that does not exist");
      return;
    }
    const Origin &typeAt = pick(f.typeOrigin, f.origin);
    if (used.kind == owner.kind && used.index == owner.index) {
      error(owner, typeAt, "struct '" + nameOf(used) + "' cannot contain itself");
      return;
    }
    if (position_.at({used.kind, used.index}) > position_.at({owner.kind, owner.index})) {
      error(owner, typeAt, "type '" + nameOf(used) + "' is used before its declaration; "
                           "KarmemIDL requires types to be declared before they are used");
      return;
    }
    const bool table = schema_.isTable(e);
    if (f.type.shape != Shape::Single && (used.kind == DeclRef::Kind::Enum || table))
      error(owner, pick(f.endOrigin, f.origin),
            "field '" + f.name + "': an array or slice cannot hold the " +
                (table ? "table '" : "enum '") + nameOf(used) +
                "'; wrap it in an inline struct first");
  }

  const Schema &schema_;
  DiagnosticSink &sink_;
  const CppBinding *cpp_;
  bool ok_ = true;
  std::map<std::pair<DeclRef::Kind, size_t>, size_t> position_; // place in `order`
  std::map<std::string, DeclRef> typeNames_;
};

} // namespace

bool validateSchema(const Schema &schema, DiagnosticSink &sink, const CppBinding *cpp) {
  return Validator(schema, sink, cpp).run();
}

} // namespace karmem::idl
