// An observer module (wasm32, its own Worker): receives each tick's world
// from the channel "world" and computes its figures through views of the
// slot, in place, while the world module goes on simulating. Built twice
// (observer-a, observer-b: two slots of the memory map).
#include "game.karmem.h"
#include "sums.h"
#include "ticks.h"

#include <karmem/exchange.h>

#include <chrono>

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace ex = karmem::exchange;

namespace {
GameSums seen[ticks_capacity];
ex::subscriber<game::Monsters> *sub = nullptr;
uint32_t first_address = 0;
} // namespace

EXPORT("join") int join() {
  static ex::subscriber<game::Monsters> s{"world"};
  sub = &s;
  return int(s.status());
}

// Receives n ticks, blocking up to a second for each. Returns the ticks seen,
// or -error.
EXPORT("observe") int observe(uint32_t n) {
  if (n > ticks_capacity)
    return -int(ex::error::invalid_argument);
  for (uint32_t t = 0; t < n; ++t) {
    auto msg = sub->receive_wait(std::chrono::seconds(1));
    if (!msg)
      return -int(msg.status());
    seen[t] = sums_of(msg.view());
    if (t == 0)
      first_address = uint32_t(reinterpret_cast<uintptr_t>(msg.bytes().data()));
  }
  return int(n);
}

EXPORT("seen") const GameSums *get_seen() { return seen; }
// Where the first message was read: inside the channel, not in this module.
EXPORT("first_address") uint32_t get_first_address() { return first_address; }
