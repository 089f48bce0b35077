// Karmem's benchmark schema (game.km) written as the C++ types a game would
// already have, annotated for karmem-clang. The plugin turns this header into
// game.karmem.h (views and codecs for these very types) and game.km.
#pragma once

#include <karmem/karmem.h>

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
  karmem::limited<char, 512> name;         // [<512]char
  Team team;
  karmem::limited<uint8_t, 128> inventory; // [<128]byte
  Color color;
  std::array<double, 5> hitbox;            // [5]float64
  karmem::limited<int32_t, 10> status;     // [<10]int32
  std::array<Weapon, 4> weapons;           // [4]Weapon
  karmem::limited<Vec3, 2000> path;        // [<2000]Vec3
  bool is_alive;
};

struct KARMEM_STRUCT(inline) Monster {
  MonsterData data;
};

struct KARMEM_STRUCT(table) Monsters {
  karmem::limited<Monster, 2000> monsters;
};

} // namespace game
