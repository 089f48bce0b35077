// Karmem's own test schema ../schemas/basic.km (unpacked mode) as annotated
// C++. Its unused enum RepeatedUserRegion is left out: only the types User
// reaches matter to the bytes.
#pragma once

#include <karmem/karmem.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace basic {

enum class UserRegion : uint32_t { Undefined, Asia, Africa, NorthAmerica, SouthAmerica, Europe, Oceania };

struct KARMEM_STRUCT(inline, unpacked) Point {
  float x;
  float y;
};

struct KARMEM_STRUCT(table, unpacked) User {
  karmem::limited<char, 128> username;
  std::array<std::byte, 256> public_key;
  UserRegion region;
  karmem::limited<Point, 32> locations;
  bool accept_to_s; // AcceptToS
};

} // namespace basic
