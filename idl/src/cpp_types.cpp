// Implements cpp_types.h. The C++ spellings chosen here are the ones
// plugin/PrimitiveTypes.cpp and SequenceTypes.cpp map back; the round trip is
// checked by test/idl/km-to-cpp.test against the hand-written headers of the
// golden schemas, bytes included.
// Tests: test/idl/km-to-cpp.test, test/idl/km-to-cpp-names.test.
#include "karmem/idl/cpp_types.h"

#include "karmem/idl/cpp_emitter.h"
#include "karmem/idl/names.h"

#include <cctype>
#include <set>
#include <sstream>

namespace karmem::idl {

namespace {

bool isCppKeyword(const std::string &word) {
  static const std::set<std::string> keywords = {
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break",
      "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept",
      "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
      "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast",
      "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto",
      "if", "inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq",
      "nullptr", "operator", "or", "or_eq", "private", "protected", "public", "register",
      "reinterpret_cast", "requires", "return", "short", "signed", "sizeof", "static",
      "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local",
      "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
      "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq"};
  return keywords.count(word) != 0;
}

// `HitBox` -> `hit_box`, `Pos2` -> `pos2`; empty when a word keeps an
// upper-case letter (`ID`, `EI8`), whose snake_case would not map back.
std::string snakeCase(const std::string &name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (std::isupper(c)) {
      const bool startsWord = i == 0 || std::islower(static_cast<unsigned char>(name[i - 1])) ||
                              std::isdigit(static_cast<unsigned char>(name[i - 1]));
      if (!startsWord)
        return {};
      if (i != 0)
        out += '_';
      out += static_cast<char>(std::tolower(c));
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// A data member for the Karmem field `name` that the plugin maps back to it.
std::string memberName(const std::string &name) {
  for (std::string candidate : {snakeCase(name), name}) {
    if (candidate.empty())
      continue;
    if (isCppKeyword(candidate) || reservedAccessorName(candidate))
      candidate += '_';
    if (!reservedAccessorName(candidate) && toPascalCase(candidate) == name)
      return candidate;
  }
  return name; // a Karmem name is always a valid, unreserved C++ member
}


const char *cppPrimitive(Primitive p, Shape shape) {
  switch (p) {
  case Primitive::Uint8: return "uint8_t";
  case Primitive::Uint16: return "uint16_t";
  case Primitive::Uint32: return "uint32_t";
  case Primitive::Uint64: return "uint64_t";
  case Primitive::Int8: return "int8_t";
  case Primitive::Int16: return "int16_t";
  case Primitive::Int32: return "int32_t";
  case Primitive::Int64: return "int64_t";
  case Primitive::Float32: return "float";
  case Primitive::Float64: return "double";
  case Primitive::Bool: return "bool";
  case Primitive::Byte: return "std::byte";
  case Primitive::Char: return shape == Shape::Single ? "uint8_t" : "char";
  }
  return "";
}

std::string elementType(const CppBinding &cpp, const FieldType &t) {
  switch (t.element.kind) {
  case TypeRef::Kind::Primitive:
    return cppPrimitive(t.element.primitive, t.shape);
  case TypeRef::Kind::Enum:
    return cpp.enums[t.element.index].name;
  case TypeRef::Kind::Struct:
    // A KarmemString that bindKmSchema gave no C++ type: C++ holds the string.
    return cpp.standsForElement(t.element.index) ? "std::string" : cpp.structs[t.element.index].name;
  }
  return "";
}

// Whether struct `index` is the string wrapper (schema.h) and is only ever an
// element of sequences: then C++ has sequences of std::string instead, which
// the plugin turns back into it. (A single KarmemString field needs the C++
// struct.)
bool onlyWrapsStrings(const Schema &schema, size_t index) {
  if (!isStringWrapper(schema, schema.structs[index]))
    return false;
  for (const Struct &s : schema.structs)
    for (const Field &f : s.fields)
      if (f.type.shape == Shape::Single && f.type.element.kind == TypeRef::Kind::Struct &&
          f.type.element.index == index)
        return false;
  return true;
}

std::string memberType(const CppBinding &cpp, const FieldType &t) {
  const std::string element = elementType(cpp, t);
  const bool isChar = t.element.kind == TypeRef::Kind::Primitive &&
                      t.element.primitive == Primitive::Char;
  switch (t.shape) {
  case Shape::Single:
    return element;
  case Shape::Array:
    return "std::array<" + element + ", " + std::to_string(t.length) + ">";
  case Shape::Slice:
    return isChar ? "std::string" : "std::vector<" + element + ">";
  case Shape::LimitedSlice:
    return "karmem::limited<" + element + ", " + std::to_string(t.length) + ">";
  }
  return "";
}

// A member value as a C++ literal of the enum's underlying type.
std::string enumValue(Primitive underlying, uint64_t bits) {
  if (underlying == Primitive::Uint64)
    return std::to_string(bits) + "ull";
  if (underlying == Primitive::Int64)
    return std::to_string(bits) + "ll"; // KarmemIDL values are never negative
  return std::to_string(bits);
}

// "::game::Monster" -> "Monster": declarations are written inside the namespace.
std::string unqualified(const std::string &qualified) {
  return qualified.substr(qualified.rfind("::") + 2);
}

} // namespace

std::string defaultCppNamespace(const Schema &schema) {
  const std::string &name = schema.name;
  if (isCppKeyword(name) || name == "karmem" || name == "std")
    return name + "_km";
  return name;
}

CppBinding bindKmSchema(const Schema &schema, const std::string &cppNamespace) {
  const std::string ns = "::" + cppNamespace + "::";
  CppBinding cpp;
  for (const Enum &e : schema.enums) {
    CppEnumBinding bound;
    bound.name = ns + e.name;
    for (const EnumMember &m : e.members)
      bound.members.push_back(m.name); // scoped enumerators: no clash, no keyword
    cpp.enums.push_back(std::move(bound));
  }
  for (size_t i = 0; i < schema.structs.size(); ++i) {
    const Struct &s = schema.structs[i];
    CppStructBinding bound;
    if (onlyWrapsStrings(schema, i)) {
      cpp.structs.push_back(std::move(bound)); // no C++ type: it stands for std::string
      continue;
    }
    bound.name = ns + s.name;
    for (const Field &f : s.fields)
      bound.fields.push_back(memberName(f.name));
    bound.standardLayout = true;
    cpp.structs.push_back(std::move(bound));
  }
  return cpp;
}

bool emitCppTypes(const Schema &schema, const CppBinding &cpp, const std::string &cppNamespace,
                  const std::string &sourceName, std::string &out, CppTypesError &error) {
  for (const Struct &s : schema.structs)
    if (s.id) {
      error = {s.origin, "struct '" + s.name + "' has @id(" + std::to_string(*s.id) +
                             "), which the karmem::struct attribute cannot express; remove it to let the "
                             "id come from the name, or keep this schema in .km"};
      return false;
    }

  std::ostringstream os;
  os << "// Generated by karmem-idl from " << sourceName << ". Do not edit.\n"
     << "// The types of the Karmem schema '" << schema.name << "' as annotated C++: compile\n"
     << "// with the karmem plugin for the accessors and a .km of the same schema.\n"
     << "#pragma once\n\n"
     << "#include <karmem/karmem.h>\n\n"
     << "#include <array>\n#include <cstddef>\n#include <cstdint>\n#include <string>\n"
     << "#include <vector>\n\n"
     << "namespace " << cppNamespace << " {\n";
  for (const DeclRef &d : schema.order) {
    os << "\n";
    if (d.kind == DeclRef::Kind::Enum) {
      const Enum &e = schema.enums[d.index];
      const CppEnumBinding &bound = cpp.enums[d.index];
      os << "enum class " << unqualified(bound.name) << " : "
         << cppPrimitive(e.underlying, Shape::Single) << " {\n";
      for (size_t i = 0; i < e.members.size(); ++i)
        os << "  " << bound.members[i] << " = " << enumValue(e.underlying, e.members[i].value)
           << ",\n";
      os << "};\n";
      continue;
    }
    const Struct &s = schema.structs[d.index];
    const CppStructBinding &bound = cpp.structs[d.index];
    if (cpp.standsForElement(d.index)) {
      os << "// " << s.name << ": the plugin's wrapper for sequences of std::string\n";
      continue;
    }
    os << "struct KARMEM_STRUCT(" << (s.kind == StructKind::Table ? "table" : "inline")
       << (schema.isPacked(s) ? "" : ", unpacked") << ") " << unqualified(bound.name) << " {\n";
    for (size_t i = 0; i < s.fields.size(); ++i)
      os << "  " << memberType(cpp, s.fields[i].type) << " " << bound.fields[i] << ";\n";
    os << "};\n";
  }
  os << "\n} // namespace " << cppNamespace << "\n";
  out = os.str();
  return true;
}

} // namespace karmem::idl
