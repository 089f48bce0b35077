// ../schemas/evo_v2.km as annotated C++: evo_v1.h with fields appended to
// both tables, the compatible way to evolve a Karmem schema.
#pragma once

#include <karmem/karmem.h>

#include <cstdint>
#include <string>
#include <vector>

namespace evo {

struct KARMEM_STRUCT(inline) Item {
  uint16_t code;
};

struct KARMEM_STRUCT(table) User {
  uint32_t id;
  std::string name;
  std::string email;
  uint16_t age;
  std::vector<Item> items;
};

struct KARMEM_STRUCT(table) Envelope {
  User who;
  uint64_t seq;
  std::string note;
};

} // namespace evo
