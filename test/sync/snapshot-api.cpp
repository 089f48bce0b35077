// tracker::snapshot / apply_snapshot, step by step: the worked example of
// docs/sync-snapshot-format.md §8 byte for byte, and its version 2 (§8.1,
// units) with the unit_mismatch refusals; merge_stamped_spans against
// a per-byte model; a pristine region's snapshot; a joiner with state of its
// own keeps the bytes whose stamps are newer; local writes not yet scanned
// are not in a snapshot; growth; a receiver too small; the longest snapshot
// a region can produce is within max_snapshot_bytes.
//
// RUN: %sync-cxx-native -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
#include "sync_test.h"

#include "karmem/sync/detail/xxh3.h"
#include "karmem/sync/patch_format.h"
#include "karmem/sync/snapshot_format.h"
#include "karmem/sync/snapshot_merge.h"

using namespace karmem::sync;
using sync_test::aligned_buffer;
using sync_test::make_tracker;

static std::vector<uint8_t> scan(tracker& t) {
  std::vector<uint8_t> b;
  SYNC_CHECK(t.scan(scan_mode::full, b) == error::ok, "scan: %s", t.last_error());
  return b;
}

static std::vector<uint8_t> snapshot_of(const tracker& t) {
  std::vector<uint8_t> s;
  SYNC_CHECK(t.snapshot(s) == error::ok, "snapshot");
  return s;
}

static bool same(const tracker& a, const tracker& b) {
  auto x = a.clock(), y = b.clock();
  return a.size() == b.size() && std::memcmp(a.base(), b.base(), a.size()) == 0 &&
         std::equal(x.begin(), x.end(), y.begin(), y.end());
}

// The worked example: peer 3 writes a5 at page 2, peer 7 applies it and
// writes "hi" at offset 5 of page 3; peer 7's snapshot.
static void worked_example() {
  const uint32_t page = 8192;
  aligned_buffer m3(4 * page, page), m7(4 * page, page);
  auto p3 = make_tracker(3, m3.p, 4 * page, page), p7 = make_tracker(7, m7.p, 4 * page, page);
  m3.p[2 * page] = 0xa5;
  SYNC_CHECK(p7->apply(scan(*p3)) == error::ok, "apply");
  std::memcpy(m7.p + 3 * page + 5, "hi", 2);
  scan(*p7);
  const std::vector<uint8_t> s = snapshot_of(*p7);
  const std::vector<uint8_t> want = {
      0x4b, 0x53, 0x4e, 0x50, 0x01, 0x0d, 0x25,      // "KSNP", version 1, shift 13, total 37
      0x04,                                          // region: 4 pages
      0x02, 0x03, 0x01, 0x00, 0x03, 0x01, 0x00,      // clock: {3: 1, 7: 1}, all covered
      0x02, 0x01, 0x00, 0x01, 0x01,                  // stamps: (1, peer 3), (2, peer 7)
      0x02, 0x00, 0x00, 0x00, 0x00, 0xa5,            // page 2: 1 span [0, 1), stamp 0
      0x00, 0x00, 0x05, 0x01, 0x01, 0x68, 0x69,      // page 3: 1 span [5, 7), stamp 1
      0x44, 0x31, 0x52, 0xf9,                        // checksum 0xf9523144
  };
  std::printf("worked example:");
  for (uint8_t b : s) std::printf(" %02x", b);
  std::printf("\n");
  SYNC_CHECK(s == want, "bytes differ");
  const uint32_t sum = format::checksum(s.data(), s.size() - 4);
  SYNC_CHECK(s[s.size() - 4] == (sum & 0xff) && s[s.size() - 1] == (sum >> 24), "checksum");
  // A fresh peer 9 from the same (zero) start catches up.
  aligned_buffer m9(4 * page, page);
  auto p9 = make_tracker(9, m9.p, 4 * page, page);
  SYNC_CHECK(p9->apply_snapshot(s) == error::ok && same(*p7, *p9), "joiner: %s", p9->last_error());
}

