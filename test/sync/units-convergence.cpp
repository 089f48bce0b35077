// Randomized convergence of regions with atomic units (karmem/sync/units.h):
// the pattern of convergence.cpp (2-5 peers, random writes, both scan modes,
// growth, delivery in random order with duplicates, drops and resends), with
// every peer's region given the same random units: the whole region, records
// (often larger than a page, so they cross page boundaries), or explicit
// ranges. At the end every memory must be byte-identical and equal to an
// oracle computed independently from the batches: every batch that writes a
// byte of a unit writes all of it, each unit holds the unit bytes of the batch
// with the largest (clock time, sender) that wrote it, and each byte outside
// every unit the value of the largest batch that wrote that byte. A failing
// schedule prints its seed; `units-convergence --first SEED --seeds 1 -v`
// replays it.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native
// RUN: %t.native --first 1 --seeds 500 | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm
// RUN: %run-wasm %t.wasm --first 100000 --seeds 150 | FileCheck %s
// CHECK: converged: {{[0-9]+}} schedules, {{[0-9]+}} batches, {{[0-9]+}} same-unit concurrent, {{[0-9]+}} page-crossing units written, {{[0-9]+}} grown
#include "sync_test.h"

#include "karmem/sync/detail/unit_map.h"
#include "karmem/sync/patch_reader.h"

#include <algorithm>
#include <map>

using namespace karmem::sync;
using sync_test::rng;

