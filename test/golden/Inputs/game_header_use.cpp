// Instantiates everything the generated game.karmem.h offers for the game
// types (encode into both writers, view_root and every named accessor,
// decode), so that compiling this file with -Wall -Wextra -Werror checks the
// generated header and the runtime templates it specialises.
#include "game.karmem.h"

#include <cstddef>
#include <span>

// Sums a few fields through the views; the result keeps every call alive.
double read_monsters(std::span<const std::byte> bytes) {
  double sum = 0;
  const auto v = karmem::view_root<game::Monsters>(bytes);
  for (const auto monster : v.monsters()) {
    const auto m = monster.data();
    sum += m.pos().x() + m.pos().y() + m.pos().z() + m.mana() + m.health() + double(m.name().size()) +
           double(m.team()) + m.inventory().size() + double(m.color()) + m.hitbox()[0] + m.status().size() +
           (m.is_alive() ? 1 : 0);
    for (const auto w : m.weapons()) {
      const auto d = w.data();
      sum += d.damage() + d.ammo() + d.clip_size() + d.reload_time() + d.range();
    }
    for (const auto p : m.path())
      sum += p.x();
  }
  return sum;
}

bool round_trip(const game::Monsters &in, game::Monsters &out, std::span<std::byte> buffer) {
  karmem::writer w;
  karmem::fixed_writer fw(buffer);
  return karmem::encode(w, in) && karmem::encode(fw, in) && karmem::decode(w.bytes(), out) &&
         read_monsters(fw.bytes()) == read_monsters(w.bytes());
}
