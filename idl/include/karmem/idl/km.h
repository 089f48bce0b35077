// KarmemIDL (.km) text: a reader that accepts exactly what Karmem's own parser
// accepts (spec §2; checked against shared/karmem-schemas/VALIDITY.txt), and a
// writer whose output that reader -- and Karmem's parser -- accepts.
#pragma once

#include "karmem/idl/schema.h"

#include <string>
#include <string_view>

namespace karmem::idl {

struct KmError {
  uint32_t line = 0, column = 0; // 1-based position of the offending token
  std::string message;
};

// Parses `text` into `out`. On failure returns false, fills `error`, and
// leaves `out` unspecified.
bool parseKm(std::string_view text, Schema &out, KmError &error);

// Writes `schema` as KarmemIDL, declarations in `schema.order`. The schema
// must already be valid (names, declaration order, enum zero member).
std::string writeKm(const Schema &schema);

// The KarmemIDL spelling of a field type: "uint8", "[4]Weapon", "[<512]char".
std::string kmTypeName(const Schema &schema, const FieldType &type);

} // namespace karmem::idl