namespace {

uint64_t g_seed = 0;
bool g_verbose = false;

#define SIM_CHECK(cond, ...)                                                                         \
  do {                                                                                               \
    if (!(cond)) {                                                                                   \
      std::printf("FAIL seed %llu (replay: --first %llu --seeds 1 -v) at line %d: %s: ",             \
                  (unsigned long long)g_seed, (unsigned long long)g_seed, __LINE__, #cond);         \
      std::printf(__VA_ARGS__);                                                                      \
      std::printf("\n");                                                                             \
      std::exit(1);                                                                                  \
    }                                                                                                \
  } while (0)

struct batch_info {
  std::vector<uint8_t> bytes;
  uint32_t sender;
  std::vector<clock_entry> clock;
};

struct peer_state {
  uint32_t id;
  std::unique_ptr<sync_test::aligned_buffer> mem;
  std::unique_ptr<tracker> t;
  std::vector<size_t> inbox;  // batch ids in flight to this peer
  std::vector<size_t> resend; // dropped, to be sent again later
  // Pages written since the last scan (to count concurrent cases).
  std::vector<std::pair<uint32_t, uint32_t>> pending_writes; // (offset, length)
};

struct totals {
  uint64_t schedules = 0, batches = 0, same_unit = 0, crossing = 0, grown = 0;
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

// Orders two concurrent clocks? true when neither is <= the other.
bool concurrent(const std::vector<clock_entry>& a, const std::vector<clock_entry>& b) {
  auto get = [](const std::vector<clock_entry>& c, uint32_t p) -> uint64_t {
    for (auto& e : c)
      if (e.peer == p) return e.counter;
    return 0;
  };
  bool a_le = true, b_le = true;
  for (auto& e : a) a_le &= e.counter <= get(b, e.peer);
  for (auto& e : b) b_le &= e.counter <= get(a, e.peer);
  return !a_le && !b_le;
}

void run_schedule(uint64_t seed, totals& tot) {
  g_seed = seed;
  rng r(seed);
  const uint32_t page_sizes[] = {1024, 2048, 4096, 8192};
  const uint32_t page = page_sizes[r.below(4)];
  const size_t n_peers = 2 + r.below(4);
  const size_t initial_pages = 1 + r.below(6);
  const size_t capacity = (initial_pages + 1 + r.below(4)) * page;
  const int steps = 20 + static_cast<int>(r.below(120));

  // All peers start from the same bytes.
  std::vector<uint8_t> initial(initial_pages * page);
  r.fill(initial.data(), initial.size() / 2); // second half stays zero

  std::vector<unit_range> units;
  const unit_policy policy = random_units(r, initial.size(), page, units);
  std::vector<peer_state> peers(n_peers);
  for (size_t i = 0; i < n_peers; ++i) {
    // Ids are spread out so "higher peer id" is not the index order.
    peers[i].id = static_cast<uint32_t>((i * 2654435761u + seed) % 1000u) * 8 + static_cast<uint32_t>(i);
    peers[i].mem = std::make_unique<sync_test::aligned_buffer>(capacity, page);
    std::memcpy(peers[i].mem->p, initial.data(), initial.size());
    options o;
    o.page_size = page;
    o.capacity = capacity;
    o.units = policy;
    std::string why;
    peers[i].t = tracker::create(peers[i].id, peers[i].mem->p, initial.size(), o, nullptr, &why);
    SIM_CHECK(peers[i].t != nullptr, "create: %s", why.c_str());
  }

  std::vector<batch_info> log;
  const size_t hot = r.below(initial_pages) * page + r.below(page - 64); // hot bytes, all peers

  auto scan = [&](peer_state& p) {
    std::vector<uint8_t> out;
    const scan_mode mode = r.chance(50) ? scan_mode::full : scan_mode::marked;
    error e = p.t->scan(mode, out);
    SIM_CHECK(e == error::ok, "scan: %s", p.t->last_error());
    p.pending_writes.clear();
    if (out.empty()) return;
    patch_reader rd;
    SIM_CHECK(rd.open(out) == error::ok, "own batch unreadable: %s", rd.message());
    log.push_back({std::move(out), p.id, rd.header().clock});
    const size_t id = log.size() - 1;
    for (auto& q : peers) {
      if (&q == &p) continue;
      if (r.chance(10))
        q.resend.push_back(id); // dropped
      else
        q.inbox.push_back(id);
    }
    if (g_verbose) std::printf("peer %u scan (%s): batch %zu, %zu bytes\n", p.id, mode == scan_mode::full ? "full" : "marked", id, log[id].bytes.size());
  };

  auto deliver_one = [&](peer_state& p) {
    if (p.inbox.empty()) return;
    const size_t k = r.below(p.inbox.size());
    const size_t id = p.inbox[k];
    if (!r.chance(15)) { // 15%: stays in flight, delivered again later
      p.inbox[k] = p.inbox.back();
      p.inbox.pop_back();
    }
    error e = p.t->apply(log[id].bytes);
    SIM_CHECK(e == error::ok, "peer %u applying batch %zu: %s", p.id, id, p.t->last_error());
    if (g_verbose) std::printf("peer %u applied batch %zu from %u\n", p.id, id, log[id].sender);
  };

  auto write = [&](peer_state& p) {
    const size_t size = p.t->size();
    const int n = 1 + static_cast<int>(r.below(6));
    for (int i = 0; i < n; ++i) {
      size_t off, len;
      const uint64_t kind = r.below(10);
      if (kind < 3) { // the same few bytes every peer writes
        off = hot + r.below(8);
        len = 1 + r.below(8);
      } else if (kind < 5) { // somewhere on the hot page
        off = hot / page * page + r.below(page - 16);
        len = 1 + r.below(16);
      } else if (kind < 9) { // anywhere, small
        len = 1 + r.below(16);
        off = r.below(size - len);
      } else { // anywhere, larger, maybe across pages
        len = 1 + r.below(page + 100);
        if (len >= size) len = size - 1;
        off = r.below(size - len);
      }
      uint8_t* dst = p.mem->p + off;
      if (r.chance(20))
        std::memset(dst, static_cast<int>(r.below(4)), len); // often equal to what is there
      else
        r.fill(dst, len);
      p.t->mark_dirty(dst, len);
      p.pending_writes.push_back({static_cast<uint32_t>(off), static_cast<uint32_t>(len)});
    }
  };

  auto grow = [&](peer_state& p) {
    const size_t size = p.t->size();
    if (size >= capacity) return;
    const size_t new_size = size + (1 + r.below((capacity - size) / page)) * page;
    SIM_CHECK(p.t->resize(new_size) == error::ok, "resize: %s", p.t->last_error());
    // Something to send in the new pages, sometimes.
    if (r.chance(50)) {
      const size_t off = size + r.below(new_size - size - 8);
      r.fill(p.mem->p + off, 8);
      p.t->mark_dirty(p.mem->p + off, 8);
    }
    ++tot.grown;
    if (g_verbose) std::printf("peer %u grew to %zu\n", p.id, new_size);
  };

  for (int s = 0; s < steps; ++s) {
    peer_state& p = peers[r.below(n_peers)];
    const uint64_t what = r.below(100);
    if (what < 40)
      write(p);
    else if (what < 60)
      scan(p);
    else if (what < 90)
      deliver_one(p);
    else if (what < 95 && !p.resend.empty()) { // resend what was dropped
      p.inbox.insert(p.inbox.end(), p.resend.begin(), p.resend.end());
      p.resend.clear();
    } else if (what >= 97)
      grow(p);
  }

  // Quiesce: publish every local write, deliver everything (drops resent),
  // until a round produces no batch.
  for (int round = 0;; ++round) {
    SIM_CHECK(round < 10, "no quiescence after %d rounds", round);
    const size_t before = log.size();
    for (auto& p : peers) scan(p);
    for (auto& p : peers) {
      p.inbox.insert(p.inbox.end(), p.resend.begin(), p.resend.end());
      p.resend.clear();
    }
    // Random interleaving of the peers' deliveries; duplicates still happen.
    for (;;) {
      std::vector<size_t> busy;
      for (size_t i = 0; i < n_peers; ++i)
        if (!peers[i].inbox.empty()) busy.push_back(i);
      if (busy.empty()) break;
      deliver_one(peers[busy[r.below(busy.size())]]);
    }
    for (auto& p : peers) {
      std::vector<uint8_t> out;
      SIM_CHECK(p.t->scan(scan_mode::full, out) == error::ok, "scan");
      if (!out.empty()) { // applying never creates local changes
        SIM_CHECK(false, "peer %u has changes after applying only: %zu bytes", p.id, out.size());
      }
    }
    if (log.size() == before) break;
  }

  // The oracle: replay every batch by its stamp on a copy of the baseline.
  size_t final_size = initial.size();
  for (auto& b : log) {
    patch_reader rd;
    SIM_CHECK(rd.open(b.bytes) == error::ok, "%s", rd.message());
    final_size = std::max<size_t>(final_size, rd.header().region_pages * page);
  }
  std::vector<uint8_t> expect(final_size, 0);
  std::memcpy(expect.data(), initial.data(), initial.size());
  using stamp_pair = std::pair<uint64_t, uint32_t>;
  std::vector<stamp_pair> stamps(final_size, {0, 0});
  std::vector<int> unit_of(final_size, -1); // the unit holding each byte
  for (size_t u = 0; u < units.size(); ++u)
    for (uint64_t i = units[u].begin; i < units[u].end; ++i) unit_of[i] = static_cast<int>(u);
  std::vector<stamp_pair> unit_stamp(units.size(), {0, 0});
  for (auto& b : log) {
    patch_reader rd;
    SIM_CHECK(rd.open(b.bytes) == error::ok, "%s", rd.message());
    SIM_CHECK(rd.header().version == 2, "a region with units wrote a version-%u batch", rd.header().version);
    uint64_t time = 0;
    for (auto& e : rd.header().clock) time += e.counter;
    const stamp_pair st{time, b.sender};
    // The bytes this batch carries, by region offset.
    std::map<size_t, uint8_t> carried;
    patch_page pg;
    while (rd.next_page(pg)) {
      for (size_t i = 0; i < pg.ranges.size(); ++i)
        for (uint32_t k = 0; k < pg.ranges[i].length; ++k)
          carried[size_t{pg.index} * page + pg.ranges[i].offset + k] = pg.data[i][k];
    }
    SIM_CHECK(rd.status() == error::ok, "%s", rd.message());
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

  for (auto& p : peers) {
    SIM_CHECK(p.t->size() == final_size, "peer %u has %zu bytes, expected %zu", p.id, p.t->size(), final_size);
    for (size_t i = 0; i < final_size; ++i)
      SIM_CHECK(p.mem->p[i] == expect[i], "peer %u byte %zu is %u, the oracle says %u", p.id, i, p.mem->p[i], expect[i]);
    auto c0 = peers[0].t->clock();
    auto c = p.t->clock();
    SIM_CHECK(std::equal(c.begin(), c.end(), c0.begin(), c0.end()), "peer %u's clock differs", p.id);
  }

  // Count the interesting case: concurrent batches of two peers that wrote
  // the same unit.
  std::vector<std::vector<bool>> wrote(log.size(), std::vector<bool>(units.size(), false));
  for (size_t i = 0; i < log.size(); ++i) {
    patch_reader rd;
    rd.open(log[i].bytes);
    patch_page pg;
    while (rd.next_page(pg))
      for (auto& rg : pg.ranges) {
        const int u = unit_of[size_t{pg.index} * page + rg.offset];
        if (u >= 0) wrote[i][u] = true;
      }
  }
  for (size_t i = 0; i < log.size(); ++i)
    for (size_t j = i + 1; j < log.size(); ++j) {
      if (log[i].sender == log[j].sender || !concurrent(log[i].clock, log[j].clock)) continue;
      bool same = false;
      for (size_t u = 0; u < units.size() && !same; ++u) same = wrote[i][u] && wrote[j][u];
      tot.same_unit += same;
    }
  tot.batches += log.size();
  ++tot.schedules;
}

} // namespace

int main(int argc, char** argv) {
  uint64_t first = 1, count = 100;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--first" && i + 1 < argc)
      first = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--seeds" && i + 1 < argc)
      count = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "-v")
      g_verbose = true;
    else {
      std::printf("usage: units-convergence [--first SEED] [--seeds N] [-v]\n");
      return 2;
    }
  }
  totals tot;
  for (uint64_t s = first; s < first + count; ++s) run_schedule(s, tot);
  std::printf("converged: %llu schedules, %llu batches, %llu same-unit concurrent, %llu page-crossing units written, %llu grown\n",
              (unsigned long long)tot.schedules, (unsigned long long)tot.batches, (unsigned long long)tot.same_unit,
              (unsigned long long)tot.crossing, (unsigned long long)tot.grown);
  // A schedule mix that never produced the hard cases would prove little.
  if (count >= 100 && (tot.same_unit == 0 || tot.crossing == 0 || tot.grown == 0)) {
    std::printf("FAIL: the schedules did not cover concurrent writes of one unit, page-crossing units and growth\n");
    return 1;
  }
  return 0;
}
