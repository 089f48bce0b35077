// The raw-struct floor of the game benchmark: the same 1000 monsters as the
// plain C++ structs of examples/game/game.h, already in memory. The sums read
// those structs directly; encode is one memcpy of the encoded size (from the
// input buffer, where the host put the Karmem encoding) into the output
// buffer; decode is one copy of the input into a buffer of its own. No
// serialisation can be cheaper than this, hence the ratios against it.
#include "bench_monsters.h"
#include "ops.h"

#include <cstring>
#include <vector>

namespace raw_impl {
namespace {

game::Monsters source; // the structs the sums read
std::vector<std::byte> input_buffer;
alignas(16) std::byte output_buffer[4u << 20];
alignas(16) std::byte decoded_buffer[4u << 20];
uint32_t decoded_size = 0;
bench::StatsSums stats;

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
  const size_t n = input_buffer.size();
  if (n == 0 || n > sizeof output_buffer)
    return 0;
  std::memcpy(output_buffer, input_buffer.data(), n);
  return uint32_t(n);
}

const std::byte *encoded() { return output_buffer; }

uint32_t decode(uint32_t n) {
  if (n > input_buffer.size() || n > sizeof decoded_buffer)
    return 0;
  std::memcpy(decoded_buffer, input_buffer.data(), n);
  decoded_size = n;
  return 1;
}

// The raw floor decodes into bytes, which the host compares with its input.
uint32_t decoded_digest() { return 0; }

// One byte in every 4 KiB page of the decoded bytes.
void poison_decoded() {
  for (uint32_t at = 0; at < decoded_size; at += 4096)
    decoded_buffer[at] = ~decoded_buffer[at];
}

const std::byte *decoded() { return decoded_buffer; }

float sum_vec3() {
  float sum = 0;
  for (const game::Monster &m : source.monsters)
    for (const game::Vec3 &p : m.data.path)
      sum += p.x + p.y + p.z;
  return sum;
}

// Point j of every path goes to accumulator j % 4; (a0 + a1) + (a2 + a3).
float sum_vec3_4acc() {
  float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  for (const game::Monster &m : source.monsters) {
    const auto &path = m.data.path;
    const uint32_t n = uint32_t(path.size());
    uint32_t j = 0;
    for (; j + 4 <= n; j += 4) {
      const game::Vec3 &p0 = path[j], &p1 = path[j + 1], &p2 = path[j + 2], &p3 = path[j + 3];
      a0 += p0.x + p0.y + p0.z;
      a1 += p1.x + p1.y + p1.z;
      a2 += p2.x + p2.y + p2.z;
      a3 += p3.x + p3.y + p3.z;
    }
    for (; j < n; ++j) {
      const float v = path[j].x + path[j].y + path[j].z;
      (j % 4 == 0 ? a0 : j % 4 == 1 ? a1 : a2) += v;
    }
  }
  return (a0 + a1) + (a2 + a3);
}

uint32_t sum_uint8() {
  uint32_t sum = 0;
  for (const game::Monster &m : source.monsters)
    for (uint8_t b : m.data.inventory)
      sum += b;
  return sum;
}

const bench::StatsSums *sum_stats() {
  bench::StatsSums s{};
  for (const game::Monster &m : source.monsters)
    for (const game::Weapon &w : m.data.weapons) {
      s.damage += w.data.damage;
      s.ammo += w.data.ammo;
      s.clip_size += w.data.clip_size;
      s.reload_time += w.data.reload_time;
      s.range += w.data.range;
    }
  stats = s;
  return &stats;
}

} // namespace raw_impl

BENCH_IMPLEMENTATION(raw_impl, "raw")
