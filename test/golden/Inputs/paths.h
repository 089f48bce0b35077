// Karmem's own test schema ../schemas/paths.km (unpacked mode) as annotated
// C++: an inline struct holding a table, used as a table's only field.
#pragma once

#include <karmem/karmem.h>

#include <cstdint>
#include <vector>

namespace paths {

struct KARMEM_STRUCT(inline, unpacked) Vec3 {
  float x, y, z;
};

struct KARMEM_STRUCT(table, unpacked) User {
  std::vector<Vec3> path;
};

struct KARMEM_STRUCT(inline, unpacked) UserData {
  uint32_t ID; // spelled as in paths.km, whose field is "ID" (PascalCase("id") would be "Id")
  User data;
};

struct KARMEM_STRUCT(table, unpacked) Users {
  UserData users;
};

} // namespace paths
