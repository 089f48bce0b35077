// Implements compat.h. Tests: test/idl/karmem-compat.test.
#include "karmem/idl/compat.h"

#include "karmem/idl/km.h"

#include <map>

namespace karmem::idl {

namespace {

// The wire type of a field, with the spellings that share bytes folded
// together: [<N]T is []T, []byte and []uint8 are []char.
std::string wireType(const Schema &schema, const FieldType &t) {
  FieldType folded = t;
  if (folded.shape == Shape::LimitedSlice) {
    folded.shape = Shape::Slice;
    folded.length = 0;
  }
  const bool sequence = folded.shape == Shape::Slice;
  if (sequence && folded.element.kind == TypeRef::Kind::Primitive &&
      (folded.element.primitive == Primitive::Byte || folded.element.primitive == Primitive::Uint8))
    folded.element.primitive = Primitive::Char;
  return kmTypeName(schema, folded);
}

class Comparer {
public:
  Comparer(const Schema &before, const Schema &after) : old_(before), new_(after) {
    for (size_t i = 0; i < after.structs.size(); ++i)
      newStructs_[after.structs[i].name] = i;
    for (size_t i = 0; i < after.enums.size(); ++i)
      newEnums_[after.enums[i].name] = i;
  }

  std::vector<Incompatibility> run() {
    for (const DeclRef &d : old_.order) {
      if (d.kind == DeclRef::Kind::Enum)
        compareEnum(old_.enums[d.index]);
      else
        compareStruct(old_.structs[d.index]);
    }
    return std::move(found_);
  }

private:
  void report(const Origin &inNew, const Origin &inOld, std::string message) {
    found_.push_back({inNew, inOld, true, std::move(message)});
  }
  void gone(const Origin &inOld, std::string message) {
    found_.push_back({{}, inOld, false, std::move(message)});
  }

  void compareEnum(const Enum &o) {
    const auto it = newEnums_.find(o.name);
    if (it == newEnums_.end()) {
      gone(o.origin, "enum '" + o.name + "' is gone");
      return;
    }
    const Enum &n = new_.enums[it->second];
    if (n.underlying != o.underlying)
      report(n.origin, o.origin, "enum '" + o.name + "' changed its type from " +
                                     kmName(o.underlying) + " to " + kmName(n.underlying));
    for (const EnumMember &m : o.members) {
      const EnumMember *match = nullptr;
      for (const EnumMember &c : n.members)
        if (c.name == m.name)
          match = &c;
      if (!match)
        report(n.origin, m.origin, "enum '" + o.name + "' lost member '" + m.name + "' (" +
                                       std::to_string(m.value) + ")");
      else if (match->value != m.value)
        report(match->origin, m.origin, "member '" + m.name + "' of enum '" + o.name +
                                            "' changed its value from " + std::to_string(m.value) +
                                            " to " + std::to_string(match->value));
    }
  }

  void compareStruct(const Struct &o) {
    const auto it = newStructs_.find(o.name);
    if (it == newStructs_.end()) {
      gone(o.origin, "struct '" + o.name + "' is gone");
      return;
    }
    const Struct &n = new_.structs[it->second];
    const char *kind = o.kind == StructKind::Table ? "table" : "inline struct";
    if (n.kind != o.kind) {
      report(n.origin, o.origin, "struct '" + o.name + "' changed from " + kind + " to " +
                                     (n.kind == StructKind::Table ? "table" : "inline struct"));
      return;
    }
    if (new_.isPacked(n) != old_.isPacked(o))
      report(n.origin, o.origin, std::string(kind) + " '" + o.name + "' changed from " +
                                     (old_.isPacked(o) ? "packed" : "unpacked") + " to " +
                                     (new_.isPacked(n) ? "packed" : "unpacked"));
    const size_t common = std::min(o.fields.size(), n.fields.size());
    for (size_t i = 0; i < common; ++i) {
      const Field &of = o.fields[i], &nf = n.fields[i];
      const std::string ot = wireType(old_, of.type), nt = wireType(new_, nf.type);
      if (ot != nt)
        report(nf.origin, of.origin, "field " + std::to_string(i + 1) + " of " + kind + " '" +
                                         o.name + "' changed from " + of.name + " " +
                                         kmTypeName(old_, of.type) + " to " + nf.name + " " +
                                         kmTypeName(new_, nf.type));
    }
    for (size_t i = common; i < o.fields.size(); ++i)
      report(n.origin, o.fields[i].origin, std::string(kind) + " '" + o.name + "' lost field '" +
                                               o.fields[i].name + "'" +
                                               (o.kind == StructKind::Table
                                                    ? " (tables may only gain fields at the end)"
                                                    : ""));
    if (o.kind == StructKind::Inline)
      for (size_t i = common; i < n.fields.size(); ++i)
        report(n.fields[i].origin, o.origin, "inline struct '" + o.name + "' gained field '" +
                                                 n.fields[i].name + "' (an inline struct's size is "
                                                 "fixed into every struct that holds it)");
  }

  const Schema &old_, &new_;
  std::map<std::string, size_t> newStructs_, newEnums_;
  std::vector<Incompatibility> found_;
};

} // namespace

std::vector<Incompatibility> compareSchemas(const Schema &before, const Schema &after) {
  return Comparer(before, after).run();
}

} // namespace karmem::idl
