// Randomized convergence of regions with atomic units (karmem/sync/units.h):
// the harness of convergence.cpp (Inputs/random_peers_harness.h: 2-5 peers,
// random writes, both scan modes, growth, delivery in random order with
// duplicates, drops and resends), with every peer's region given the same
// random units: the whole region, records (often larger than a page, so they
// cross page boundaries), or explicit ranges. At the end every memory must be
// byte-identical and equal to an oracle computed independently from the
// batches: every batch that writes a byte of a unit writes all of it, each
// unit holds the unit bytes of the batch with the largest (clock time,
// sender) that wrote it, and each byte outside every unit the value of the
// largest batch that wrote that byte. A failing schedule prints its seed;
// `units-convergence --first SEED --seeds 1 -v` replays it.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native
// RUN: %t.native --first 1 --seeds 500 | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm
// RUN: %run-wasm %t.wasm --first 100000 --seeds 150 | FileCheck %s
// CHECK: converged: {{[0-9]+}} schedules, {{[0-9]+}} batches, {{[0-9]+}} same-unit concurrent, {{[0-9]+}} page-crossing units written, {{[0-9]+}} grown
#include "random_peers_harness.h"

#include <map>

using namespace karmem::sync;
using namespace random_peers;
using sync_test::rng;

namespace {

struct totals : totals_base {
  uint64_t same_unit = 0, crossing = 0;
};

// The schedule's units, as a plain sorted list of [begin, end) (the oracle
// does not use the runtime's unit_map to find them).
unit_policy random_units(rng& r, size_t size, uint32_t page, std::vector<unit_range>& list) {
  list.clear();
  const uint64_t kind = r.below(3);
  if (kind == 0) {
    list.push_back({0, size});
    return unit_policy::whole_region();
  }
  if (kind == 1) {
    const uint64_t rec = std::min<uint64_t>(size, 1 + (r.chance(50) ? r.below(64) : r.below(page + page / 2)));
    const uint64_t off = r.below(std::min<uint64_t>(size - rec, page) + 1);
    const uint64_t count = 1 + r.below((size - off) / rec);
    for (uint64_t i = 0; i < count; ++i) list.push_back({off + i * rec, off + (i + 1) * rec});
    return unit_policy::records(off, rec, count);
  }
  for (uint64_t pos = r.below(32); pos < size;) {
    const uint64_t len = 1 + (r.chance(70) ? r.below(48) : r.below(2 * page));
    if (pos + len > size) break;
    list.push_back({pos, pos + len});
    pos += len + (r.chance(50) ? 0 : r.below(64)); // often adjacent
  }
  if (list.empty()) list.push_back({0, 1});
  return unit_policy::ranges(list);
}

// The oracle: every batch replayed by its stamp on a copy of the baseline.
// A batch that writes a byte of a unit must write all of it; each unit holds
// the unit bytes of the largest (clock time, sender) that wrote it, each byte
// outside every unit the value of the largest batch that wrote that byte.
// `unit_of` is each byte's unit (-1: none).
std::vector<uint8_t> replay_per_unit(const schedule& s, const std::vector<unit_range>& units,
                                     const std::vector<int>& unit_of, totals& tot) {
  const uint32_t page = s.page;
  std::vector<uint8_t> expect(unit_of.size(), 0);
  std::memcpy(expect.data(), s.initial.data(), s.initial.size());
  std::vector<stamp_pair> stamps(expect.size(), {0, 0});
  std::vector<stamp_pair> unit_stamp(units.size(), {0, 0});
  for (auto& b : s.log) {
    // The bytes this batch carries, by region offset.
    std::map<size_t, uint8_t> carried;
    for_each_carried_byte(b, page, [&](size_t at, uint8_t v) { carried[at] = v; });
    const stamp_pair st = batch_stamp(b);
    SIM_CHECK(b.version == 2, "a region with units wrote a version-%u batch", b.version);
    std::vector<bool> unit_written(units.size(), false);
    for (auto& [at, v] : carried) {
      const int u = unit_of[at];
      if (u >= 0) {
        unit_written[u] = true;
        continue;
      }
      if (stamps[at] < st) {
        stamps[at] = st;
        expect[at] = v;
      }
    }
    for (size_t u = 0; u < units.size(); ++u) {
      if (!unit_written[u]) continue;
      for (uint64_t i = units[u].begin; i < units[u].end; ++i)
        SIM_CHECK(carried.count(i), "batch from %u writes part of unit [%llu, %llu): not byte %llu", b.sender,
                  (unsigned long long)units[u].begin, (unsigned long long)units[u].end, (unsigned long long)i);
      if ((units[u].begin / page) != ((units[u].end - 1) / page)) ++tot.crossing;
      if (unit_stamp[u] < st) {
        unit_stamp[u] = st;
        for (uint64_t i = units[u].begin; i < units[u].end; ++i) expect[i] = carried[i];
      }
    }
  }
  return expect;
}

// Counts the interesting case: concurrent batches of two peers that wrote
// the same unit.
void count_same_unit(const schedule& s, size_t n_units, const std::vector<int>& unit_of, totals& tot) {
  const auto& log = s.log;
  std::vector<std::vector<bool>> wrote(log.size(), std::vector<bool>(n_units, false));
  for (size_t i = 0; i < log.size(); ++i) {
    patch_reader rd;
    rd.open(log[i].bytes);
    patch_page pg;
    while (rd.next_page(pg))
      for (auto& rg : pg.ranges) {
        const int u = unit_of[size_t{pg.index} * s.page + rg.offset];
        if (u >= 0) wrote[i][u] = true;
      }
  }
  for (size_t i = 0; i < log.size(); ++i)
    for (size_t j = i + 1; j < log.size(); ++j) {
      if (log[i].sender == log[j].sender || !concurrent(log[i].clock, log[j].clock)) continue;
      bool same = false;
      for (size_t u = 0; u < n_units && !same; ++u) same = wrote[i][u] && wrote[j][u];
      tot.same_unit += same;
    }
}

void run_schedule(uint64_t seed, totals& tot) {
  rng r(seed);
  schedule s = draw_schedule(seed, r);
  std::vector<unit_range> units;
  const unit_policy policy = random_units(r, s.initial.size(), s.page, units);
  start_peers(s, seed, policy);
  play(s, r);

  std::vector<int> unit_of(final_size(s), -1); // the unit holding each byte
  for (size_t u = 0; u < units.size(); ++u)
    for (uint64_t i = units[u].begin; i < units[u].end; ++i) unit_of[i] = static_cast<int>(u);
  check_peers_match(s, replay_per_unit(s, units, unit_of, tot));
  count_same_unit(s, units.size(), unit_of, tot);
  tot.add(s);
}

} // namespace

int main(int argc, char** argv) {
  totals tot;
  const std::optional<uint64_t> count = run_seeds(argc, argv, "units-convergence", [&](uint64_t seed) { run_schedule(seed, tot); });
  if (!count) return 2;
  std::printf("converged: %llu schedules, %llu batches, %llu same-unit concurrent, %llu page-crossing units written, %llu grown\n",
              (unsigned long long)tot.schedules, (unsigned long long)tot.batches, (unsigned long long)tot.same_unit,
              (unsigned long long)tot.crossing, (unsigned long long)tot.grown);
  // A schedule mix that never produced the hard cases would prove little.
  if (*count >= 100 && (tot.same_unit == 0 || tot.crossing == 0 || tot.grown == 0)) {
    std::printf("FAIL: the schedules did not cover concurrent writes of one unit, page-crossing units and growth\n");
    return 1;
  }
  return 0;
}
