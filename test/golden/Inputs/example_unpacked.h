// ../schemas/example_unpacked.km as annotated C++: the example schema in
// Karmem's unpacked mode (padded inline structs, 12-byte slice headers).
#pragma once

#include <karmem/karmem.h>

#include <cstdint>
#include <string>
#include <vector>

namespace example_unpacked {

enum class Kind : uint8_t { None, Circle, Square };

struct KARMEM_STRUCT(inline, unpacked) Point {
  int16_t x;
  int16_t y;
};

struct KARMEM_STRUCT(table, unpacked) Label {
  uint8_t id;
  std::string text;
};

struct KARMEM_STRUCT(table, unpacked) Shape {
  Kind kind;
  Point center;
  std::vector<Point> path;
  std::string name;
  Label label;
};

} // namespace example_unpacked
