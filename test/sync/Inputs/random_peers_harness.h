// The random-peers delivery harness of convergence.cpp and
// units-convergence.cpp: 2-5 peers of one region make random writes (small
// runs, the same page, the same bytes), scan in either mode, grow their
// regions, and exchange batches in random order with duplicates, drops and
// resends until nothing is left to send. Each test gives the peers' unit
// policy and computes its own oracle from the batch log (the merge rule it
// checks); check_peers_match() then holds every peer to that oracle.
//
// A failing check prints the schedule's seed; `<test> --first SEED --seeds 1
// -v` replays it (the draws from the rng are in a fixed order, so a seed
// names one schedule).
#pragma once

#include "sync_test.h"

#include "karmem/sync/patch_reader.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace random_peers {

inline uint64_t g_seed = 0;
inline bool g_verbose = false;

#define SIM_CHECK(cond, ...)                                                                         \
  do {                                                                                               \
    if (!(cond)) {                                                                                   \
      std::printf("FAIL seed %llu (replay: --first %llu --seeds 1 -v) at line %d: %s: ",             \
                  (unsigned long long)::random_peers::g_seed, (unsigned long long)::random_peers::g_seed, \
                  __LINE__, #cond);                                                                  \
      std::printf(__VA_ARGS__);                                                                      \
      std::printf("\n");                                                                             \
      std::exit(1);                                                                                  \
    }                                                                                                \
  } while (0)

struct batch_info {
  std::vector<uint8_t> bytes;
  uint32_t sender;
  uint32_t version; // of the patch format
  std::vector<karmem::sync::clock_entry> clock;
};

struct peer_state {
  uint32_t id;
  std::unique_ptr<sync_test::aligned_buffer> mem;
  std::unique_ptr<karmem::sync::tracker> t;
  std::vector<size_t> inbox;  // batch ids in flight to this peer
  std::vector<size_t> resend; // dropped, to be sent again later
};

// One schedule: its shape, its peers, and every batch any peer sent.
struct schedule {
  uint32_t page = 0;
  size_t initial_pages = 0;
  size_t capacity = 0;
  int steps = 0;
  std::vector<uint8_t> initial; // the baseline all peers start from
  std::vector<peer_state> peers;
  std::vector<batch_info> log;
  uint64_t grown = 0; // resizes done
};

// A batch's place in the merge order: (clock time, sender).
using stamp_pair = std::pair<uint64_t, uint32_t>;

inline stamp_pair batch_stamp(const batch_info& b) {
  uint64_t time = 0;
  for (auto& e : b.clock) time += e.counter;
  return {time, b.sender};
}

// Opens batch `b`, calls f(region offset, value) for every byte it carries,
// and checks it reads to the end.
template <class F>
void for_each_carried_byte(const batch_info& b, uint32_t page, F&& f) {
  karmem::sync::patch_reader rd;
  SIM_CHECK(rd.open(b.bytes) == karmem::sync::error::ok, "%s", rd.message());
  karmem::sync::patch_page pg;
  while (rd.next_page(pg))
    for (size_t i = 0; i < pg.ranges.size(); ++i)
      for (uint32_t k = 0; k < pg.ranges[i].length; ++k)
        f(size_t{pg.index} * page + pg.ranges[i].offset + k, pg.data[i][k]);
  SIM_CHECK(rd.status() == karmem::sync::error::ok, "%s", rd.message());
}

// true when neither clock is <= the other.
inline bool concurrent(const std::vector<karmem::sync::clock_entry>& a,
                       const std::vector<karmem::sync::clock_entry>& b) {
  auto get = [](const std::vector<karmem::sync::clock_entry>& c, uint32_t p) -> uint64_t {
    for (auto& e : c)
      if (e.peer == p) return e.counter;
    return 0;
  };
  bool a_le = true, b_le = true;
  for (auto& e : a) a_le &= e.counter <= get(b, e.peer);
  for (auto& e : b) b_le &= e.counter <= get(a, e.peer);
  return !a_le && !b_le;
}

// Draws the schedule's page size, peer count, sizes, step count and baseline
// (its first half random, the second zero). No peer exists yet.
inline schedule draw_schedule(uint64_t seed, sync_test::rng& r) {
  g_seed = seed;
  schedule s;
  const uint32_t page_sizes[] = {1024, 2048, 4096, 8192};
  s.page = page_sizes[r.below(4)];
  s.peers.resize(2 + r.below(4));
  s.initial_pages = 1 + r.below(6);
  s.capacity = (s.initial_pages + 1 + r.below(4)) * s.page;
  s.steps = 20 + static_cast<int>(r.below(120));
  s.initial.resize(s.initial_pages * s.page);
  r.fill(s.initial.data(), s.initial.size() / 2);
  return s;
}

// Gives every peer the baseline and a tracker with `units`.
inline void start_peers(schedule& s, uint64_t seed, const karmem::sync::unit_policy& units) {
  for (size_t i = 0; i < s.peers.size(); ++i) {
    peer_state& p = s.peers[i];
    // Ids are spread out so "higher peer id" is not the index order.
    p.id = static_cast<uint32_t>((i * 2654435761u + seed) % 1000u) * 8 + static_cast<uint32_t>(i);
    p.mem = std::make_unique<sync_test::aligned_buffer>(s.capacity, s.page);
    std::memcpy(p.mem->p, s.initial.data(), s.initial.size());
    karmem::sync::options o;
    o.page_size = s.page;
    o.capacity = s.capacity;
    o.units = units;
    std::string why;
    p.t = karmem::sync::tracker::create(p.id, p.mem->p, s.initial.size(), o, nullptr, &why);
    SIM_CHECK(p.t != nullptr, "create: %s", why.c_str());
  }
}

// Runs the schedule's random steps, then quiesces: publishes every local
// write and delivers everything (drops resent) until a round produces no
// batch. Checks that each batch reads back, applies, and that applying never
// leaves local changes.
inline void play(schedule& s, sync_test::rng& r) {
  using namespace karmem::sync;
  const uint32_t page = s.page;
  auto& peers = s.peers;
  auto& log = s.log;
  const size_t hot = r.below(s.initial_pages) * page + r.below(page - 64); // hot bytes, all peers

  auto scan = [&](peer_state& p) {
    std::vector<uint8_t> out;
    const scan_mode mode = r.chance(50) ? scan_mode::full : scan_mode::marked;
    error e = p.t->scan(mode, out);
    SIM_CHECK(e == error::ok, "scan: %s", p.t->last_error());
    if (out.empty()) return;
    patch_reader rd;
    SIM_CHECK(rd.open(out) == error::ok, "own batch unreadable: %s", rd.message());
    log.push_back({std::move(out), p.id, rd.header().version, rd.header().clock});
    const size_t id = log.size() - 1;
    for (auto& q : peers) {
      if (&q == &p) continue;
      if (r.chance(10))
        q.resend.push_back(id); // dropped
      else
        q.inbox.push_back(id);
    }
    if (g_verbose)
      std::printf("peer %u scan (%s): batch %zu, %zu bytes\n", p.id, mode == scan_mode::full ? "full" : "marked", id,
                  log[id].bytes.size());
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
    }
  };

  auto grow = [&](peer_state& p) {
    const size_t size = p.t->size();
    if (size >= s.capacity) return;
    const size_t new_size = size + (1 + r.below((s.capacity - size) / page)) * page;
    SIM_CHECK(p.t->resize(new_size) == error::ok, "resize: %s", p.t->last_error());
    // Something to send in the new pages, sometimes.
    if (r.chance(50)) {
      const size_t off = size + r.below(new_size - size - 8);
      r.fill(p.mem->p + off, 8);
      p.t->mark_dirty(p.mem->p + off, 8);
    }
    ++s.grown;
    if (g_verbose) std::printf("peer %u grew to %zu\n", p.id, new_size);
  };

  for (int step = 0; step < s.steps; ++step) {
    peer_state& p = peers[r.below(peers.size())];
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
      for (size_t i = 0; i < peers.size(); ++i)
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
}

// The region size every peer must end with: the baseline, or the largest
// region any batch declared.
inline size_t final_size(const schedule& s) {
  size_t size = s.initial.size();
  for (auto& b : s.log) {
    karmem::sync::patch_reader rd;
    SIM_CHECK(rd.open(b.bytes) == karmem::sync::error::ok, "%s", rd.message());
    size = std::max<size_t>(size, rd.header().region_pages * s.page);
  }
  return size;
}

// Every peer holds exactly `expect` (the test's oracle) and the same clock.
inline void check_peers_match(const schedule& s, const std::vector<uint8_t>& expect) {
  for (auto& p : s.peers) {
    SIM_CHECK(p.t->size() == expect.size(), "peer %u has %zu bytes, expected %zu", p.id, p.t->size(), expect.size());
    for (size_t i = 0; i < expect.size(); ++i)
      SIM_CHECK(p.mem->p[i] == expect[i], "peer %u byte %zu is %u, the oracle says %u", p.id, i, p.mem->p[i],
                expect[i]);
    auto c0 = s.peers[0].t->clock();
    auto c = p.t->clock();
    SIM_CHECK(std::equal(c.begin(), c.end(), c0.begin(), c0.end()), "peer %u's clock differs", p.id);
  }
}

// What every test counts; each adds its own concurrent cases.
struct totals_base {
  uint64_t schedules = 0, batches = 0, grown = 0;
  void add(const schedule& s) {
    ++schedules;
    batches += s.log.size();
    grown += s.grown;
  }
};

// Runs run(seed) for the seeds `--first SEED --seeds N` give (1 and 100 by
// default; -v prints every step) and returns N; nothing (after printing the
// usage) for any other argument.
template <class Run>
std::optional<uint64_t> run_seeds(int argc, char** argv, const char* name, Run&& run) {
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
      std::printf("usage: %s [--first SEED] [--seeds N] [-v]\n", name);
      return std::nullopt;
    }
  }
  for (uint64_t seed = first; seed < first + count; ++seed) run(seed);
  return count;
}

} // namespace random_peers
