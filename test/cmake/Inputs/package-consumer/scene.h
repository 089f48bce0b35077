#pragma once
#include <karmem/karmem.h>
struct KARMEM_STRUCT(inline) Point { int16_t x, y; };
struct KARMEM_STRUCT(table) Scene {
  std::string name;
  std::vector<Point> points;
  uint32_t frame;
};
