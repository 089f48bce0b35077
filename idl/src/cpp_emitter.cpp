// Emits `<stem>.karmem.h` (see cpp_emitter.h). The output holds only
// specialisations of runtime templates, one guarded block per type so that two
// generated headers sharing a type can be included together.
#include "karmem/idl/cpp_emitter.h"

#include "karmem/idl/fingerprint.h"
#include "karmem/idl/km.h"
#include "karmem/idl/packet_id.h"

#include <sstream>

namespace karmem::idl {

namespace {

// "::game::Vec3" -> "KARMEM_GENERATED__game__Vec3"
std::string guardMacro(const std::string &cppName) {
  std::string out = "KARMEM_GENERATED_";
  for (char c : cppName)
    out += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return out;
}

// A C++ expression that is true when T's native layout on the compiling
// target is its wire layout, so that arrays of T move with one memcpy. Only
// inline structs of non-bool scalars, fixed arrays of them and nested such
// structs qualify (bool is excluded: the wire may hold any nonzero byte).
std::string nativeLayoutExpr(const Schema &schema, const CppBinding &cpp, size_t index,
                             const StructLayout &sl) {
  const Struct &s = schema.structs[index];
  const CppStructBinding &bound = cpp.structs[index];
  if (s.kind != StructKind::Inline || !bound.standardLayout || !sl.packed)
    return "false";
  // `type` (declared first in the specialisation) and not the C++ name:
  // offsetof is a macro, and `Pair<float, int>` would be two arguments.
  std::string expr = "std::is_trivially_copyable_v<type> && sizeof(type) == " + std::to_string(sl.total);
  for (size_t i = 0; i < s.fields.size(); ++i) {
    const Field &f = s.fields[i];
    const TypeRef &e = f.type.element;
    if (f.type.shape == Shape::Slice || f.type.shape == Shape::LimitedSlice)
      return "false";
    if (e.kind == TypeRef::Kind::Primitive && e.primitive == Primitive::Bool)
      return "false";
    if (e.kind == TypeRef::Kind::Struct) {
      if (schema.structs[e.index].kind != StructKind::Inline || cpp.standsForElement(e.index))
        return "false";
      expr += " && schema<" + cpp.structs[e.index].name + ">::native_layout";
    }
    const std::string &member = bound.fields[i];
    expr += " && offsetof(type, " + member + ") == " + std::to_string(sl.fields[i].offset) +
            " && sizeof(type::" + member + ") == " + std::to_string(sl.fields[i].slot);
  }
  return expr;
}

// The C++ side of a field's element: a sequence of tables or enums is a
// sequence of .km wrapper structs (spec §2.6), whose one field C++ holds
// directly, so it is classified as that field's element.
const TypeRef &cppElement(const Schema &schema, const CppBinding &cpp, const FieldType &t) {
  const TypeRef &e = t.element;
  if (e.kind == TypeRef::Kind::Struct && cpp.standsForElement(e.index))
    return schema.structs[e.index].fields.front().type.element;
  return e;
}

// A sequence of strings: of wrappers holding one []char, which C++ holds as
// its std::string elements.
bool isStringSequence(const Schema &schema, const CppBinding &cpp, const FieldType &t) {
  const TypeRef &e = t.element;
  return e.kind == TypeRef::Kind::Struct && cpp.standsForElement(e.index) &&
         holdsOneString(schema.structs[e.index]);
}

const char *shapeName(Shape shape) {
  switch (shape) {
  case Shape::Single:
    return "::karmem::shape::single";
  case Shape::Array:
    return "::karmem::shape::array";
  case Shape::Slice:
    return "::karmem::shape::slice";
  case Shape::LimitedSlice:
    return "::karmem::shape::limited_slice";
  }
  return "";
}

const char *kindName(const Schema &schema, const TypeRef &e) {
  switch (e.kind) {
  case TypeRef::Kind::Primitive:
    return "::karmem::kind::scalar";
  case TypeRef::Kind::Enum:
    return "::karmem::kind::enumeration";
  case TypeRef::Kind::Struct:
    return schema.structs[e.index].kind == StructKind::Table ? "::karmem::kind::table"
                                                             : "::karmem::kind::inline_struct";
  }
  return "";
}

// One struct, its layout and its C++ spelling, for the emitters below.
struct Emitted {
  const Schema &schema;
  const CppBinding &cpp;
  size_t index;
  const Struct &s;
  const StructLayout &sl;
  const std::string &type; // the C++ type
  const std::vector<std::string> &members;
  uint64_t fingerprint; // fingerprint.h
};

void emitSchema(std::ostream &os, const Emitted &e) {
  const Struct &s = e.s;
  const StructLayout &sl = e.sl;
  const Schema &schema = e.schema;
  os << "template <> struct schema<" << e.type << "> {\n"
     << "  using type = " << e.type << ";\n"
     << "  static constexpr std::string_view name = \"" << s.name << "\";\n"
     << "  static constexpr bool table = " << (s.kind == StructKind::Table ? "true" : "false") << ";\n"
     << "  static constexpr bool packed = " << (sl.packed ? "true" : "false") << ";\n"
     << "  static constexpr uint32_t content = " << sl.content << ", total = " << sl.total
     << ", minimum = " << sl.minimum << ";\n"
     << "  static constexpr uint64_t id = " << structIdentifier(schema, s) << "ull;\n"
     << "  static constexpr uint64_t fingerprint = " << fingerprintText(e.fingerprint) << "ull;\n"
     << "  static constexpr bool native_layout = " << nativeLayoutExpr(schema, e.cpp, e.index, sl)
     << ";\n"
     << "  static constexpr auto fields = field_list{\n";
  for (size_t i = 0; i < s.fields.size(); ++i) {
    const Field &f = s.fields[i];
    const FieldLayout &fl = sl.fields[i];
    os << "      field<&" << e.type << "::" << e.members[i] << ", " << fl.offset << ", " << fl.slot
       << ", " << fl.stride << ", " << shapeName(f.type.shape) << ", "
       << (isStringSequence(schema, e.cpp, f.type) ? "::karmem::kind::string"
                                                     : kindName(schema, cppElement(schema, e.cpp, f.type)));
    if (f.type.shape == Shape::Array || f.type.shape == Shape::LimitedSlice)
      os << ", " << f.type.length;
    os << ">{\"" << f.name << "\"},\n";
  }
  os << "  };\n};\n";
}

void emitView(std::ostream &os, const Emitted &e) {
  os << "template <> class view<" << e.type << "> : public struct_view<" << e.type << "> {\n"
     << "public:\n"
     << "  using ::karmem::struct_view<" << e.type << ">::struct_view;\n";
  for (size_t i = 0; i < e.s.fields.size(); ++i) {
    const Field &f = e.s.fields[i];
    // Qualified from the global namespace: a field may be named `karmem`,
    // `detail` or like any member of the view.
    os << "  auto " << e.members[i] << "() const noexcept { return ::karmem::detail::field_of<" << i
       << ">(*this); } // "
       << f.name << " " << kmTypeName(e.schema, f.type) << " @" << e.sl.fields[i].offset << "\n";
  }
  os << "};\n";
}

// After the schema specialisation, per field: its C++ type is what the schema
// says (form.h), and has on the target compiling the header the sizes this
// layout was computed with.
void emitFieldChecks(std::ostream &os, const Emitted &e) {
  for (size_t i = 0; i < e.s.fields.size(); ++i) {
    const Field &f = e.s.fields[i];
    const std::string member = e.type + "::" + e.members[i];
    os << "static_assert(detail::field_has_form<" << e.type << ", " << i << ">(), \"karmem: " << member
       << " is not the " << kmTypeName(e.schema, f.type) << " this header was generated for: regenerate it\");\n"
       << "static_assert(detail::field_has_width<" << e.type << ", " << i << ">(), \"karmem: " << member
       << " has another size on this target: use fixed-width types (int64_t, not long), regenerate\");\n";
  }
}

} // namespace

const char *reservedAccessorName(const std::string &cppName) {
  if (cppName == "view")
    return "an accessor named 'view' would be a constructor of karmem::view<T>";
  if (cppName.rfind("karmem_", 0) == 0)
    return "names starting with 'karmem_' are the members every karmem::view<T> has "
           "(karmem_present(), karmem_recorded_size() ...)";
  return nullptr;
}

std::string emitCppHeader(const Schema &schema, const SchemaLayout &layout, const CppBinding &cpp,
                          const CppEmitOptions &options) {
  std::ostringstream os;
  os << "// Generated by karmem-clang from " << options.sourceName << ". Do not edit.\n"
     << "// Karmem schema '" << schema.name << "': the same types as " << schema.name
     << ".km, for the karmem runtime (runtime/include/karmem).\n"
     << "#pragma once\n\n"
     << "#include <karmem/generated.h>\n";
  // The annotated headers are compiled here without the plugin, where
  // [[karmem::struct]] is an attribute the compiler does not know.
  if (!options.includes.empty())
    os << "#if defined(__clang__)\n#pragma clang diagnostic push\n"
          "#pragma clang diagnostic ignored \"-Wunknown-attributes\"\n"
          "#elif defined(__GNUC__)\n#pragma GCC diagnostic push\n"
          "#pragma GCC diagnostic ignored \"-Wattributes\"\n#endif\n";
  for (const std::string &inc : options.includes)
    os << "#include " << inc << "\n";
  if (!options.includes.empty())
    os << "#if defined(__clang__)\n#pragma clang diagnostic pop\n"
          "#elif defined(__GNUC__)\n#pragma GCC diagnostic pop\n#endif\n";
  os << "\nstatic_assert(KARMEM_RUNTIME_VERSION == 1,\n"
     << "              \"generated for karmem runtime version 1: regenerate this header\");\n";

  const std::vector<uint64_t> fingerprints = layoutFingerprints(schema, layout);
  for (const DeclRef &d : schema.order) {
    if (d.kind != DeclRef::Kind::Struct)
      continue;
    if (cpp.standsForElement(d.index))
      continue; // a .km-only wrapper (spec §2.6); C++ handles the element directly
    const Struct &s = schema.structs[d.index];
    const StructLayout &sl = layout.structs[d.index];
    const CppStructBinding &bound = cpp.structs[d.index];
    const Emitted e{schema, cpp, d.index, s, sl, bound.name, bound.fields, fingerprints[d.index]};
    const std::string guard = guardMacro(bound.name);
    os << "\n// " << s.name << " (" << (s.kind == StructKind::Table ? "table" : "inline") << ", "
       << sl.total << " bytes)\n"
       << "#ifndef " << guard << "\n#define " << guard << "\nnamespace karmem {\n";
    emitSchema(os, e);
    emitFieldChecks(os, e); // before the view: its accessors are compiled where they stand
    emitView(os, e);
    os << "} // namespace karmem\n#endif\n";
  }
  return os.str();
}

} // namespace karmem::idl