// The worked example of §8.1: the same writes in a region whose one unit is
// "hi"'s two bytes, records(3 * 8192 + 5, 2, 1), on both peers: version 2,
// the units digest after the region size. Then the units checks of §6 step
// 10a: a receiver with other units, or none, or a per-run snapshot given to
// a region with units, is unit_mismatch and nothing changes.
static void worked_example_units() {
  const uint32_t page = 8192;
  const unit_policy hi_unit = unit_policy::records(3 * page + 5, 2, 1);
  auto with_units = [&](uint32_t peer, uint8_t* base, const unit_policy& u) {
    options o;
    o.page_size = page;
    o.units = u;
    std::string why;
    auto t = tracker::create(peer, base, 4 * page, o, nullptr, &why);
    SYNC_CHECK(t != nullptr, "create: %s", why.c_str());
    return t;
  };
  aligned_buffer m3(4 * page, page), m7(4 * page, page);
  auto p3 = with_units(3, m3.p, hi_unit), p7 = with_units(7, m7.p, hi_unit);
  m3.p[2 * page] = 0xa5;
  SYNC_CHECK(p7->apply(scan(*p3)) == error::ok, "apply: %s", p7->last_error());
  std::memcpy(m7.p + 3 * page + 5, "hi", 2);
  scan(*p7);
  const std::vector<uint8_t> s = snapshot_of(*p7);
  std::printf("worked example, units:");
  for (uint8_t b : s) std::printf(" %02x", b);
  std::printf("\n");
  SYNC_CHECK(s.size() == 45 && s[4] == snapshot_format::version_units, "version 2, 8 bytes longer");
  // The digest is the patch format's (§3.2): XXH3-64 of the group (24581, 2, 1).
  const uint64_t group[3] = {3 * page + 5, 2, 1}; // u64le on every target this runs on
  const uint64_t digest = karmem::sync::xxh3_64(reinterpret_cast<const uint8_t*>(group), sizeof group);
  uint64_t stored = 0;
  for (int i = 0; i < 8; ++i) stored |= uint64_t{s[8 + i]} << (8 * i);
  SYNC_CHECK(stored == digest, "digest %016llx, want %016llx", (unsigned long long)stored, (unsigned long long)digest);
  // The same body as version 1 from the clock on.
  aligned_buffer q3(4 * page, page), q7(4 * page, page);
  auto r3 = make_tracker(3, q3.p, 4 * page, page), r7 = make_tracker(7, q7.p, 4 * page, page);
  q3.p[2 * page] = 0xa5;
  SYNC_CHECK(r7->apply(scan(*r3)) == error::ok, "apply v1");
  std::memcpy(q7.p + 3 * page + 5, "hi", 2);
  scan(*r7);
  const std::vector<uint8_t> v1 = snapshot_of(*r7);
  SYNC_CHECK(std::equal(v1.begin() + 8, v1.end() - 4, s.begin() + 16, s.end() - 4), "body differs from version 1");

  aligned_buffer m9(4 * page, page);
  auto same_units = with_units(9, m9.p, hi_unit);
  SYNC_CHECK(same_units->apply_snapshot(s) == error::ok && same(*p7, *same_units), "same units: %s",
             same_units->last_error());
  // Each refusal leaves the receiver as it was: its bytes (zero), size, clock.
  auto refused = [&](const char* what, tracker& t, const std::vector<uint8_t>& snap) {
    const error got = t.apply_snapshot(snap);
    bool untouched = t.clock().empty() && t.size() == 4 * page;
    for (size_t i = 0; i < 4 * page; ++i) untouched = untouched && t.base()[i] == 0;
    std::printf("%s: %s: %s (%s)\n", what, error_name(got), t.last_error(), untouched ? "unchanged" : "CHANGED");
    SYNC_CHECK(got == error::unit_mismatch && untouched, "%s", what);
  };
  aligned_buffer ma(4 * page, page), mb(4 * page, page), mc(4 * page, page);
  auto other = with_units(10, ma.p, unit_policy::records(3 * page + 4, 3, 1));
  auto per_run = make_tracker(11, mb.p, 4 * page, page);
  auto units_receiver = with_units(12, mc.p, hi_unit);
  refused("other units", *other, s);
  refused("per-run receiver", *per_run, s);
  refused("per-run snapshot", *units_receiver, v1);
}

