// karmem-idl: the .km command-line tool. Checks a KarmemIDL file, prints its
// wire layout and struct ids, and rewrites it in canonical form; it uses the
// same idl/ library as the Clang plugin, so its output is what the plugin
// computes. Tests: test/idl/*.test.
#include "karmem/idl/cpp_types.h"
#include "karmem/idl/km.h"
#include "karmem/idl/layout.h"
#include "karmem/idl/packet_id.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using namespace karmem::idl;

constexpr const char *kUsage =
    "usage: karmem-idl <command> FILE.km\n"
    "\n"
    "commands:\n"
    "  check   parse FILE.km and compute its layout; print \"ok\" or the first error\n"
    "  layout  print, in file order, each enum's member values and each struct's kind,\n"
    "          mode, sizes and field offsets/slots/strides\n"
    "  ids     print every struct's PacketIdentifier (decimal, then its 8 bytes in hex)\n"
    "  format  print FILE.km in canonical KarmemIDL form\n"
    "  cpp     print the schema's types as annotated C++ (compile them with the karmem\n"
    "          plugin for accessors and a .km of the same schema); `cpp FILE.km NS` puts\n"
    "          them in namespace NS instead of one named after the schema\n"
    "\n"
    "Errors are printed as FILE:line:column: error: message, with exit status 1.\n";

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "karmem-idl: error: cannot open '" << path << "': " << std::strerror(errno)
              << "\n";
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    std::cerr << "karmem-idl: error: cannot read '" << path << "'\n";
    return false;
  }
  out = buffer.str();
  return true;
}

// Parses and lays out `path`; prints the first error and returns false.
bool load(const std::string &path, Schema &schema, SchemaLayout &layout) {
  std::string text;
  if (!readFile(path, text))
    return false;
  KmError error;
  if (!parseKm(text, schema, error)) {
    std::cerr << path << ":" << error.line << ":" << error.column << ": error: " << error.message
              << "\n";
    return false;
  }
  LayoutError layoutError;
  if (!computeLayout(schema, layout, layoutError)) {
    const Origin &at = originOf(schema, layoutError);
    std::cerr << path << ":" << at.line << ":" << at.column << ": error: " << layoutError.message
              << "\n";
    return false;
  }
  return true;
}

void printEnum(const Enum &e) {
  std::cout << "enum " << e.name << " " << kmName(e.underlying) << "\n";
  for (const EnumMember &m : e.members)
    std::cout << "  member " << m.name << " = " << m.value << "\n";
}

void printStruct(const Schema &schema, const Struct &s, const StructLayout &sl) {
  std::cout << "struct " << s.name << " " << (s.kind == StructKind::Table ? "table" : "inline")
            << " " << (sl.packed ? "packed" : "unpacked") << " content=" << sl.content
            << " padding=" << sl.padding << " total=" << sl.total << " minimum=" << sl.minimum
            << "\n";
  for (size_t f = 0; f < s.fields.size(); ++f) {
    const Field &field = s.fields[f];
    const FieldLayout &fl = sl.fields[f];
    std::cout << "  field " << field.name << " " << kmTypeName(schema, field.type)
              << " offset=" << fl.offset << " slot=" << fl.slot << " stride=" << fl.stride << "\n";
  }
}

// Declarations in file order: enums with their values, structs with sizes
// and per-field offset/slot/stride.
void printLayout(const Schema &schema, const SchemaLayout &layout) {
  for (const DeclRef &d : schema.order) {
    if (d.kind == DeclRef::Kind::Enum)
      printEnum(schema.enums[d.index]);
    else
      printStruct(schema, schema.structs[d.index], layout.structs[d.index]);
  }
}

void printIds(const Schema &schema) {
  for (const Struct &s : schema.structs) {
    const uint64_t id = structIdentifier(schema, s);
    char bytes[17];
    for (int b = 0; b < 8; ++b)
      std::snprintf(bytes + 2 * b, 3, "%02x", static_cast<unsigned>((id >> (8 * b)) & 0xff));
    std::cout << s.name << " " << id << " " << bytes << (s.id ? " @id" : "") << "\n";
  }
}

// "game", "my::game": C++ identifiers separated by "::".
bool isCppNamespace(const std::string &ns) {
  size_t start = 0;
  for (;;) {
    const size_t end = std::min(ns.find("::", start), ns.size());
    if (end == start || std::isdigit(static_cast<unsigned char>(ns[start])))
      return false;
    for (size_t i = start; i < end; ++i)
      if (!std::isalnum(static_cast<unsigned char>(ns[i])) && ns[i] != '_')
        return false;
    if (end == ns.size())
      return true;
    start = end + 2;
  }
}

bool printCppTypes(const std::string &path, const Schema &schema, std::string ns) {
  if (ns.empty())
    ns = defaultCppNamespace(schema);
  if (!isCppNamespace(ns)) {
    std::cerr << "karmem-idl: error: '" << ns << "' is not a C++ namespace name (identifiers "
              << "separated by '::')\n";
    return false;
  }
  std::string text;
  CppTypesError error;
  const std::string name = path.substr(path.find_last_of('/') + 1);
  if (!emitCppTypes(schema, bindKmSchema(schema, ns), ns, name, text, error)) {
    std::cerr << path << ":" << error.at.line << ":" << error.at.column << ": error: "
              << error.message << "\n";
    return false;
  }
  std::cout << text;
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::cout << kUsage;
    return 0;
  }
  const bool withNamespace = argc == 4 && std::strcmp(argv[1], "cpp") == 0;
  if (argc != 3 && !withNamespace) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string command = argv[1];
  const std::string path = argv[2];
  if (command != "check" && command != "layout" && command != "ids" && command != "format" &&
      command != "cpp") {
    std::cerr << "karmem-idl: error: unknown command '" << command << "'\n" << kUsage;
    return 2;
  }

  Schema schema;
  SchemaLayout layout;
  if (!load(path, schema, layout))
    return 1;

  if (command == "check")
    std::cout << "ok\n";
  else if (command == "layout")
    printLayout(schema, layout);
  else if (command == "ids")
    printIds(schema);
  else if (command == "format")
    std::cout << writeKm(schema);
  else
    return printCppTypes(path, schema, withNamespace ? argv[3] : "") ? 0 : 1;
  return 0;
}
