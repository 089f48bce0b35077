// Randomized convergence: 2-5 peers make random writes (small runs, the same
// page, the same bytes), scan in either mode, grow their regions, and
// exchange batches in random order with duplicates, drops and resends. At the
// end every memory must be byte-identical, and equal to an oracle computed
// independently from the batches: each byte holds the value of the batch with
// the largest (clock time, sender) that wrote it. A failing schedule prints
// its seed; `convergence --first SEED --seeds 1 -v` replays it.
// The peers and their delivery are Inputs/random_peers_harness.h; the oracle
// and the counts of concurrent cases are this file's.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native
// RUN: %t.native --first 1 --seeds 3000 | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm
// RUN: %run-wasm %t.wasm --first 100000 --seeds 1000 | FileCheck %s
// CHECK: converged: {{[0-9]+}} schedules, {{[0-9]+}} batches, {{[0-9]+}} same-page concurrent, {{[0-9]+}} same-byte concurrent, {{[0-9]+}} grown
#include "random_peers_harness.h"

#include <map>

using namespace karmem::sync;
using namespace random_peers;
using sync_test::rng;

namespace {

struct totals : totals_base {
  uint64_t same_page = 0, same_byte = 0;
};

// The oracle: every batch replayed by its stamp on a copy of the baseline;
// each byte holds the value of the largest (clock time, sender) that wrote it.
std::vector<uint8_t> replay_per_byte(const schedule& s) {
  std::vector<uint8_t> expect(final_size(s), 0);
  std::memcpy(expect.data(), s.initial.data(), s.initial.size());
  std::vector<stamp_pair> stamps(expect.size(), {0, 0});
  for (auto& b : s.log) {
    const stamp_pair st = batch_stamp(b);
    for_each_carried_byte(b, s.page, [&](size_t at, uint8_t v) {
      if (stamps[at] < st) {
        stamps[at] = st;
        expect[at] = v;
      }
    });
  }
  return expect;
}

// Counts the interesting cases the schedule covered: concurrent batches of
// two peers on one page, and on the same bytes.
void count_concurrent(const schedule& s, totals& tot) {
  const auto& log = s.log;
  const uint32_t page = s.page;
  for (size_t i = 0; i < log.size(); ++i)
    for (size_t j = i + 1; j < log.size(); ++j) {
      if (log[i].sender == log[j].sender || !concurrent(log[i].clock, log[j].clock)) continue;
      std::map<uint64_t, bool> pages_i; // page -> bytes
      std::vector<std::pair<uint64_t, uint64_t>> spans_i;
      patch_reader a, b;
      a.open(log[i].bytes);
      b.open(log[j].bytes);
      patch_page pg;
      while (a.next_page(pg))
        for (auto& rg : pg.ranges) {
          pages_i[pg.index] = true;
          spans_i.push_back({uint64_t{pg.index} * page + rg.offset, uint64_t{pg.index} * page + rg.offset + rg.length});
        }
      bool same_page = false, same_byte = false;
      while (b.next_page(pg))
        for (auto& rg : pg.ranges) {
          same_page |= pages_i.count(pg.index) > 0;
          const uint64_t lo = uint64_t{pg.index} * page + rg.offset, hi = lo + rg.length;
          for (auto& sp : spans_i) same_byte |= sp.first < hi && lo < sp.second;
        }
      tot.same_page += same_page;
      tot.same_byte += same_byte;
    }
}

void run_schedule(uint64_t seed, totals& tot) {
  rng r(seed);
  schedule s = draw_schedule(seed, r);
  start_peers(s, seed, unit_policy::per_run());
  play(s, r);
  check_peers_match(s, replay_per_byte(s));
  count_concurrent(s, tot);
  tot.add(s);
}

} // namespace

int main(int argc, char** argv) {
  totals tot;
  const std::optional<uint64_t> count = run_seeds(argc, argv, "convergence", [&](uint64_t seed) { run_schedule(seed, tot); });
  if (!count) return 2;
  std::printf("converged: %llu schedules, %llu batches, %llu same-page concurrent, %llu same-byte concurrent, %llu grown\n",
              (unsigned long long)tot.schedules, (unsigned long long)tot.batches, (unsigned long long)tot.same_page,
              (unsigned long long)tot.same_byte, (unsigned long long)tot.grown);
  // A schedule mix that never produced the hard cases would prove little.
  if (*count >= 100 && (tot.same_page == 0 || tot.same_byte == 0 || tot.grown == 0)) {
    std::printf("FAIL: the schedules did not cover concurrent same-page/same-byte writes and growth\n");
    return 1;
  }
  return 0;
}
