// The figures both modules compute, each from its own side: the producer from
// its C++ objects, the consumer through zero-copy views of the bytes it was
// handed. The host prints them side by side; they must agree exactly.
#pragma once

#include <cstdint>

struct GameSums {
  uint32_t monsters;
  uint32_t alive;
  uint32_t path_points;
  uint32_t name_bytes;
  uint64_t inventory_sum; // every inventory byte
  int64_t damage_sum;     // every weapon's damage (each weapon is its own table)
  double path_sum;        // x + y + z of every path point, in order
};
