// Catch-up from a snapshot converges: 2-4 writers make random batches
// (small runs, a hot page, region growth) delivered to each other in random
// order with duplicates. Mid-stream one of them takes a snapshot; then a
// joiner applies it and afterwards every batch ever made, in random order,
// covered ones included. The joiner is, by seed, a fresh peer, a peer with
// state of its own (it wrote and applied some batches before), or a writer
// restarted from its initial bytes under its old id. Checked:
//  - a fresh joiner holds exactly the taker's bytes and clock right after
//    the snapshot;
//  - every batch the joiner skipped was in the snapshot (or already its own);
//  - at the end every peer, joiner included, holds identical bytes and
//    clocks, equal to those of peers that saw every batch and no snapshot.
// A failing schedule prints its seed; `--first SEED --seeds 1` replays it.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native
// RUN: %t.native --first 1 --seeds 1500 | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm
// RUN: %run-wasm %t.wasm --first 50000 --seeds 300 | FileCheck %s
// CHECK: snapshot catch-up converged: {{[0-9]+}} schedules ({{[1-9][0-9]*}} fresh, {{[1-9][0-9]*}} with own state, {{[1-9][0-9]*}} restarted), {{[0-9]+}} batches, {{[1-9][0-9]*}} skipped as covered, {{[1-9][0-9]*}} applied after the snapshot
#include "sync_test.h"

#include "karmem/sync/patch_reader.h"

#include <algorithm>
#include <set>
#include <utility>

using namespace karmem::sync;
using sync_test::rng;

