// The producer module (wasm32-wasi reactor): builds Karmem's 1000 benchmark
// monsters as ordinary C++ objects and encodes them with karmem::encode.
// The host copies the bytes out of this module's memory.
#include "bench_monsters.h"
#include "game.karmem.h"
#include "sums.h"

#define EXPORT(name) __attribute__((export_name(name)))

namespace {
game::Monsters monsters;
karmem::writer out;
GameSums sums;
} // namespace

// Encodes n monsters; returns the message size (0 on failure).
EXPORT("produce") uint32_t produce(uint32_t n) {
  game::make_bench_monsters(monsters, n);
  return karmem::encode(out, monsters) ? uint32_t(out.size()) : 0;
}

EXPORT("message") const std::byte *message() { return out.bytes().data(); }

// The sums, from the objects that were encoded.
EXPORT("producer_sums") const GameSums *producer_sums() {
  sums = sums_of(monsters);
  return &sums;
}
