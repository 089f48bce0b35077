// The figures both sides compute, each from its own side: a producer from its
// C++ objects, a consumer through zero-copy views of the bytes. The hosts
// print them side by side; they must agree exactly. Include after
// game.karmem.h.
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

// From the objects that are encoded.
inline GameSums sums_of(const game::Monsters &monsters) {
  GameSums s{};
  for (const game::Monster &m : monsters.monsters) {
    const game::MonsterData &d = m.data;
    ++s.monsters;
    s.alive += d.is_alive;
    s.name_bytes += uint32_t(d.name.size());
    for (uint8_t b : d.inventory)
      s.inventory_sum += b;
    for (const game::Weapon &w : d.weapons)
      s.damage_sum += w.data.damage;
    for (const game::Vec3 &p : d.path) {
      s.path_sum += double(p.x) + double(p.y) + double(p.z);
      ++s.path_points;
    }
  }
  return s;
}

// Through views of the bytes, in place: nothing is decoded.
inline GameSums sums_of(karmem::view<game::Monsters> root) {
  GameSums s{};
  for (auto m : root.monsters()) {
    auto d = m.data();
    ++s.monsters;
    s.alive += d.is_alive();
    s.name_bytes += uint32_t(d.name().size());
    for (uint8_t b : d.inventory())
      s.inventory_sum += b;
    for (auto w : d.weapons())
      s.damage_sum += w.data().damage();
    for (auto p : d.path()) {
      s.path_sum += double(p.x()) + double(p.y()) + double(p.z());
      ++s.path_points;
    }
  }
  return s;
}