namespace {

constexpr uint32_t page = 1024;
constexpr size_t region = 4 * page, capacity = 8 * page;
uint64_t g_seed = 0;

#define SNAP_CHECK(cond, ...)                                                                        \
  do {                                                                                               \
    if (!(cond)) {                                                                                   \
      std::printf("FAIL seed %llu line %d: %s: ", static_cast<unsigned long long>(g_seed), __LINE__, \
                  #cond);                                                                            \
      std::printf(__VA_ARGS__);                                                                      \
      std::printf("\n");                                                                             \
      std::exit(1);                                                                                  \
    }                                                                                                \
  } while (0)

using batch_id = std::pair<uint32_t, uint64_t>; // sender, its counter

batch_id id_of(const std::vector<uint8_t>& batch) {
  patch_reader r;
  SNAP_CHECK(r.open(batch) == error::ok, "%s", r.message());
  for (const clock_entry& e : r.header().clock)
    if (e.peer == r.header().sender) return {e.peer, e.counter};
  return {0, 0};
}

struct peer {
  sync_test::aligned_buffer mem{capacity, page};
  std::unique_ptr<tracker> t;
  std::set<batch_id> has; // batches made or applied (the test's own record)
  std::vector<size_t> pending; // indices of batches not yet delivered

  void start(uint32_t id, const std::vector<uint8_t>& initial) {
    std::memset(mem.p, 0, capacity);
    std::memcpy(mem.p, initial.data(), region);
    t = sync_test::make_tracker(id, mem.p, region, page, capacity);
    has.clear();
  }
};

struct world {
  rng r;
  std::vector<std::vector<uint8_t>> batches;
  std::vector<batch_id> ids;
  explicit world(uint64_t seed) : r(seed) {}

  void write_and_scan(peer& p, std::vector<peer*>& others) {
    const size_t size = p.t->size();
    if (r.chance(4) && size < capacity) SNAP_CHECK(p.t->resize(size + page) == error::ok, "resize");
    for (int w = 0, n = 1 + static_cast<int>(r.below(4)); w < n; ++w) {
      const size_t len = 1 + r.below(r.chance(20) ? 200 : 12);
      const size_t at = r.chance(40) ? r.below(64) : r.below(p.t->size() - len);
      r.fill(p.mem.p + at, len);
    }
    std::vector<uint8_t> b;
    SNAP_CHECK(p.t->scan(scan_mode::full, b) == error::ok, "scan: %s", p.t->last_error());
    if (b.empty()) return;
    const batch_id id = id_of(b);
    p.has.insert(id);
    for (peer* o : others)
      if (o != &p) o->pending.push_back(batches.size());
    batches.push_back(std::move(b));
    ids.push_back(id);
  }

  // Applies a random part of p's pending batches in random order, sometimes
  // twice. Returns how many of them apply() skipped.
  uint64_t deliver(peer& p, bool all) {
    std::vector<size_t> chosen;
    std::vector<size_t> keep;
    for (size_t i : p.pending) (all || r.chance(50) ? chosen : keep).push_back(i);
    for (size_t i = chosen.size(); i > 1; --i) std::swap(chosen[i - 1], chosen[r.below(i)]);
    p.pending = std::move(keep);
    const uint64_t before = p.t->skipped();
    for (size_t i : chosen) {
      SNAP_CHECK(p.t->apply(batches[i]) == error::ok, "apply: %s", p.t->last_error());
      p.has.insert(ids[i]);
      if (r.chance(10)) SNAP_CHECK(p.t->apply(batches[i]) == error::ok, "re-apply: %s", p.t->last_error());
    }
    return p.t->skipped() - before;
  }
};

bool same(const peer& a, const peer& b) {
  auto x = a.t->clock(), y = b.t->clock();
  return a.t->size() == b.t->size() && std::memcmp(a.mem.p, b.mem.p, a.t->size()) == 0 &&
         std::equal(x.begin(), x.end(), y.begin(), y.end());
}

struct totals {
  uint64_t schedules = 0, kinds[3] = {}, batches = 0, skipped = 0, applied_after = 0;
};

void run(uint64_t seed, totals& tot) {
  g_seed = seed;
  world w(seed);
  std::vector<uint8_t> initial(region);
  w.r.fill(initial.data(), region);
  const size_t writers = 2 + w.r.below(3);
  const int kind = static_cast<int>(seed % 3); // 0 fresh, 1 with own state, 2 restarted
  std::vector<peer> peers(writers + 1);        // the last one is the joiner (unless restarted)
  for (size_t i = 0; i < peers.size(); ++i) peers[i].start(static_cast<uint32_t>(10 + i * 7), initial);
  peer& joiner = peers[writers];
  std::vector<peer*> receivers; // who receives batches before the snapshot
  for (size_t i = 0; i < writers; ++i) receivers.push_back(&peers[i]);
  if (kind == 1) receivers.push_back(&joiner);

  const int before_rounds = 4 + static_cast<int>(w.r.below(20)), after_rounds = 2 + static_cast<int>(w.r.below(10));
  for (int round = 0; round < before_rounds; ++round) {
    peer& p = *receivers[w.r.below(receivers.size())];
    w.deliver(p, false);
    w.write_and_scan(p, receivers);
  }
  peer& taker = peers[w.r.below(writers)];
  w.deliver(taker, false);
  std::vector<uint8_t> snap;
  SNAP_CHECK(taker.t->snapshot(snap) == error::ok, "snapshot");
  const std::set<batch_id> in_snapshot = taker.has;

  // The joiner: fresh (kind 0), with its own state (kind 1), or a writer
  // other than the taker restarted from the initial bytes (kind 2).
  peer* j = &joiner;
  std::set<batch_id> own_before;
  if (kind == 2) {
    j = &peers[(&taker - peers.data() + 1) % writers];
    j->start(j->t->peer(), initial);
    j->pending.clear();
  } else if (kind == 1) {
    own_before = j->has;
  }
  SNAP_CHECK(j->t->apply_snapshot(snap) == error::ok, "apply_snapshot: %s", j->t->last_error());
  if (kind != 1) SNAP_CHECK(same(*j, taker), "a fresh joiner differs from the taker after the snapshot");
  // The same snapshot again changes nothing.
  {
    std::vector<uint8_t> bytes(j->mem.p, j->mem.p + capacity);
    SNAP_CHECK(j->t->apply_snapshot(snap) == error::ok && std::memcmp(bytes.data(), j->mem.p, capacity) == 0,
               "applying the snapshot twice changed the region");
  }

  // Every batch so far, in random order, to the joiner; the skipped ones
  // must have been in the snapshot or the joiner's own.
  std::vector<size_t> order(w.batches.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[w.r.below(i)]);
  for (size_t i : order) {
    const uint64_t before = j->t->skipped();
    SNAP_CHECK(j->t->apply(w.batches[i]) == error::ok, "apply after snapshot: %s", j->t->last_error());
    if (j->t->skipped() > before) {
      SNAP_CHECK(in_snapshot.count(w.ids[i]) || own_before.count(w.ids[i]),
                 "batch %u:%llu skipped but not in the snapshot", w.ids[i].first,
                 static_cast<unsigned long long>(w.ids[i].second));
      ++tot.skipped;
    } else {
      ++tot.applied_after;
    }
    j->has.insert(w.ids[i]);
  }
  j->pending.clear();

  // Everyone, joiner included, goes on writing; then full delivery.
  std::vector<peer*> all;
  for (size_t i = 0; i < writers; ++i) all.push_back(&peers[i]);
  if (kind != 2) all.push_back(&joiner);
  for (peer* p : all)
    for (size_t i = 0; i < w.batches.size(); ++i)
      if (!p->has.count(w.ids[i])) p->pending.push_back(i);
  for (int round = 0; round < after_rounds; ++round) {
    peer& p = *all[w.r.below(all.size())];
    w.deliver(p, false);
    w.write_and_scan(p, all);
  }
  for (peer* p : all) w.deliver(*p, true);
  for (peer* p : all) SNAP_CHECK(same(*p, *all[0]), "peer %u differs at the end", p->t->peer());

  ++tot.schedules;
  ++tot.kinds[kind];
  tot.batches += w.batches.size();
}

} // namespace

int main(int argc, char** argv) {
  uint64_t first = 1, seeds = 100;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--first") == 0) first = std::strtoull(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--seeds") == 0) seeds = std::strtoull(argv[i + 1], nullptr, 10);
  }
  totals tot;
  for (uint64_t s = first; s < first + seeds; ++s) run(s, tot);
  std::printf("snapshot catch-up converged: %llu schedules (%llu fresh, %llu with own state, %llu restarted), %llu "
              "batches, %llu skipped as covered, %llu applied after the snapshot\n",
              static_cast<unsigned long long>(tot.schedules), static_cast<unsigned long long>(tot.kinds[0]),
              static_cast<unsigned long long>(tot.kinds[1]), static_cast<unsigned long long>(tot.kinds[2]),
              static_cast<unsigned long long>(tot.batches), static_cast<unsigned long long>(tot.skipped),
              static_cast<unsigned long long>(tot.applied_after));
  return 0;
}
