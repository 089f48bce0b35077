// Whether two versions of a schema read each other's bytes, under Karmem's
// evolution rules (spec §7.3): a table may only gain fields at its end; an
// inline struct may not change at all (its size is fixed into every
// container); a field keeps its wire type (only []T <-> [<N]T and []char /
// []byte / []uint8 swaps keep the bytes); a struct keeps its kind and mode;
// an enum keeps its underlying type and every member's value, and may gain
// members. Declarations are matched by name; one that is gone is reported.
#pragma once

#include "karmem/idl/schema.h"

#include <string>
#include <vector>

namespace karmem::idl {

struct Incompatibility {
  Origin inNew; // where the new schema breaks the rule (its declaration or field)
  Origin inOld; // what it breaks, in the old schema
  bool inNewIsSet = true; // false when the thing is gone from the new schema
  std::string message;
};

// Every incompatibility between `before` and `after`, in the old schema's
// declaration order; empty when each reads the other's bytes.
std::vector<Incompatibility> compareSchemas(const Schema &before, const Schema &after);

} // namespace karmem::idl
