// The schema commands of `karmem`: check, layout, ids, format, cpp, compat. They use
// the same idl/ library as the Clang plugin, so what they print is what the
// plugin computes. Tests: test/idl/*.test.
#include "cli.h"

#include "karmem/idl/compat.h"
#include "karmem/idl/cpp_types.h"
#include "karmem/idl/fingerprint.h"
#include "karmem/idl/km.h"
#include "karmem/idl/packet_id.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

namespace karmem::cli {

namespace {

using namespace idl;

void printEnum(const Enum &e) {
  std::cout << "enum " << e.name << " " << kmName(e.underlying) << "\n";
  for (const EnumMember &m : e.members)
    std::cout << "  member " << m.name << " = " << m.value << "\n";
}

void printStruct(const Schema &schema, const Struct &s, const StructLayout &sl,
                 uint64_t fingerprint) {
  std::cout << "struct " << s.name << " " << (s.kind == StructKind::Table ? "table" : "inline")
            << " " << (sl.packed ? "packed" : "unpacked") << " content=" << sl.content
            << " padding=" << sl.padding << " total=" << sl.total << " minimum=" << sl.minimum
            << " fingerprint=" << fingerprintText(fingerprint) << "\n";
  for (size_t f = 0; f < s.fields.size(); ++f) {
    const Field &field = s.fields[f];
    const FieldLayout &fl = sl.fields[f];
    std::cout << "  field " << field.name << " " << kmTypeName(schema, field.type)
              << " offset=" << fl.offset << " slot=" << fl.slot << " stride=" << fl.stride << "\n";
  }
}

// Declarations in file order: enums with their values, structs with sizes,
// layout fingerprint and per-field offset/slot/stride.
void printLayout(const Schema &schema, const SchemaLayout &layout) {
  const std::vector<uint64_t> fingerprints = layoutFingerprints(schema, layout);
  for (const DeclRef &d : schema.order) {
    if (d.kind == DeclRef::Kind::Enum)
      printEnum(schema.enums[d.index]);
    else
      printStruct(schema, schema.structs[d.index], layout.structs[d.index],
                  fingerprints[d.index]);
  }
}

// Prints each @karmem.fingerprint tag of `path` that its declarations do not
// give (FILE:line:column: error: ...); returns how many.
size_t reportStaleFingerprints(const std::string &path, const Schema &schema,
                               const SchemaLayout &layout) {
  const std::vector<StaleFingerprint> stale = staleFingerprints(schema, layout);
  for (const StaleFingerprint &f : stale)
    std::cout << path << ":" << f.at.line << ":" << f.at.column << ": error: " << f.message
              << " (`" << program << " format --fingerprints` rewrites them)\n";
  return stale.size();
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

// cpp FILE.km [NAMESPACE] [-o DIR]: to stdout, or to DIR/<schema name>.h.
bool printCppTypes(const std::string &path, const Schema &schema, std::string ns,
                   const std::string &outDir) {
  if (ns.empty())
    ns = defaultCppNamespace(schema);
  if (!isCppNamespace(ns)) {
    cli::error("'" + ns + "' is not a C++ namespace name (identifiers separated by '::')");
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
  if (outDir.empty()) {
    std::cout << text;
    return true;
  }
  const std::string file = outDir + "/" + schema.name + ".h";
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out.flush()) {
    cli::error("cannot write '" + file + "': " + std::strerror(errno));
    return false;
  }
  return true;
}

// compat OLD.km NEW.km: each incompatibility at its place in the new schema
// (or the old one, for what is gone), with a note at what it breaks.
int runCompat(const Args &args) {
  if (args.size() != 2)
    return 2;
  Schema before, after;
  SchemaLayout beforeLayout, afterLayout;
  if (!loadSchema(args[0], before, beforeLayout) || !loadSchema(args[1], after, afterLayout))
    return 1;
  const size_t stale = reportStaleFingerprints(args[0], before, beforeLayout) +
                       reportStaleFingerprints(args[1], after, afterLayout);
  const std::vector<Incompatibility> found = compareSchemas(before, after);
  auto at = [](const std::string &path, const Origin &o) {
    return path + ":" + std::to_string(o.line) + ":" + std::to_string(o.column);
  };
  for (const Incompatibility &i : found) {
    if (i.inNewIsSet) {
      std::cout << at(args[1], i.inNew) << ": error: " << i.message << "\n"
                << at(args[0], i.inOld) << ": note: as it was\n";
    } else {
      std::cout << at(args[0], i.inOld) << ": error: " << i.message << "\n";
    }
  }
  if (found.empty())
    std::cout << "compatible: each reads the other's bytes\n";
  else
    std::cout << found.size() << (found.size() == 1 ? " incompatibility\n" : " incompatibilities\n");
  if (stale)
    std::cout << stale << (stale == 1 ? " stale fingerprint\n" : " stale fingerprints\n");
  return found.empty() && !stale ? 0 : 1;
}

} // namespace

int runSchemaCommand(const std::string &command, const Args &args) {
  if (command == "compat")
    return runCompat(args);
  std::vector<std::string> positional;
  std::string outDir;
  bool withFingerprints = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (command == "cpp" && args[i] == "-o" && i + 1 < args.size())
      outDir = args[++i];
    else if (command == "format" && args[i] == "--fingerprints")
      withFingerprints = true;
    else
      positional.push_back(args[i]);
  }
  const bool withNamespace = command == "cpp" && positional.size() == 2;
  if (positional.size() != 1 && !withNamespace)
    return 2;
  Schema schema;
  SchemaLayout layout;
  if (!loadSchema(positional[0], schema, layout))
    return 1;
  if (command == "check") {
    if (reportStaleFingerprints(positional[0], schema, layout))
      return 1;
    std::cout << "ok\n";
  } else if (command == "layout")
    printLayout(schema, layout);
  else if (command == "ids")
    printIds(schema);
  else if (command == "format") {
    if (withFingerprints)
      recordFingerprints(schema, layout);
    std::cout << writeKm(schema);
  }
  else
    return printCppTypes(positional[0], schema, withNamespace ? positional[1] : "", outDir) ? 0 : 1;
  return 0;
}

} // namespace karmem::cli
