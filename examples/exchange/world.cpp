// The world module (wasm32, its own thread): simulates Karmem's 1000
// benchmark monsters and publishes the whole state each tick on the channel
// "world", encoding it straight into a slot of the shared memory. Nothing is
// copied afterwards: the observers read those very bytes.
#include "bench_monsters.h"
#include "game.karmem.h"
#include "sums.h"
#include "ticks.h"

#include <karmem/exchange.h>

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace ex = karmem::exchange;

namespace {
game::Monsters world;
GameSums expected[ticks_capacity];
ex::publisher<game::Monsters> *pub = nullptr;
} // namespace

// Joins the channel (creating it: 4 slots of 2 MiB) and builds the world.
EXPORT("start") int start() {
  static ex::publisher<game::Monsters> p{"world", {4, 2 << 20, ex::when_full::refuse}};
  pub = &p;
  game::make_bench_monsters(world, 1000);
  return int(p.status());
}

// One step of the simulation: every monster walks, some fall and rise,
// inventories fill up. Different on every tick, so every figure moves.
static void step(uint32_t tick) {
  uint32_t i = 0;
  for (game::Monster &m : world.monsters) {
    game::MonsterData &d = m.data;
    for (game::Vec3 &p : d.path)
      p.x += 0.5f, p.z -= 0.25f;
    d.is_alive = (i + tick) % 7 != 0;
    if (!d.inventory.empty())
      d.inventory[tick % d.inventory.size()] += uint8_t(i + 1);
    d.weapons[tick % 4].data.damage += int32_t(tick);
    ++i;
  }
}

// Runs ticks 0 .. n-1, publishing the world after each and waiting (in
// place, spinning) while every slot is still held by an observer. Returns
// the ticks published, or -error.
EXPORT("run") int run(uint32_t n) {
  if (n > ticks_capacity)
    return -int(ex::error::invalid_argument);
  for (uint32_t t = 0; t < n; ++t) {
    step(t);
    expected[t] = sums_of(world);
    const size_t size = karmem::encoded_size(world);
    for (;;) {
      auto loan = pub->loan(size);
      if (loan.status() == ex::error::full)
        continue;
      if (!loan)
        return -int(loan.status());
      karmem::encode(loan, world);
      if (auto e = loan.publish(); e != ex::error::ok)
        return -int(e);
      break;
    }
  }
  return int(n);
}

// What the observers must find: the sums from the objects, per tick.
EXPORT("expected") const GameSums *get_expected() { return expected; }
EXPORT("message_size") uint32_t message_size() { return uint32_t(karmem::encoded_size(world)); }
