// See cli.h.
#include "cli.h"

#include "karmem/idl/km.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

namespace karmem::cli {

std::string program = "karmem";

void error(const std::string &message) { std::cerr << program << ": error: " << message << "\n"; }

bool readFile(const std::string &path, std::string &out) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << std::cin.rdbuf();
    out = buffer.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error("cannot open '" + path + "': " + std::strerror(errno));
    return false;
  }
  buffer << in.rdbuf();
  if (in.bad()) {
    error("cannot read '" + path + "'");
    return false;
  }
  out = buffer.str();
  return true;
}

bool loadSchema(const std::string &path, idl::Schema &schema, idl::SchemaLayout &layout) {
  std::string text;
  if (!readFile(path, text))
    return false;
  idl::KmError kmError;
  if (!idl::parseKm(text, schema, kmError)) {
    std::cerr << path << ":" << kmError.line << ":" << kmError.column << ": error: "
              << kmError.message << "\n";
    return false;
  }
  idl::LayoutError layoutError;
  if (!idl::computeLayout(schema, layout, layoutError)) {
    const idl::Origin &at = idl::originOf(schema, layoutError);
    std::cerr << path << ":" << at.line << ":" << at.column << ": error: "
              << layoutError.message << "\n";
    return false;
  }
  return true;
}

} // namespace karmem::cli
