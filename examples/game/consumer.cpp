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
  sums = sums_of(karmem::view_root<game::Monsters>(inbox));
  return &sums;
}