// merge_stamped_spans against a per-byte model, on random span lists.
static void merge_model() {
  sync_test::rng r(5);
  const uint32_t n = 64;
  auto random_spans = [&](std::vector<stamp>& bytes) {
    std::vector<stamped_span> spans;
    bytes.assign(n, stamp{});
    for (uint32_t pos = r.below(4); pos < n;) {
      const uint32_t len = 1 + static_cast<uint32_t>(r.below(8));
      const uint32_t end = std::min(n, pos + len);
      const stamp s{1 + r.below(5), static_cast<uint32_t>(r.below(3))};
      if (!spans.empty() && spans.back().end == pos && spans.back().s == s)
        spans.back().end = end;
      else
        spans.push_back({pos, end, s});
      for (uint32_t i = pos; i < end; ++i) bytes[i] = s;
      pos = end + (r.chance(50) ? 0 : static_cast<uint32_t>(r.below(5)));
    }
    return spans;
  };
  for (int round = 0; round < 5000; ++round) {
    std::vector<stamp> ob, tb;
    const auto ours = random_spans(ob), theirs = random_spans(tb);
    std::vector<stamped_span> out;
    std::vector<int> won(n, 0);
    merge_stamped_spans(ours, theirs, out, [&](size_t j, uint32_t off, uint32_t len) {
      for (uint32_t i = off; i < off + len; ++i) {
        SYNC_CHECK(i >= theirs[j].begin && i < theirs[j].end, "win outside its span");
        ++won[i];
      }
    });
    SYNC_CHECK(out.size() == merged_span_count(ours, theirs), "count");
    std::vector<stamp> got(n, stamp{});
    for (size_t k = 0; k < out.size(); ++k) {
      SYNC_CHECK(out[k].begin < out[k].end && (k == 0 || out[k - 1].end <= out[k].begin), "unsorted");
      SYNC_CHECK(k == 0 || out[k - 1].end != out[k].begin || !(out[k - 1].s == out[k].s), "not merged");
      for (uint32_t i = out[k].begin; i < out[k].end; ++i) got[i] = out[k].s;
    }
    for (uint32_t i = 0; i < n; ++i) {
      const stamp want = std::max(ob[i], tb[i]);
      SYNC_CHECK(got[i] == want, "round %d byte %u", round, i);
      SYNC_CHECK(won[i] == (ob[i] < tb[i] ? 1 : 0), "round %d byte %u won %d", round, i, won[i]);
    }
  }
  std::printf("merge: 5000 random pairs match the per-byte model\n");
}

