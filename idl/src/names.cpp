// KarmemIDL naming rules (spec §2.1) and the C++ -> PascalCase mapping used
// by the plugin. ASCII only: Karmem's parser also takes other Unicode letters,
// but its code generators turn names into identifiers of other languages, so
// this project keeps to ASCII.
#include "karmem/idl/names.h"

namespace karmem::idl {

namespace {
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isLetter(char c) { return isUpper(c) || isLower(c); }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
} // namespace

std::string toPascalCase(std::string_view cppName) {
  std::string out;
  out.reserve(cppName.size());
  bool startOfWord = true;
  for (char c : cppName) {
    if (c == '_') {
      startOfWord = true;
      continue;
    }
    if (startOfWord && isLower(c))
      c = static_cast<char>(c - 'a' + 'A');
    out.push_back(c);
    startOfWord = false;
  }
  return out;
}

bool isValidKmIdentifier(std::string_view name) {
  if (name.empty() || !isUpper(name.front()))
    return false;
  for (char c : name.substr(1))
    if (!isLetter(c) && !isDigit(c))
      return false;
  return true;
}

bool isValidKmEnumName(std::string_view name) {
  if (name.empty() || !isUpper(name.front()))
    return false;
  for (char c : name)
    if (!isLetter(c))
      return false;
  return true;
}

bool isValidKmSchemaName(std::string_view name) {
  if (name.empty())
    return false;
  for (char c : name)
    if (!isLetter(c))
      return false;
  return true;
}

} // namespace karmem::idl
