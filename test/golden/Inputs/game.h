// Karmem's benchmark schema (../schemas/game.km) as annotated C++: the same
// struct and field names after PascalCase, the same wire layout. Used by the
// game_* golden cases and checked in, generated, under test/golden-gen/.
#pragma once

#include <karmem/karmem.h>

#include <array>
#include <cstddef>
#include <cstdint>

namespace game {

enum class Color : uint8_t { Red, Green, Blue };

enum class Team : uint8_t { Humans, Orcs, Zombies, Robots, Aliens };

struct KARMEM_STRUCT(inline) Vec3 {
  float x, y, z;
};

struct KARMEM_STRUCT(table) WeaponData {
  int32_t damage;
  uint16_t ammo;
  uint8_t clip_size;
  float reload_time;
  int32_t range;
};

struct KARMEM_STRUCT(inline) Weapon {
  WeaponData data;
};

struct KARMEM_STRUCT(table) MonsterData {
  Vec3 pos;
  int16_t mana;
  int16_t health;
  karmem::limited<char, 512> name;
  Team team;
  karmem::limited<std::byte, 128> inventory;
  Color color;
  std::array<double, 5> hitbox;
  karmem::limited<int32_t, 10> status;
  std::array<Weapon, 4> weapons;
  karmem::limited<Vec3, 2000> path;
  bool is_alive;
};

struct KARMEM_STRUCT(inline) Monster {
  MonsterData data;
};

struct KARMEM_STRUCT(table) Monsters {
  karmem::limited<Monster, 2000> monsters;
};

} // namespace game
