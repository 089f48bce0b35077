// The sync runtime's benchmark, one program built natively and for wasm32
// (run under Node): for each region size and fraction of changed pages it
// measures, in the same process, memory read bandwidth and memcpy (the
// floors), a full scan (hash every page, diff the changed ones), a marked
// scan (diff only the pages given to mark_dirty), apply on a second tracker,
// and the patch's size. Every changed page gets `writes` small writes of
// 1..16 bytes. Prints one JSON object per line; bench/sync/run.mjs turns the
// native and wasm32 runs into tables. The receiver is checked byte-identical
// at the end of every configuration. Times are the fastest and the median of
// the repetitions.
//
// usage: sync_bench [--platform NAME] [--mib 16,64] [--page 8192] [--reps 7] [--writes 4]
//                   [--units bytes|region|records:SIZE]
// --units gives both trackers atomic units (karmem/sync/units.h): per run
// (bytes, the default), the whole region, or records of SIZE bytes.
#include "karmem/sync.h"
#include "karmem/sync/detail/xxh3.h"
#include "karmem/sync/patch_writer.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

using namespace karmem::sync;
using clock_type = std::chrono::steady_clock;

namespace {

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double fastest(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

struct rng {
  uint64_t s;
  uint64_t next() {
    s += 0x9E3779B97F4A7C15ull;
    uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return next() % n; }
};

// Sum of all 64-bit words with eight 128-bit accumulators: what reading the
// memory once costs. noinline matters in wasm32: V8 has no on-stack
// replacement for wasm, so a loop inlined into main() would run in the
// baseline compiler's code for the whole benchmark; a function called
// repeatedly is tiered up. The result is printed so it is not dropped.
typedef uint64_t v2u64 __attribute__((vector_size(16), aligned(16)));
__attribute__((noinline)) uint64_t read_all(const uint8_t* p, size_t n) {
  v2u64 acc[8] = {};
  for (size_t i = 0; i + 128 <= n; i += 128) {
#pragma clang loop unroll(full)
    for (int k = 0; k < 8; ++k) {
      v2u64 x;
      std::memcpy(&x, p + i + 16 * k, 16);
      acc[k] += x;
    }
  }
  v2u64 s = {};
  for (const v2u64& a : acc) s += a;
  return s[0] ^ s[1];
}

__attribute__((noinline)) void copy_all(uint8_t* dst, const uint8_t* src, size_t n) { std::memcpy(dst, src, n); }

uint8_t* aligned(size_t n, size_t align) {
  auto* p = static_cast<uint8_t*>(std::aligned_alloc(align, n));
  if (!p) {
    std::printf("{\"error\":\"no memory for %zu bytes\"}\n", n);
    std::exit(1);
  }
  return p;
}

// Small writes (1..16 bytes, every byte changed) on `count` distinct random
// pages; marks them dirty. Returns the bytes changed.
size_t make_writes(rng& r, tracker& t, uint8_t* base, size_t pages, uint32_t page, size_t count, int writes,
                   std::vector<uint32_t>& order) {
  // Partial Fisher-Yates: the first `count` entries become the chosen pages.
  for (size_t i = 0; i < count; ++i) std::swap(order[i], order[i + r.below(pages - i)]);
  size_t changed = 0;
  for (size_t i = 0; i < count; ++i) {
    uint8_t* pg = base + size_t{order[i]} * page;
    // One write per slot of page/writes bytes, so writes never overlap and
    // every written byte counts as changed.
    const uint32_t slot = page / static_cast<uint32_t>(writes);
    for (int w = 0; w < writes; ++w) {
      const uint32_t len = 1 + static_cast<uint32_t>(r.below(16));
      const uint32_t at = static_cast<uint32_t>(w) * slot + static_cast<uint32_t>(r.below(slot - len));
      for (uint32_t k = 0; k < len; ++k) pg[at + k] ^= static_cast<uint8_t>(1 + r.below(255));
      t.mark_dirty(pg + at, len);
      changed += len;
    }
  }
  return changed;
}

// Snapshots of a region where `fraction` of the pages were written, by 4
// small writes each (`whole` = false) or rewritten whole: the time of
// tracker::snapshot, of apply_snapshot on a fresh peer (from the same
// baseline) and on a peer that already holds it (every span merged, nothing
// written), and the snapshot's size. Fails if the fresh peer does not end
// identical to the sender.
int bench_snapshot(const std::string& platform, size_t mib, uint32_t page, int reps, double fraction, bool whole) {
  const size_t size = mib << 20, pages = size / page;
  uint8_t* base0 = aligned(size, page);
  uint8_t* x = aligned(size, page);
  uint8_t* y = aligned(size, page);
  rng r{mib * 77 + page + (whole ? 1 : 0)};
  for (size_t i = 0; i < size; i += 8) {
    const uint64_t v = r.next();
    std::memcpy(base0 + i, &v, 8);
  }
  std::memcpy(x, base0, size);
  options o;
  o.page_size = page;
  auto sender = tracker::create(1, x, size, o);
  if (!sender) return std::printf("{\"error\":\"snapshot setup\"}\n"), 1;
  const size_t count = static_cast<size_t>(fraction * static_cast<double>(pages) + 0.5);
  std::vector<uint32_t> order(pages);
  for (size_t i = 0; i < pages; ++i) order[i] = static_cast<uint32_t>(i);
  size_t changed = 0;
  if (whole) {
    for (size_t i = 0; i < count; ++i) std::swap(order[i], order[i + r.below(pages - i)]);
    for (size_t i = 0; i < count; ++i)
      for (uint32_t k = 0; k < page; ++k) x[size_t{order[i]} * page + k] ^= static_cast<uint8_t>(1 + r.below(255));
    changed = count * page;
  } else {
    changed = make_writes(r, *sender, x, pages, page, count, 4, order);
  }
  std::vector<uint8_t> batch, snap;
  if (sender->scan(scan_mode::full, batch) != error::ok) return std::printf("{\"error\":\"snapshot scan\"}\n"), 1;
  std::vector<double> t_snap, t_apply, t_reapply;
  bool identical = true;
  for (int rep = 0; rep < reps; ++rep) {
    auto t0 = clock_type::now();
    sender->snapshot(snap);
    t_snap.push_back(seconds_since(t0));
    std::memcpy(y, base0, size);
    auto joiner = tracker::create(2, y, size, o); // untimed: the shadow copy of the baseline
    t0 = clock_type::now();
    const error e = joiner->apply_snapshot(snap);
    t_apply.push_back(seconds_since(t0));
    if (e != error::ok) return std::printf("{\"error\":\"apply_snapshot: %s\"}\n", joiner->last_error()), 1;
    t0 = clock_type::now();
    joiner->apply_snapshot(snap);
    t_reapply.push_back(seconds_since(t0));
    identical = identical && std::memcmp(x, y, size) == 0;
  }
  std::printf("{\"platform\":\"%s\",\"kind\":\"snapshot\",\"mib\":%zu,\"page\":%u,\"fraction\":%g,\"whole\":%s,"
              "\"changed_pages\":%zu,\"changed_bytes\":%zu,\"snapshot_bytes\":%zu,\"snapshot_s\":%.9f,"
              "\"apply_snapshot_s\":%.9f,\"reapply_snapshot_s\":%.9f,\"snapshot_s_median\":%.9f,"
              "\"apply_snapshot_s_median\":%.9f,\"identical\":%s}\n",
              platform.c_str(), mib, page, fraction, whole ? "true" : "false", count, changed, snap.size(),
              fastest(t_snap), fastest(t_apply), fastest(t_reapply), median(t_snap), median(t_apply),
              identical ? "true" : "false");
  sender.reset();
  std::free(base0);
  std::free(x);
  std::free(y);
  return identical ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  std::string platform =
#if defined(__wasm__)
      "wasm32";
#else
      "native";
#endif
  std::vector<size_t> mibs = {16, 64};
  uint32_t page = 8192;
  int reps = 7, writes = 4;
  std::string units = "bytes";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--platform") platform = v;
    else if (k == "--page") page = static_cast<uint32_t>(std::strtoul(v.c_str(), nullptr, 10));
    else if (k == "--reps") reps = std::atoi(v.c_str());
    else if (k == "--writes") writes = std::atoi(v.c_str());
    else if (k == "--units") units = v;
    else if (k == "--mib") {
      mibs.clear();
      for (size_t pos = 0; pos < v.size();) {
        size_t end = v.find(',', pos);
        if (end == std::string::npos) end = v.size();
        mibs.push_back(std::strtoul(v.substr(pos, end - pos).c_str(), nullptr, 10));
        pos = end + 1;
      }
    } else {
      std::fprintf(stderr, "usage: sync_bench [--platform NAME] [--mib 16,64] [--page 8192] [--reps 7] [--writes 4] "
                           "[--units bytes|region|records:SIZE]\n");
      return 2;
    }
  }
  const double fractions[] = {0.0, 0.001, 0.01, 0.1};

  for (size_t mib : mibs) {
    const size_t size = mib << 20, pages = size / page;
    uint8_t* a = aligned(size, page);
    uint8_t* b = aligned(size, page);
    uint8_t* dst = aligned(size, 64);
    rng r{mib * 1000 + page};
    for (size_t i = 0; i < size; i += 8) {
      const uint64_t x = r.next();
      std::memcpy(a + i, &x, 8);
    }
    std::memcpy(b, a, size);
    std::memset(dst, 0, size);

    // The floors.
    std::vector<double> t_read, t_copy;
    uint64_t sink = 0;
    for (int i = 0; i < reps; ++i) {
      auto t0 = clock_type::now();
      sink ^= read_all(a, size);
      t_read.push_back(seconds_since(t0));
      t0 = clock_type::now();
      copy_all(dst, a, size);
      t_copy.push_back(seconds_since(t0));
      sink ^= dst[r.below(size)];
    }
    // Fastest and median of the repetitions: the machine is shared, so the
    // fastest run is the best estimate of what the code costs.
    std::printf("{\"platform\":\"%s\",\"kind\":\"floor\",\"mib\":%zu,\"read_gbs\":%.3f,\"memcpy_gbs\":%.3f,"
                "\"read_gbs_median\":%.3f,\"memcpy_gbs_median\":%.3f,\"hash_kernel\":\"%s\",\"sink\":%llu}\n",
                platform.c_str(), mib, size / fastest(t_read) / 1e9, size / fastest(t_copy) / 1e9,
                size / median(t_read) / 1e9, size / median(t_copy) / 1e9, xxh3_kernel_name(),
                (unsigned long long)(sink & 1));

    options o;
    o.page_size = page;
    if (units == "region") {
      o.units = unit_policy::whole_region();
    } else if (units.rfind("records:", 0) == 0) {
      const uint64_t rec = std::strtoull(units.c_str() + 8, nullptr, 10);
      o.units = unit_policy::records(0, rec, rec ? size / rec : 0);
    } else if (units != "bytes") {
      std::printf("{\"error\":\"--units %s: bytes, region or records:SIZE\"}\n", units.c_str());
      return 1;
    }
    auto sender = tracker::create(1, a, size, o);
    auto receiver = tracker::create(2, b, size, o);
    if (!sender || !receiver) {
      std::printf("{\"error\":\"tracker::create failed\"}\n");
      return 1;
    }
    std::vector<uint32_t> order(pages);
    for (size_t i = 0; i < pages; ++i) order[i] = static_cast<uint32_t>(i);
    std::vector<uint8_t> batch;

    for (double f : fractions) {
      const size_t count = static_cast<size_t>(f * static_cast<double>(pages) + 0.5);
      std::vector<double> t_full, t_marked, t_apply;
      size_t batch_bytes = 0, envelope_bytes = 0, changed = 0, runs = 0, tokens = 0, changed_pages = 0, sent = 0;
      for (int rep = 0; rep < reps; ++rep) {
        // Full scan (hash everything, diff what changed), then apply it.
        changed = make_writes(r, *sender, a, pages, page, count, writes, order);
        auto t0 = clock_type::now();
        error e = sender->scan(scan_mode::full, batch);
        t_full.push_back(seconds_since(t0));
        if (e != error::ok) return std::printf("{\"error\":\"scan: %s\"}\n", sender->last_error()), 1;
        const auto& st = sender->last_scan();
        batch_bytes = batch.size();
        // The batch envelope (header, clock, checksum) without any page.
        patch_writer envelope_writer;
        std::vector<uint8_t> envelope;
        envelope_writer.begin(static_cast<uint32_t>(__builtin_ctz(page)), 1, pages, sender->clock(),
                              units == "bytes" ? std::nullopt : std::optional<uint64_t>(0));
        envelope_writer.finish(envelope);
        envelope_bytes = envelope.size();
        runs = st.runs;
        sent = st.bytes_sent;
        tokens = st.tokens;
        changed_pages = st.pages_changed;
        if (st.bytes_changed != changed)
          return std::printf("{\"error\":\"scan found %llu changed bytes, %zu were written\"}\n",
                             (unsigned long long)st.bytes_changed, changed), 1;
        if (!batch.empty()) { // nothing changed: nothing to send
          t0 = clock_type::now();
          e = receiver->apply(batch);
          t_apply.push_back(seconds_since(t0));
          if (e != error::ok) return std::printf("{\"error\":\"apply: %s\"}\n", receiver->last_error()), 1;
        }
        // Marked scan of the same amount of writes.
        make_writes(r, *sender, a, pages, page, count, writes, order);
        t0 = clock_type::now();
        e = sender->scan(scan_mode::marked, batch);
        t_marked.push_back(seconds_since(t0));
        if (e != error::ok || sender->last_scan().pages_hashed != 0)
          return std::printf("{\"error\":\"marked scan\"}\n"), 1;
        if (!batch.empty() && receiver->apply(batch) != error::ok) return std::printf("{\"error\":\"apply marked\"}\n"), 1;
        // Untimed: a marked scan leaves its pages' hashes stale, and the
        // next timed full scan would diff them again.
        if (sender->scan(scan_mode::full, batch) != error::ok || !batch.empty())
          return std::printf("{\"error\":\"changes left after the marked scan\"}\n"), 1;
      }
      const bool identical = std::memcmp(a, b, size) == 0;
      std::printf("{\"platform\":\"%s\",\"kind\":\"scan\",\"mib\":%zu,\"page\":%u,\"fraction\":%g,\"changed_pages\":%zu,"
                  "\"changed_bytes\":%zu,\"units\":\"%s\",\"sent_bytes\":%zu,\"runs\":%zu,\"tokens\":%zu,\"batch_bytes\":%zu,\"envelope_bytes\":%zu,"
                  "\"full_s\":%.9f,\"marked_s\":%.9f,\"apply_s\":%.9f,"
                  "\"full_s_median\":%.9f,\"marked_s_median\":%.9f,\"apply_s_median\":%.9f,\"identical\":%s}\n",
                  platform.c_str(), mib, page, f, changed_pages, changed, units.c_str(), sent, runs, tokens, batch_bytes, envelope_bytes, fastest(t_full),
                  fastest(t_marked), fastest(t_apply), median(t_full), median(t_marked), median(t_apply),
                  identical ? "true" : "false");
      if (!identical) return 1;
    }
    sender.reset();
    receiver.reset();
    std::free(a);
    std::free(b);
    std::free(dst);
    for (bool whole : {false, true})
      for (double f : {0.01, 0.1})
        if (bench_snapshot(platform, mib, page, reps, f, whole) != 0) return 1;
  }
  return 0;
}
