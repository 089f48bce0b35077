// The FlatBuffers side of the game benchmark (Debian's flatc 2.0.8 and
// headers, game.fbs): encode and decode with the generated object API, sums
// through the generated accessors. Accessors read the bytes unverified, which
// is FlatBuffers' usual fast path for trusted data (running the Verifier
// first would only add to its times); the Verifier is measured on its own,
// as Verify, beside karmem::verify. ops.h says what each function must do.
#include "bench_monsters.h"
#include "digest.h"
#include "game_generated.h"
#include "ops.h"

#include <cstdlib>
#include <vector>

namespace flatbuffers_impl {
namespace {

alignas(16) uint8_t output_buffer[4u << 20];

// Hands the builder the module's fixed output buffer. A message that does not
// fit would need a second buffer: it gets heap memory so the builder can
// finish, and encode() then reports failure.
class FixedAllocator final : public flatbuffers::Allocator {
public:
  uint8_t *allocate(size_t size) override {
    if (!fixed_in_use_ && size <= sizeof output_buffer) {
      fixed_in_use_ = true;
      return output_buffer;
    }
    overflowed = true;
    auto *p = static_cast<uint8_t *>(std::malloc(size));
    if (!p)
      __builtin_trap(); // FlatBuffers cannot be told that memory ran out
    return p;
  }
  void deallocate(uint8_t *p, size_t) override {
    if (p == output_buffer)
      fixed_in_use_ = false;
    else
      std::free(p);
  }
  bool overflowed = false;

private:
  bool fixed_in_use_ = false;
};

FixedAllocator allocator;
flatbuffers::FlatBufferBuilder builder(sizeof output_buffer, &allocator, false);
fb::MonstersT source;        // what encode() writes, converted from the formula's structs
fb::MonstersT decoded_value; // what decode() fills (UnPackTo allocates the tables anew)
std::vector<std::byte> input_buffer;
bench::StatsSums stats;

const fb::Monsters *root() { return fb::GetMonsters(input_buffer.data()); }

// The object-API value holding the same monsters as `g`.
void convert(const game::Monsters &g, fb::MonstersT &out) {
  out.monsters.clear();
  for (const game::Monster &m : g.monsters) {
    const game::MonsterData &x = m.data;
    auto d = std::make_unique<fb::MonsterDataT>();
    d->pos = std::make_unique<fb::Vec3>(x.pos.x, x.pos.y, x.pos.z);
    d->mana = x.mana;
    d->health = x.health;
    d->name.assign(x.name.begin(), x.name.end());
    d->team = fb::Team(x.team);
    d->inventory.assign(x.inventory.begin(), x.inventory.end());
    d->color = fb::Color(x.color);
    d->hitbox.assign(x.hitbox.begin(), x.hitbox.end());
    d->status.assign(x.status.begin(), x.status.end());
    for (const game::Weapon &w : x.weapons) {
      auto t = std::make_unique<fb::WeaponDataT>();
      t->damage = w.data.damage;
      t->ammo = w.data.ammo;
      t->clip_size = w.data.clip_size;
      t->reload_time = w.data.reload_time;
      t->range = w.data.range;
      d->weapons.push_back(std::move(t));
    }
    for (const game::Vec3 &p : x.path)
      d->path.emplace_back(p.x, p.y, p.z);
    d->is_alive = x.is_alive;
    out.monsters.push_back(std::move(d));
  }
}

} // namespace

uint32_t setup() {
  game::Monsters g;
  game::make_bench_monsters(g, 1000);
  convert(g, source);
  return source.monsters.size() == 1000 ? 0 : 1;
}

std::byte *input(uint32_t n) {
  input_buffer.resize(n);
  return input_buffer.data();
}

uint32_t encode() {
  builder.Clear();
  builder.Finish(fb::Monsters::Pack(builder, &source));
  return allocator.overflowed ? 0 : builder.GetSize();
}

const std::byte *encoded() { return reinterpret_cast<const std::byte *>(builder.GetBufferPointer()); }

uint32_t decode(uint32_t n) {
  if (n < 4 || n > input_buffer.size())
    return 0;
  root()->UnPackTo(&decoded_value);
  return 1;
}

uint32_t decoded_digest() {
  bench::Digest d;
  d.word(uint32_t(decoded_value.monsters.size()));
  for (const auto &mp : decoded_value.monsters) {
    if (!mp) {
      d.word(0xdeadu);
      continue;
    }
    const fb::MonsterDataT &x = *mp;
    const fb::Vec3 pos = x.pos ? *x.pos : fb::Vec3();
    d.f32(pos.x()), d.f32(pos.y()), d.f32(pos.z());
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
    for (const auto &w : x.weapons) {
      const fb::WeaponDataT t = w ? *w : fb::WeaponDataT();
      d.i32(t.damage), d.word(t.ammo), d.word(t.clip_size), d.f32(t.reload_time), d.i32(t.range);
    }
    d.word(uint32_t(x.path.size()));
    for (const fb::Vec3 &p : x.path)
      d.f32(p.x()), d.f32(p.y()), d.f32(p.z());
    d.word(x.is_alive ? 1 : 0);
  }
  return d.value();
}

// Changes a few fields of every decoded monster (never a size), so that a
// decode that leaves the previous value in place fails the digest.
void poison_decoded() {
  for (auto &mp : decoded_value.monsters) {
    if (!mp)
      continue;
    mp->mana = int16_t(~mp->mana);
    mp->is_alive = !mp->is_alive;
    if (!mp->weapons.empty() && mp->weapons.back())
      mp->weapons.back()->range ^= 1;
    if (!mp->inventory.empty())
      mp->inventory[0] ^= 0xff;
    if (!mp->path.empty())
      mp->path[0] = fb::Vec3(-1.0f, mp->path[0].y(), mp->path[0].z());
  }
}

const std::byte *decoded() { return nullptr; }

// FlatBuffers' Verifier with its default limits, what a user runs on
// untrusted bytes before the accessors or UnPackTo.
uint32_t verify(uint32_t n) {
  if (n > input_buffer.size())
    return 0;
  flatbuffers::Verifier verifier(reinterpret_cast<const uint8_t *>(input_buffer.data()), n);
  return fb::VerifyMonstersBuffer(verifier) ? 1 : 0;
}

float sum_vec3() {
  float sum = 0;
  if (const auto *monsters = root()->monsters())
    for (const fb::MonsterData *m : *monsters)
      if (const auto *path = m->path())
        for (const fb::Vec3 *p : *path)
          sum += p->x() + p->y() + p->z();
  return sum;
}

// Point j of every path goes to accumulator j % 4; (a0 + a1) + (a2 + a3).
float sum_vec3_4acc() {
  float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  if (const auto *monsters = root()->monsters())
    for (const fb::MonsterData *m : *monsters) {
      const auto *path = m->path();
      if (!path)
        continue;
      const uint32_t n = path->size();
      uint32_t j = 0;
      for (; j + 4 <= n; j += 4) {
        const fb::Vec3 *p0 = path->Get(j), *p1 = path->Get(j + 1), *p2 = path->Get(j + 2),
                       *p3 = path->Get(j + 3);
        a0 += p0->x() + p0->y() + p0->z();
        a1 += p1->x() + p1->y() + p1->z();
        a2 += p2->x() + p2->y() + p2->z();
        a3 += p3->x() + p3->y() + p3->z();
      }
      for (; j < n; ++j) {
        const fb::Vec3 *p = path->Get(j);
        const float v = p->x() + p->y() + p->z();
        (j % 4 == 0 ? a0 : j % 4 == 1 ? a1 : a2) += v;
      }
    }
  return (a0 + a1) + (a2 + a3);
}

uint32_t sum_uint8() {
  uint32_t sum = 0;
  if (const auto *monsters = root()->monsters())
    for (const fb::MonsterData *m : *monsters)
      if (const auto *inventory = m->inventory())
        for (uint8_t b : *inventory)
          sum += b;
  return sum;
}

const bench::StatsSums *sum_stats() {
  bench::StatsSums s{};
  if (const auto *monsters = root()->monsters())
    for (const fb::MonsterData *m : *monsters)
      if (const auto *weapons = m->weapons())
        for (const fb::WeaponData *w : *weapons) {
          s.damage += w->damage();
          s.ammo += w->ammo();
          s.clip_size += w->clip_size();
          s.reload_time += w->reload_time();
          s.range += w->range();
        }
  stats = s;
  return &stats;
}

} // namespace flatbuffers_impl

BENCH_IMPLEMENTATION_VERIFIED(flatbuffers_impl, "flatbuffers")
