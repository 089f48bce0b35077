// ../schemas/evo_v1.km as annotated C++: the old version of a schema whose
// tables gain fields in evo_v2.h (same struct names, so never in the same
// translation unit as evo_v2.h).
#pragma once

#include <karmem/karmem.h>

#include <cstdint>
#include <string>

namespace evo {

struct KARMEM_STRUCT(inline) Item {
  uint16_t code;
};

struct KARMEM_STRUCT(table) User {
  uint32_t id;
  std::string name;
};

struct KARMEM_STRUCT(table) Envelope {
  User who;
  uint64_t seq;
};

} // namespace evo
