// The worked example of the Karmem format spec (../schemas/example_packed.km)
// as annotated C++, packed mode. Used by example_packed and the bad_* cases.
#pragma once

#include <karmem/karmem.h>

#include <cstdint>
#include <string>
#include <vector>

namespace example {

enum class Kind : uint8_t { None, Circle, Square };

struct KARMEM_STRUCT(inline) Point {
  int16_t x;
  int16_t y;
};

struct KARMEM_STRUCT(table) Label {
  uint8_t id;
  std::string text;
};

struct KARMEM_STRUCT(table) Shape {
  Kind kind;
  Point center;
  std::vector<Point> path;
  std::string name;
  Label label;
};

} // namespace example
