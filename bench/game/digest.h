// The content digest that checks a decoded value: FNV-1a (32-bit) over a
// sequence of 32-bit words, fed every field of every monster in one fixed
// order. host.mjs and expected.h compute the same digest from the benchmark's
// formula; each implementation computes it from the value it decoded.
//
// Order, per monster (after the monster count): pos x y z (float bits), mana,
// health, name length and bytes, team, inventory length and bytes, color,
// hitbox (each double as low then high word), status length and values, the
// 4 weapons (damage, ammo, clip_size, reload_time bits, range), path length
// and each point's x y z bits, is_alive (0/1). Integers are sign- or
// zero-extended to 32 bits.
#pragma once

#include <bit>
#include <cstdint>

namespace bench {

class Digest {
public:
  void word(uint32_t w) noexcept { h_ = (h_ ^ w) * 16777619u; }
  void i32(int32_t v) noexcept { word(uint32_t(v)); }
  void f32(float v) noexcept { word(std::bit_cast<uint32_t>(v)); }
  void f64(double v) noexcept {
    const uint64_t b = std::bit_cast<uint64_t>(v);
    word(uint32_t(b));
    word(uint32_t(b >> 32));
  }
  uint32_t value() const noexcept { return h_; }

private:
  uint32_t h_ = 2166136261u;
};

} // namespace bench
