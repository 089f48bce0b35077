#pragma once
#include <karmem/karmem.h>
struct KARMEM_STRUCT(inline) Point { int16_t x, y; };
struct KARMEM_STRUCT(table) Shape {
  Point center;
  std::vector<Point> path;
  std::string name;
};
