// What every call of the game benchmark must return, computed by the native
// driver from the benchmark's formula (test/golden/game_bench1000.json,
// `generator`), never from an implementation's output. The same computation
// as expected.mjs; the word order of the digest is digest.h's.
#pragma once

#include "digest.h"
#include "ops.h"

#include <bit>
#include <cstdint>

namespace bench {

struct Expected {
  uint32_t digest = 0;
  float sum_vec3 = 0;
  float sum_vec3_4acc = 0;
  uint32_t sum_uint8 = 0;
  StatsSums stats{};
};

inline Expected expected_results(uint32_t n) {
  static constexpr uint8_t kName[] = {0xc7, 0xa8, 0xe7, 0xbf, 0x90, 0x70, 0xc2, 0xb1, 0xc6, 0x80,
                                      0xe9, 0xb5, 0x81, 0xe7, 0x81, 0x89, 0xc4, 0xac, 0xe5, 0x86,
                                      0x96, 0xc9, 0xa0, 0x63, 0x74, 0x71, 0x6f, 0xe9, 0x85, 0x82};
  static constexpr int32_t kStatus[] = {23123, 83859, 30123123, 34123, -23111, -923, 93123, 11123};
  static constexpr double kHitbox[] = {4.2, 313.12, 4.02, 90.0, -2942.123};
  const float reload = std::bit_cast<float>(uint32_t(0x3fb62c36));
  constexpr uint32_t kTeamAliens = 4, kColorRed = 0;

  Expected e;
  Digest d;
  float acc[4] = {};
  d.word(n);
  for (uint32_t i = 0; i < n; ++i) {
    d.f32(1.0f), d.f32(2.0f), d.f32(3.0f);
    d.i32(int16_t(i)), d.i32(int16_t(2 * i));
    d.word(sizeof kName);
    for (uint8_t c : kName)
      d.word(c);
    d.word(kTeamAliens);
    d.word(100);
    for (int k = 0; k < 100; ++k)
      d.word(i & 0xff);
    e.sum_uint8 += 100 * (i & 0xff);
    d.word(kColorRed);
    for (double h : kHitbox)
      d.f64(h);
    d.word(sizeof kStatus / sizeof kStatus[0]);
    for (int32_t s : kStatus)
      d.i32(s);
    for (uint32_t j = 0; j < 4; ++j) {
      d.i32(int32_t(100 + i)), d.word(j), d.word(i & 0xff), d.f32(reload), d.i32(int32_t(i));
      e.stats.damage += int32_t(100 + i);
      e.stats.ammo += j;
      e.stats.clip_size += i & 0xff;
      e.stats.reload_time += reload;
      e.stats.range += int32_t(i);
    }
    d.word(100);
    for (uint32_t j = 0; j < 100; ++j) {
      const float x = float((i * 131 + j * 17) % 1000) / 1000.0f;
      const float y = float(i);
      const float z = float(i * j) * 0.33f;
      d.f32(x), d.f32(y), d.f32(z);
      const float v = x + y + z;
      e.sum_vec3 += v;
      acc[j % 4] += v;
    }
    d.word(i % 2 == 0 ? 1 : 0);
  }
  e.digest = d.value();
  e.sum_vec3_4acc = (acc[0] + acc[1]) + (acc[2] + acc[3]);
  return e;
}

} // namespace bench