int main() {
  worked_example();
  // CHECK: worked example: 4b 53 4e 50 01 0d 25 04 02 03 01 00 03 01 00 02 01 00 01 01 02 00 00 00 00 a5 00 00 05 01 01 68 69 44 31 52 f9
  worked_example_units();
  // CHECK: worked example, units: 4b 53 4e 50 02 0d 2d 04 f8 7d 82 c2 c9 9c de 7d 02 03 01 00 03 01 00 02 01 00 01 01 02 00 00 00 00 a5 00 00 05 01 01 68 69 2f 88 b1 1b
  // CHECK: other units: unit_mismatch: unit_mismatch: the snapshot's units (digest {{[0-9a-f]+}}) differ from ours ({{[0-9a-f]+}}) (unchanged)
  // CHECK: per-run receiver: unit_mismatch: unit_mismatch: the snapshot's region has atomic units (digest {{[0-9a-f]+}}); this one merges per run (unchanged)
  // CHECK: per-run snapshot: unit_mismatch: unit_mismatch: the snapshot is of a region that merges per run (version 1); this region has atomic units (unchanged)
  merge_model();
  // CHECK: merge: 5000 random pairs match the per-byte model

  const uint32_t page = 4096;
  aligned_buffer a(16 * page, page), b(16 * page, page), c(16 * page, page);
  for (size_t i = 0; i < 4 * page; ++i) a.p[i] = b.p[i] = c.p[i] = static_cast<uint8_t>(i * 31);
  auto ta = make_tracker(1, a.p, 4 * page, page, 16 * page);
  auto tb = make_tracker(2, b.p, 4 * page, page, 16 * page);
  auto tc = make_tracker(3, c.p, 4 * page, page, 16 * page);

  // A pristine region: no stamps, no clock; applying it changes nothing.
  {
    const auto s = snapshot_of(*ta);
    std::printf("pristine: %zu bytes\n", s.size());
    SYNC_CHECK(tc->apply_snapshot(s) == error::ok && tc->clock().empty() && tc->size() == 4 * page, "pristine");
  }
  // CHECK: pristine: 14 bytes

  // A writes and grows; B writes the same bytes later (B wins there).
  std::memcpy(a.p + 100, "from A, first", 13);
  SYNC_CHECK(ta->resize(6 * page) == error::ok, "resize");
  std::memcpy(a.p + 5 * page + 1, "grown", 5);
  const auto a1 = scan(*ta);
  SYNC_CHECK(tb->apply(a1) == error::ok, "b applies a1");
  std::memcpy(b.p + 100, "B", 1);
  const auto b1 = scan(*tb);
  SYNC_CHECK(ta->apply(b1) == error::ok, "a applies b1");
  // C has state of its own, concurrent with both: a write on the same bytes
  // with stamp (1, peer 3), which beats A's (1, peer 1) and loses to B's
  // (2, peer 2), and a write elsewhere.
  std::memcpy(c.p + 100, "CC", 2);
  std::memcpy(c.p + 3 * page, "own", 3);
  const auto c1 = scan(*tc);
  // Unscanned local writes are not in a snapshot.
  std::memcpy(b.p + 2 * page, "unscanned", 9);
  const auto snap_b = snapshot_of(*tb);
  SYNC_CHECK(tc->apply_snapshot(snap_b) == error::ok, "c applies B's snapshot: %s", tc->last_error());
  // The oracle: what applying a1 and b1 to C would give.
  aligned_buffer d(16 * page, page);
  for (size_t i = 0; i < 4 * page; ++i) d.p[i] = static_cast<uint8_t>(i * 31);
  auto td = make_tracker(3, d.p, 4 * page, page, 16 * page);
  std::memcpy(d.p + 100, "CC", 2);
  std::memcpy(d.p + 3 * page, "own", 3);
  scan(*td);
  SYNC_CHECK(td->apply(a1) == error::ok && td->apply(b1) == error::ok, "oracle");
  std::printf("own state: %s; byte 100 '%c', 101 '%c', own '%.3s', grown '%.5s', unscanned %s\n",
              same(*tc, *td) ? "as if every batch was applied" : "DIFFERENT", c.p[100], c.p[101], c.p + 3 * page,
              c.p + 5 * page + 1, std::memcmp(c.p + 2 * page, "unscanned", 9) == 0 ? "leaked" : "not included");
  // CHECK: own state: as if every batch was applied; byte 100 'B', 101 'C', own 'own', grown 'grown', unscanned not included
  SYNC_CHECK(same(*tc, *td), "C differs from the oracle");
  SYNC_CHECK(tc->apply(a1) == error::ok && tc->apply(b1) == error::ok && tc->skipped() == 2 && same(*tc, *td),
             "the covered batches are skipped");
  SYNC_CHECK(ta->apply(c1) == error::ok && tb->apply(c1) == error::ok && ta->skipped() == 0, "c1 reaches A and B");

  // A receiver whose capacity is below the snapshot's region.
  {
    aligned_buffer e(4 * page, page);
    auto te = make_tracker(5, e.p, 4 * page, page);
    const error got = te->apply_snapshot(snap_b);
    std::printf("too small: %s: %s\n", error_name(got), te->last_error());
    // CHECK: too small: region_too_large: region_too_large: the snapshot's region is 24576 bytes, our capacity 16384
  }
  // A snapshot is refused as a patch, and a patch as a snapshot.
  {
    const error as_patch = tc->apply(snap_b), as_snapshot = tc->apply_snapshot(a1);
    std::printf("crossed: %s, %s\n", error_name(as_patch), error_name(as_snapshot));
    // CHECK: crossed: bad_magic, bad_magic
  }

  // The longest snapshot a region makes: every byte written by its own
  // batch, alternating peers, so every byte is a span with its own stamp.
  {
    const uint32_t small = 1024;
    aligned_buffer x(2 * small, small), y(2 * small, small);
    auto tx = make_tracker(1, x.p, 2 * small, small), ty = make_tracker(70000, y.p, 2 * small, small);
    for (uint32_t i = 0; i < 2 * small; ++i) {
      tracker& w = i % 2 ? *ty : *tx;
      tracker& o = i % 2 ? *tx : *ty;
      w.base()[i] = static_cast<uint8_t>(i | 1);
      SYNC_CHECK(o.apply(scan(w)) == error::ok, "exchange");
    }
    const auto s = snapshot_of(*tx);
    std::printf("every byte its own stamp: %zu bytes, limit %llu\n", s.size(),
                static_cast<unsigned long long>(tx->max_snapshot_bytes()));
    SYNC_CHECK(s.size() <= tx->max_snapshot_bytes(), "past max_snapshot_bytes");
    aligned_buffer z(2 * small, small);
    auto tz = make_tracker(5, z.p, 2 * small, small);
    SYNC_CHECK(tz->apply_snapshot(s) == error::ok && same(*tx, *tz), "worst case applies: %s", tz->last_error());
    // CHECK: every byte its own stamp: {{[0-9]+}} bytes, limit {{[0-9]+}}
  }
  return 0;
}
