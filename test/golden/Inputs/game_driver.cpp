// Golden driver for game.h: game_small3 (value listed) and game_bench1000
// (value given by a formula in its JSON, built here). Also reads every
// monster back through the named accessors of the generated views, the API
// users write (`v.monsters()[i].data().path()[j].x()`).
// Run from test/golden as `game_driver <case>...` (see golden_case.h).
#include "game.karmem.h"

#include "golden_case.h"

#include <bit>
#include <cctype>
#include <cstdlib>
#include <string>

namespace {

using game::Monsters;

const golden::json::value *member(const golden::json::value &obj, const char *key, std::string &error) {
  const golden::json::value *v = obj.find(key);
  if (!v)
    error = std::string("generator: no '") + key + "'";
  return v;
}

// The number a description starts with: "1000 elements, ..." -> 1000.
bool leading_number(const golden::json::value *v, unsigned long &out, std::string &error) {
  if (!v || !v->is(golden::json::value::kind::string)) {
    error = "generator: expected a description starting with a number";
    return false;
  }
  char *end = nullptr;
  out = std::strtoul(v->text.c_str(), &end, 10);
  if (end == v->text.c_str()) {
    error = "generator: no leading number in \"" + v->text + "\"";
    return false;
  }
  return true;
}

// The hex number that follows `marker` in a description.
bool hex_after(const golden::json::value *v, const char *marker, unsigned long &out, std::string &error) {
  const size_t at = v ? v->text.find(marker) : std::string::npos;
  if (at == std::string::npos) {
    error = std::string("generator: no '") + marker + "' in the description";
    return false;
  }
  out = std::strtoul(v->text.c_str() + at + std::string(marker).size(), nullptr, 16);
  return true;
}

// "Ǩ翐p... (the same 30 UTF-8 bytes: c7 a8 ... for every monster)": the text
// before " (", checked against the listed bytes.
bool monster_name(const golden::json::value *v, std::string &name, std::string &error) {
  if (!v || !v->is(golden::json::value::kind::string))
    return error = "generator: 'Name' is not a string", false;
  const size_t paren = v->text.find(" (");
  const size_t colon = v->text.find(": ", paren);
  if (paren == std::string::npos || colon == std::string::npos)
    return error = "generator: cannot read 'Name'", false;
  name = v->text.substr(0, paren);
  // Two-digit hex words separated by spaces, up to the first other word.
  std::string listed;
  const std::string_view rest = std::string_view(v->text).substr(colon + 2);
  for (size_t at = 0; at + 2 <= rest.size() && std::isxdigit(static_cast<unsigned char>(rest[at])) &&
                      std::isxdigit(static_cast<unsigned char>(rest[at + 1])) &&
                      (at + 2 == rest.size() || rest[at + 2] == ' ' || rest[at + 2] == ')');
       at += 3)
    listed += char(std::strtoul(std::string(rest.substr(at, 2)).c_str(), nullptr, 16));
  if (listed != name)
    return error = "generator: 'Name' text and its listed bytes differ", false;
  return true;
}

} // namespace

