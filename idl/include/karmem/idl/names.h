// Naming rules of KarmemIDL (spec §2.1) and the mapping from C++ names.
#pragma once

#include <string>
#include <string_view>

namespace karmem::idl {

// "is_alive" -> "IsAlive", "hitBox" -> "HitBox", "x" -> "X", "pos2" -> "Pos2".
// Underscores separate words and are dropped; the first letter of each word is
// upper-cased; other letters are kept. May return a name that is still not a
// valid KarmemIDL name (e.g. it starts with a digit): check with the
// predicates below.
std::string toPascalCase(std::string_view cppName);

// Struct, field and enum member names: an upper-case ASCII letter, then ASCII
// letters and digits.
bool isValidKmIdentifier(std::string_view name);
// Enum type names and the schema name: letters only (enum names also start
// with an upper-case letter).
bool isValidKmEnumName(std::string_view name);
bool isValidKmSchemaName(std::string_view name);

} // namespace karmem::idl
