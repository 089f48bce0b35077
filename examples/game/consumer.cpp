// The consumer module (wasm32-wasi reactor), compiled separately from the
// producer: it receives Karmem bytes in its own memory and reads them in place
// through karmem::view, without decoding into objects.
#include "game.karmem.h"
#include "sums.h"

#include <vector>

#define EXPORT(name) __attribute__((export_name(name)))

namespace {
std::vector<std::byte> inbox;
GameSums sums;
} // namespace

// Where the host should write a message of n bytes.
EXPORT("inbox") std::byte *inbox_for(uint32_t n) {
  inbox.resize(n);
  return inbox.data();
}

// Reads the message in the inbox through views.
EXPORT("consume") const GameSums *consume() {
  sums = {};
  auto root = karmem::view_root<game::Monsters>(inbox);
  for (auto m : root.monsters()) {
    auto d = m.data();
    ++sums.monsters;
    sums.alive += d.is_alive();
    sums.name_bytes += uint32_t(d.name().size());
    for (uint8_t b : d.inventory())
      sums.inventory_sum += b;
    for (auto w : d.weapons())
      sums.damage_sum += w.data().damage();
    for (auto p : d.path()) {
      sums.path_sum += double(p.x()) + double(p.y()) + double(p.z());
      ++sums.path_points;
    }
  }
  return &sums;
}