// Karmem's benchmark data (benchmark/main_native_km.go initEncode) with the
// random numbers replaced by the formula game_bench1000.json documents.
// Values the JSON lists (Pos, Hitbox, Status, Name, Team, Color, the reload
// time's bits, the counts) are read from it; the per-index formulas are
// written out here and checked against its float_samples.
template <> struct golden::generator<Monsters> {
  static bool build(const json::value &spec, Monsters &out, std::string &error) {
    const json::value *data = member(spec, "MonsterData", error);
    if (!data)
      return false;
    trail t;
    game::Vec3 pos{};
    std::array<double, 5> hitbox{};
    karmem::limited<int32_t, 10> status;
    std::string name;
    unsigned long monsters = 0, team = 0, color = 0, inventory = 0, path = 0, reload_bits = 0;
    const json::value *p = nullptr;
    if (!(p = member(*data, "Pos", error)) || !from_json(*p, pos, t, error) ||
        !(p = member(*data, "Hitbox", error)) || !from_json(*p, hitbox, t, error) ||
        !(p = member(*data, "Status", error)) || !from_json(*p, status, t, error) ||
        !monster_name(member(*data, "Name", error), name, error) ||
        !leading_number(member(spec, "Monsters", error), monsters, error) ||
        !leading_number(member(*data, "Team", error), team, error) ||
        !leading_number(member(*data, "Color", error), color, error) ||
        !leading_number(member(*data, "Inventory", error), inventory, error) ||
        !leading_number(member(*data, "Path", error), path, error) ||
        !hex_after(member(*data, "Weapons", error), "float32 bits 0x", reload_bits, error))
      return false;
    const float reload_time = std::bit_cast<float>(uint32_t(reload_bits));

    if (!out.monsters.resize(monsters))
      return error = "generator: too many monsters", false;
    for (uint32_t i = 0; i < monsters; ++i) {
      game::MonsterData &m = out.monsters[i].data;
      m.pos = pos;
      m.mana = int16_t(i);
      m.health = int16_t(2 * i);
      if (!m.name.assign(std::string_view(name)) || !m.inventory.resize(inventory) || !m.path.resize(path))
        return error = "generator: a sequence exceeds its limit", false;
      m.team = game::Team(team);
      for (auto &b : m.inventory)
        b = uint8_t(i & 0xFF);
      m.color = game::Color(color);
      m.hitbox = hitbox;
      m.status = status;
      for (uint16_t j = 0; j < m.weapons.size(); ++j)
        m.weapons[j].data = {int32_t(100 + i), j, uint8_t(i & 0xFF), reload_time, int32_t(i)};
      for (uint32_t j = 0; j < path; ++j)
        m.path[j] = {float((i * 131 + j * 17) % 1000) / 1000.0f, float(i), float(i * j) * 0.33f};
      m.is_alive = i % 2 == 0;
    }
    return check_samples(spec, out, error);
  }

  // float_samples: {"i", "j", "X", "Y", "Z" as float32 bit patterns}.
  static bool check_samples(const json::value &spec, const Monsters &out, std::string &error) {
    const json::value *samples = spec.find("float_samples");
    if (!samples || !samples->is(json::value::kind::array) || samples->items.empty())
      return error = "generator: no float_samples", false;
    for (const json::value &s : samples->items) {
      const json::value *i = s.find("i"), *j = s.find("j");
      if (!i || !j)
        return error = "generator: a float sample without i and j", false;
      const unsigned long mi = std::strtoul(i->text.c_str(), nullptr, 10);
      const unsigned long pj = std::strtoul(j->text.c_str(), nullptr, 10);
      if (mi >= out.monsters.size() || pj >= out.monsters[mi].data.path.size())
        return error = "generator: a float sample outside the data", false;
      const game::Vec3 &v = out.monsters[mi].data.path[pj];
      const float got[3] = {v.x, v.y, v.z};
      const char *axes[3] = {"X", "Y", "Z"};
      for (int a = 0; a < 3; ++a) {
        const json::value *want = s.find(axes[a]);
        if (!want || std::strtoul(want->text.c_str(), nullptr, 16) != std::bit_cast<uint32_t>(got[a]))
          return error = "generator: Path[" + j->text + "]." + axes[a] + " of monster " + i->text +
                         " differs from the float sample",
                 false;
      }
    }
    return true;
  }
};

// Every monster read back through the generated accessors by name.
template <> struct golden::extra_checks<Monsters> {
  static void run(const golden_case &c, const Monsters &expected, report &r) {
    const auto v = karmem::view_root<Monsters>(c.bin);
    const auto monsters = v.monsters();
    bool ok = monsters.size() == expected.monsters.size();
    std::string where = "size";
    for (uint32_t i = 0; ok && i < monsters.size(); ++i) {
      const game::MonsterData &e = expected.monsters[i].data;
      const auto m = monsters[i].data();
      where = "monster " + std::to_string(i);
      ok = m.pos().x() == e.pos.x && m.pos().y() == e.pos.y && m.pos().z() == e.pos.z && m.mana() == e.mana &&
           m.health() == e.health && m.name() == e.name.view() && m.team() == e.team &&
           m.inventory().size() == e.inventory.size() && m.color() == e.color && m.hitbox().size() == 5 &&
           m.status().size() == e.status.size() && m.weapons().size() == 4 && m.path().size() == e.path.size() &&
           m.is_alive() == e.is_alive;
      for (uint32_t k = 0; ok && k < e.inventory.size(); ++k)
        ok = m.inventory()[k] == e.inventory[k];
      for (uint32_t k = 0; ok && k < 5; ++k)
        ok = m.hitbox()[k] == e.hitbox[k];
      for (uint32_t k = 0; ok && k < e.status.size(); ++k)
        ok = m.status()[k] == e.status[k];
      for (uint32_t k = 0; ok && k < 4; ++k) {
        const auto w = m.weapons()[k].data();
        const game::WeaponData &ew = e.weapons[k].data;
        ok = w.damage() == ew.damage && w.ammo() == ew.ammo && w.clip_size() == ew.clip_size &&
             w.reload_time() == ew.reload_time && w.range() == ew.range;
      }
      uint32_t k = 0;
      for (const auto step : m.path()) { // range-for over a view range
        ok = ok && step.x() == e.path[k].x && step.y() == e.path[k].y && step.z() == e.path[k].z;
        ++k;
      }
    }
    r.check(ok, c.name, "named accessors", std::to_string(monsters.size()) + " monsters equal",
            "differs at " + where);
  }
};

int main(int argc, char **argv) { return golden::run<Monsters>(argc, argv); }
