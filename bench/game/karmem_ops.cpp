// The karmem-clang side of the game benchmark: encode and decode with the
// codecs generated for examples/game/game.h, sums through the generated
// zero-copy views of the message in the input buffer. Written as a user
// would write it; ops.h says what each function must do.
#include "bench_monsters.h"
#include "digest.h"
#include "game.karmem.h"
#include "ops.h"

#include <span>
#include <vector>

namespace karmem_impl {
namespace {

game::Monsters source;         // what encode() writes, built from the formula
game::Monsters decoded_value;  // what decode() fills, keeping its capacity
std::vector<std::byte> input_buffer;
alignas(16) std::byte output_buffer[4u << 20];
bench::StatsSums stats;

std::span<const std::byte> message() { return input_buffer; }

} // namespace

uint32_t setup() {
  game::make_bench_monsters(source, 1000);
  return source.monsters.size() == 1000 ? 0 : 1;
}

std::byte *input(uint32_t n) {
  input_buffer.resize(n);
  return input_buffer.data();
}

uint32_t encode() {
  karmem::fixed_writer out{std::span<std::byte>(output_buffer)};
  return karmem::encode(out, source) ? uint32_t(out.size()) : 0;
}

const std::byte *encoded() { return output_buffer; }

uint32_t decode(uint32_t n) {
  if (n > input_buffer.size())
    return 0;
  return karmem::decode(message().first(n), decoded_value) ? 1 : 0;
}

uint32_t decoded_digest() {
  bench::Digest d;
  d.word(uint32_t(decoded_value.monsters.size()));
  for (const game::Monster &m : decoded_value.monsters) {
    const game::MonsterData &x = m.data;
    d.f32(x.pos.x), d.f32(x.pos.y), d.f32(x.pos.z);
    d.i32(x.mana), d.i32(x.health);
    d.word(uint32_t(x.name.size()));
    for (char c : x.name)
      d.word(uint8_t(c));
    d.word(uint8_t(x.team));
    d.word(uint32_t(x.inventory.size()));
    for (uint8_t b : x.inventory)
      d.word(b);
    d.word(uint8_t(x.color));
    for (double h : x.hitbox)
      d.f64(h);
    d.word(uint32_t(x.status.size()));
    for (int32_t s : x.status)
      d.i32(s);
    for (const game::Weapon &w : x.weapons) {
      d.i32(w.data.damage), d.word(w.data.ammo), d.word(w.data.clip_size);
      d.f32(w.data.reload_time), d.i32(w.data.range);
    }
    d.word(uint32_t(x.path.size()));
    for (const game::Vec3 &p : x.path)
      d.f32(p.x), d.f32(p.y), d.f32(p.z);
    d.word(x.is_alive ? 1 : 0);
  }
  return d.value();
}

// Changes a few fields of every decoded monster (never a size), so that a
// decode that leaves the previous value in place fails the digest.
void poison_decoded() {
  for (game::Monster &m : decoded_value.monsters) {
    game::MonsterData &x = m.data;
    x.mana = int16_t(~x.mana);
    x.is_alive = !x.is_alive;
    x.weapons[3].data.range ^= 1;
    if (!x.inventory.empty())
      x.inventory[0] ^= 0xff;
    if (!x.path.empty())
      x.path[0].x = -1.0f;
  }
}

const std::byte *decoded() { return nullptr; }

// The strict gate a user puts before reading untrusted bytes.
uint32_t verify(uint32_t n) {
  if (n > input_buffer.size())
    return 0;
  return karmem::verify<game::Monsters>(message().first(n)).ok ? 1 : 0;
}

float sum_vec3() {
  float sum = 0;
  for (auto m : karmem::view_root<game::Monsters>(message()).monsters())
    for (auto p : m.data().path())
      sum += p.x() + p.y() + p.z();
  return sum;
}

// Point j of every path goes to accumulator j % 4; (a0 + a1) + (a2 + a3).
// The points are read through the range's iterator, which is bounded once,
// when the range is made, like the floor's std::vector indexing; path[j]
// would test j against the size on every read (what range::operator[]
// promises for any j), and clang cannot drop that test from this loop: it
// does not derive j + 3 < n from j + 4 <= n, as unsigned j + 4 could wrap.
float sum_vec3_4acc() {
  float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (auto m : karmem::view_root<game::Monsters>(message()).monsters()) {
    const auto path = m.data().path();
    const uint32_t n = path.size();
    auto it = path.begin();
    uint32_t j = 0;
    for (; j + 4 <= n; j += 4, it += 4) {
      const auto p0 = *it, p1 = *(it + 1), p2 = *(it + 2), p3 = *(it + 3);
      a0 += p0.x() + p0.y() + p0.z();
      a1 += p1.x() + p1.y() + p1.z();
      a2 += p2.x() + p2.y() + p2.z();
      a3 += p3.x() + p3.y() + p3.z();
    }
    for (; j < n; ++j) {
      const auto p = path[j];
      const float v = p.x() + p.y() + p.z();
      (j % 4 == 0 ? a0 : j % 4 == 1 ? a1 : a2) += v;
    }
  }
  return (a0 + a1) + (a2 + a3);
}

uint32_t sum_uint8() {
  uint32_t sum = 0;
  for (auto m : karmem::view_root<game::Monsters>(message()).monsters())
    for (uint8_t b : m.data().inventory())
      sum += b;
  return sum;
}

const bench::StatsSums *sum_stats() {
  bench::StatsSums s{};
  for (auto m : karmem::view_root<game::Monsters>(message()).monsters())
    for (auto w : m.data().weapons()) {
      const auto d = w.data();
      s.damage += d.damage();
      s.ammo += d.ammo();
      s.clip_size += d.clip_size();
      s.reload_time += d.reload_time();
      s.range += d.range();
    }
  stats = s;
  return &stats;
}

} // namespace karmem_impl

BENCH_IMPLEMENTATION_VERIFIED(karmem_impl, "karmem")
