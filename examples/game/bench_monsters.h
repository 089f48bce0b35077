// Builds the monsters of Karmem's game benchmark, following the `generator`
// of test/golden/game_bench1000.json (Karmem's initEncode with its random
// values replaced by fixed formulas). With n = 1000 the encoding is exactly
// test/golden/game_bench1000.bin. Used by the example, the golden test and
// bench/game.
#pragma once

#include "game.h"

#include <cstring>

namespace game {

inline void make_bench_monsters(Monsters &out, uint32_t n) {
  static constexpr char kName[] = "\xc7\xa8\xe7\xbf\x90\x70\xc2\xb1\xc6\x80\xe9\xb5\x81\xe7\x81\x89"
                                  "\xc4\xac\xe5\x86\x96\xc9\xa0\x63\x74\x71\x6f\xe9\x85\x82";
  static constexpr int32_t kStatus[] = {23123, 83859, 30123123, 34123, -23111, -923, 93123, 11123};
  out.monsters.clear();
  for (uint32_t i = 0; i < n; ++i) {
    Monster m{};
    MonsterData &d = m.data;
    d.pos = {1.0f, 2.0f, 3.0f};
    d.mana = int16_t(i);
    d.health = int16_t(2 * i);
    d.name.assign(std::string_view(kName, sizeof kName - 1));
    d.team = Team::Aliens;
    d.inventory.resize(100);
    for (auto &b : d.inventory)
      b = uint8_t(i & 0xff);
    d.color = Color::Red;
    d.hitbox = {4.2, 313.12, 4.02, 90.0, -2942.123};
    d.status.assign(std::begin(kStatus), std::end(kStatus));
    float reload;
    const uint32_t reload_bits = 0x3fb62c36; // 1.4232242f
    std::memcpy(&reload, &reload_bits, 4);
    for (uint16_t j = 0; j < 4; ++j)
      d.weapons[j].data = {int32_t(100 + i), j, uint8_t(i & 0xff), reload, int32_t(i)};
    d.path.resize(100);
    for (uint32_t j = 0; j < 100; ++j)
      d.path[j] = {float((i * 131 + j * 17) % 1000) / 1000.0f, float(i), float(i * j) * 0.33f};
    d.is_alive = i % 2 == 0;
    out.monsters.push_back(std::move(m));
  }
}

} // namespace game
