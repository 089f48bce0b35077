// Malformed snapshots are rejected with an error code and a message, and
// leave the receiver exactly as it was: memory (including the bytes a growth
// would have zeroed), size, clock, skipped count and what a later scan sees.
// Three corpora, as for patches (malformed-corpus.cpp):
//  - named cases, one per rule of docs/sync-snapshot-format.md §6, version 2's
//    units digest and units check included (checksums
//    recomputed so each reaches the rule it breaks);
//  - every truncation and every single-bit flip of a valid snapshot;
//  - every byte of a valid snapshot replaced by other values with the
//    checksum recomputed: accepted (then applying it again changes nothing)
//    or rejected, but never half-applied.
// Natively with ASan and UBSan, and in wasm32.
//
// RUN: %asan-cxx -I%S/Inputs %s %sync-lib-asan -o %t && %t | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
#include "mutations.h"
#include "sync_test.h"

#include "karmem/sync/detail/varint.h"
#include "karmem/sync/detail/xxh3.h"
#include "karmem/sync/patch_format.h"

using namespace karmem::sync;

constexpr uint32_t page = 1024; // shift 10
constexpr size_t region = 4 * page, capacity = 8 * page;

// A receiver: peer 9 that has applied one batch from peer 3 (so it has
// stamps and a clock of its own), with garbage in its capacity beyond the
// region (a growth would zero it).
struct receiver {
  sync_test::aligned_buffer mem{capacity, page};
  std::unique_ptr<tracker> t;
  explicit receiver(const std::vector<uint8_t>& first, options o = {}) {
    for (size_t i = 0; i < capacity; ++i) mem.p[i] = static_cast<uint8_t>(i * 7);
    o.page_size = page;
    o.capacity = capacity;
    t = tracker::create(9, mem.p, region, o);
    SYNC_CHECK(t && t->apply(first) == error::ok, "receiver setup");
  }
  struct state {
    std::vector<uint8_t> bytes;
    size_t size;
    std::vector<clock_entry> clock;
    uint64_t skipped;
    bool operator==(const state&) const = default;
  };
  state now() const {
    return {{mem.p, mem.p + capacity}, t->size(), {t->clock().begin(), t->clock().end()}, t->skipped()};
  }
};

// Magic, version, shift, total length, `fields`, checksum.
static std::vector<uint8_t> with_envelope(const uint8_t (&magic)[4], const std::vector<uint8_t>& fields, uint8_t shift,
                                          uint8_t version) {
  const size_t rest = 6 + fields.size() + 4;
  size_t total = rest + varint::size(rest);
  while (rest + varint::size(total) != total) total = rest + varint::size(total);
  std::vector<uint8_t> b = {magic[0], magic[1], magic[2], magic[3], version, shift};
  varint::append(b, total);
  b.insert(b.end(), fields.begin(), fields.end());
  const uint32_t sum = format::checksum(b.data(), b.size());
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(sum >> (8 * i)));
  return b;
}

static const uint8_t snapshot_magic[4] = {'K', 'S', 'N', 'P'};
static const uint8_t patch_magic[4] = {'K', 'S', 'Y', 'N'};

static std::vector<uint8_t> raw(const std::vector<uint8_t>& fields, uint8_t shift = 10, uint8_t version = 1) {
  return with_envelope(snapshot_magic, fields, shift, version);
}

struct fields {
  std::vector<uint8_t> b;
  fields& v(uint64_t x) {
    varint::append(b, x);
    return *this;
  }
  fields& raw(std::initializer_list<uint8_t> x) {
    b.insert(b.end(), x);
    return *this;
  }
  // Region `pages`, clock {3: 1, 5: 2 (1 uncovered)}.
  static fields clock(uint64_t pages = 4) { return fields{}.v(pages).v(2).v(3).v(1).v(0).v(1).v(2).v(1); }
  // ... and stamps (2, 5), (3, 5).
  static fields header(uint64_t pages = 4) { return clock(pages).v(2).v(2).v(1).v(1).v(1); }
  // Version 2's header: region `pages`, the units digest, then as header().
  static fields header_units(uint64_t digest, uint64_t pages = 4) {
    fields f = fields{}.v(pages);
    for (int i = 0; i < 8; ++i) f.b.push_back(static_cast<uint8_t>(digest >> (8 * i)));
    return f.v(2).v(3).v(1).v(0).v(1).v(2).v(1).v(2).v(2).v(1).v(1).v(1);
  }
};

// The units of the receivers with units: four 8-byte records at 512, away
// from the byte the first batch writes; their digest (patch format §3.2).
static options units_options() {
  options o;
  o.units = unit_policy::records(512, 8, 4);
  return o;
}
static uint64_t units_digest(uint64_t begin, uint64_t size, uint64_t count) {
  uint8_t group[24];
  const uint64_t v[3] = {begin, size, count};
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 8; ++i) group[8 * k + i] = static_cast<uint8_t>(v[k] >> (8 * i));
  return xxh3_64(group, sizeof group);
}

static std::vector<uint8_t> g_first;
static std::vector<uint8_t> g_first_units; // the same batch from a region with units_options()

static void expect_reject(const char* name, const std::vector<uint8_t>& snap, error want, options o = {}) {
  receiver r(o.units.kind == unit_kind::per_run ? g_first : g_first_units, o);
  const auto before = r.now();
  const error got = r.t->apply_snapshot(snap);
  std::printf("%s: %s: %s\n", name, error_name(got), r.t->last_error());
  SYNC_CHECK(got == want, "%s: got %s, want %s", name, error_name(got), error_name(want));
  SYNC_CHECK(r.now() == before, "%s: the receiver changed", name);
  SYNC_CHECK(std::strlen(r.t->last_error()) > 0, "%s: no message", name);
  std::vector<uint8_t> out;
  SYNC_CHECK(r.t->scan(scan_mode::full, out) == error::ok && out.empty(), "%s: a scan sees changes", name);
}

static bool refuse_growth(void*, uint8_t*, size_t, size_t) { return false; }

int main() {
  // The receiver's first batch, from peer 3: one byte on page 0.
  g_first = with_envelope(patch_magic, fields{}.v(3).v(4).v(1).v(3).v(1).v(0 << 2 | 0).v(0 << 5 | 1 << 1).raw({0x33}).b,
                          10, 1);
  {
    fields f = fields{}.v(3).v(4);
    const uint64_t d = units_digest(512, 8, 4);
    for (int i = 0; i < 8; ++i) f.b.push_back(static_cast<uint8_t>(d >> (8 * i)));
    g_first_units = with_envelope(patch_magic, f.v(1).v(3).v(1).v(0 << 2 | 0).v(0 << 5 | 1 << 1).raw({0x33}).b, 10, 2);
  }

  // A valid snapshot: growth to 6 pages, page 1 with two touching spans of
  // different stamps, page 5 with one.
  const std::vector<uint8_t> valid = raw(fields::header(6)
                                             .v(1).v(1)                           // page 1, 2 spans
                                             .v(10).v(1).v(0).raw({0xAA, 0xBB})   // [10, 12) stamp 0
                                             .v(0).v(0).v(1).raw({0xCC})          // [12, 13) stamp 1
                                             .v(3).v(0)                           // page 5, 1 span
                                             .v(0).v(0).v(1).raw({0xDD})          // [0, 1) stamp 1
                                             .b);
  {
    receiver r(g_first);
    SYNC_CHECK(r.t->apply_snapshot(valid) == error::ok, "the valid snapshot: %s", r.t->last_error());
    SYNC_CHECK(r.mem.p[0] == 0x33 && r.mem.p[page + 10] == 0xAA && r.mem.p[page + 11] == 0xBB &&
                   r.mem.p[page + 12] == 0xCC && r.mem.p[page + 13] == static_cast<uint8_t>((page + 13) * 7) &&
                   r.mem.p[5 * page] == 0xDD && r.mem.p[5 * page + 1] == 0 && r.t->size() == 6 * page,
               "the valid snapshot applied wrongly");
    auto c = r.t->clock();
    SYNC_CHECK(c.size() == 2 && c[0] == (clock_entry{3, 1}) && c[1] == (clock_entry{5, 2}), "clock");
    std::printf("valid: ok\n");
  }
  // CHECK: valid: ok

  // CHECK: empty: truncated: truncated at snapshot byte 0
  expect_reject("empty", {}, error::truncated);
  // CHECK: magic-only: truncated
  expect_reject("magic-only", {'K', 'S', 'N'}, error::truncated);
  // CHECK: bad-magic: bad_magic: {{.*}}a snapshot starts with "KSNP"
  expect_reject("bad-magic", {'K', 'S', 'N', 'X', 1, 10, 11, 0, 0, 0, 0}, error::bad_magic);
  // CHECK: a-patch: bad_magic: {{.*}}this is a patch
  expect_reject("a-patch", g_first, error::bad_magic);
  // CHECK: version-3: unsupported_version: {{.*}}snapshot version 3; this runtime reads versions 1 and 2
  expect_reject("version-3", raw(fields::header().b, 10, 3), error::unsupported_version);
  // CHECK: version-0: unsupported_version
  expect_reject("version-0", raw(fields::header().b, 10, 0), error::unsupported_version);
  auto cut = valid;
  cut.pop_back();
  // CHECK: cut-short: truncated: {{.*}}header says
  expect_reject("cut-short", cut, error::truncated);
  auto longer = valid;
  longer.push_back(0);
  // CHECK: trailing-byte: malformed: {{.*}}1 bytes follow the end
  expect_reject("trailing-byte", longer, error::malformed);
  auto flipped = valid;
  flipped[20] ^= 0x10;
  // CHECK: bit-flip: checksum_mismatch
  expect_reject("bit-flip", flipped, error::checksum_mismatch);
  // CHECK: page-shift-9: out_of_range: {{.*}}page shift 9
  expect_reject("page-shift-9", raw(fields::header().b, 9), error::out_of_range);
  // CHECK: page-shift-17: out_of_range
  expect_reject("page-shift-17", raw(fields::header().b, 17), error::out_of_range);
  // CHECK: page-shift-11: page_size_mismatch: page_size_mismatch: the snapshot's pages are 2048 bytes, ours 1024
  expect_reject("page-shift-11", raw(fields::header().b, 11), error::page_size_mismatch);
  // CHECK: region-0: out_of_range: {{.*}}a region of 0 pages
  expect_reject("region-0", raw(fields::header(0).b), error::out_of_range);
  // CHECK: region-past-4GiB: out_of_range: {{.*}}exceeds 4 GiB
  expect_reject("region-past-4GiB", raw(fields::header((1ull << 22) + 1).b), error::out_of_range);
  // CHECK: region-past-capacity: region_too_large: region_too_large: the snapshot's region is 9216 bytes, our capacity 8192
  expect_reject("region-past-capacity", raw(fields::header(9).b), error::region_too_large);
  // CHECK: overlong-region: malformed: {{.*}}shortest-form
  expect_reject("overlong-region", raw(fields{}.raw({0x84, 0x00}).v(0).v(0).b), error::malformed);
  // CHECK: clock-4097-entries: out_of_range: {{.*}}4097 clock entries
  expect_reject("clock-4097-entries", raw(fields{}.v(4).v(4097).b), error::out_of_range);
  // CHECK: clock-count-past-end: truncated
  expect_reject("clock-count-past-end", raw(fields{}.v(4).v(100).v(5).v(1).v(0).v(0).b), error::truncated);
  // CHECK: clock-counter-0: malformed: {{.*}}counter 0
  expect_reject("clock-counter-0", raw(fields{}.v(4).v(1).v(5).v(0).v(0).v(0).b), error::malformed);
  // CHECK: clock-counter-2^48: out_of_range
  expect_reject("clock-counter-2^48", raw(fields{}.v(4).v(1).v(5).v(1ull << 48).v(0).v(0).b), error::out_of_range);
  // CHECK: uncovered-past-counter: out_of_range: {{.*}}3 uncovered batches of 2
  expect_reject("uncovered-past-counter", raw(fields{}.v(4).v(1).v(5).v(2).v(3).v(0).b), error::out_of_range);
  // Peers are increasing by construction (each is the previous + 1 + a
  // varint); the order can only break by passing 2^32 - 1.
  // CHECK: clock-peer-past-2^32: out_of_range: {{.*}}above 2^32-1
  expect_reject("clock-peer-past-2^32", raw(fields{}.v(4).v(2).v(5).v(1).v(0).v(0xFFFFFFFFull).v(1).v(0).v(0).b),
                error::out_of_range);
  {
    fields many = fields{}.v(4).v(4096);
    for (int i = 0; i < 4096; ++i) many.v(i == 0 ? 100 : 0).v(1).v(0);
    // CHECK: merged-clock-4097: out_of_range: out_of_range: the merged clock would have 4097 peers
    expect_reject("merged-clock-4097", raw(many.v(0).b), error::out_of_range);
  }
  // CHECK: stamps-past-region: out_of_range: {{.*}}4097 stamps in a region of 4096 bytes
  expect_reject("stamps-past-region", raw(fields::clock().v(4097).b), error::out_of_range);
  // CHECK: stamps-past-end: truncated: {{.*}}3 stamps need at least 6 bytes
  expect_reject("stamps-past-end", raw(fields::clock().v(3).v(1).v(1).b), error::truncated);
  // CHECK: stamp-time-0: malformed: {{.*}}time 0
  expect_reject("stamp-time-0", raw(fields::clock().v(1).v(0).v(0).b), error::malformed);
  // CHECK: stamp-from-the-future: out_of_range: {{.*}}newer than the snapshot's clock (time 3)
  expect_reject("stamp-from-the-future", raw(fields::clock().v(1).v(4).v(0).b), error::out_of_range);
  // CHECK: stamp-future-by-sum: out_of_range
  expect_reject("stamp-future-by-sum", raw(fields::clock().v(2).v(2).v(1).v(2).v(1).b), error::out_of_range);
  // CHECK: stamp-clock-index: out_of_range: {{.*}}names clock entry 2 of 2
  expect_reject("stamp-clock-index", raw(fields::clock().v(1).v(1).v(2).b), error::out_of_range);
  // CHECK: stamps-repeated: malformed: {{.*}}not after the stamp before it
  expect_reject("stamps-repeated", raw(fields::clock().v(2).v(1).v(1).v(0).v(1).b), error::malformed);
  // CHECK: stamps-unsorted: malformed: {{.*}}not after the stamp before it
  expect_reject("stamps-unsorted", raw(fields::clock().v(2).v(1).v(1).v(0).v(0).b), error::malformed);
  // CHECK: page-outside-region: out_of_range: {{.*}}past the snapshot's region of 4 pages
  expect_reject("page-outside-region", raw(fields::header().v(4).v(0).v(0).v(0).v(0).raw({1}).b), error::out_of_range);
  // CHECK: second-page-outside: out_of_range
  expect_reject("second-page-outside",
                raw(fields::header().v(0).v(0).v(0).v(0).v(0).raw({1}).v(3).v(0).v(0).v(0).v(0).raw({1}).b),
                error::out_of_range);
  // CHECK: spans-past-page: out_of_range: {{.*}}claims 1025 spans
  expect_reject("spans-past-page", raw(fields::header().v(0).v(1024).b), error::out_of_range);
  // CHECK: spans-past-end: truncated: {{.*}}3 spans need at least 12 bytes
  expect_reject("spans-past-end", raw(fields::header().v(0).v(2).v(0).v(0).v(0).raw({1}).b), error::truncated);
  // CHECK: span-past-page: out_of_range: {{.*}}ends past the page's 1024 bytes
  expect_reject("span-past-page", raw(fields::header().v(0).v(0).v(1020).v(4).v(0).raw({1, 2, 3, 4, 5}).b),
                error::out_of_range);
  // CHECK: span-longer-than-page: out_of_range
  expect_reject("span-longer-than-page", raw(fields::header().v(0).v(0).v(0).v(5000).v(0).b), error::out_of_range);
  // CHECK: span-stamp-index: out_of_range: {{.*}}names stamp 2 of 2
  expect_reject("span-stamp-index", raw(fields::header().v(0).v(0).v(0).v(0).v(2).raw({1}).b), error::out_of_range);
  // CHECK: spans-touching-same-stamp: malformed: {{.*}}touches a span with the same stamp
  expect_reject("spans-touching-same-stamp",
                raw(fields::header().v(0).v(1).v(0).v(0).v(1).raw({1}).v(0).v(0).v(1).raw({2}).b), error::malformed);
  // CHECK: span-data-short: truncated: {{.*}}needs 9 bytes
  expect_reject("span-data-short", raw(fields::header().v(0).v(0).v(0).v(8).v(0).raw({1, 2, 3}).b), error::truncated);
  // CHECK: overlong-span: malformed
  expect_reject("overlong-span", raw(fields::header().v(0).v(0).raw({0x80, 0x00}).v(0).v(0).raw({1}).b),
                error::malformed);
  // CHECK: good-page-then-bad: out_of_range
  expect_reject("good-page-then-bad",
                raw(fields::header(6).v(0).v(0).v(0).v(0).v(0).raw({0x44}).v(0).v(0).v(1023).v(1).v(0).raw({1, 2}).b),
                error::out_of_range);
  // Version 2 (§6 step 9: the digest's 8 bytes; step 10a: the units).
  const uint64_t digest = units_digest(512, 8, 4);
  // CHECK: v2-digest-cut: truncated: {{.*}}the units digest needs 8 bytes
  expect_reject("v2-digest-cut", raw(fields{}.v(4).raw({1, 2, 3}).b, 10, 2), error::truncated);
  // CHECK: v2-to-per-run: unit_mismatch: unit_mismatch: the snapshot's region has atomic units
  expect_reject("v2-to-per-run", raw(fields::header_units(digest).b, 10, 2), error::unit_mismatch);
  // CHECK: v2-other-units: unit_mismatch: unit_mismatch: the snapshot's units (digest {{[0-9a-f]+}}) differ from ours
  expect_reject("v2-other-units", raw(fields::header_units(units_digest(512, 8, 3)).b, 10, 2), error::unit_mismatch,
                units_options());
  // CHECK: v1-to-units: unit_mismatch: {{.*}}merges per run (version 1); this region has atomic units
  expect_reject("v1-to-units", raw(fields::header().b), error::unit_mismatch, units_options());
  // CHECK: v2-page-shift-11: page_size_mismatch
  expect_reject("v2-page-shift-11", raw(fields::header_units(digest).b, 11, 2), error::page_size_mismatch,
                units_options());
  const std::vector<uint8_t> valid_units = raw(fields::header_units(digest, 6)
                                                   .v(1).v(0).v(10).v(1).v(0).raw({0xAA, 0xBB}) // page 1 [10, 12)
                                                   .b,
                                               10, 2);
  {
    receiver r(g_first_units, units_options());
    SYNC_CHECK(r.t->apply_snapshot(valid_units) == error::ok && r.mem.p[page + 10] == 0xAA && r.t->size() == 6 * page,
               "the valid version-2 snapshot: %s", r.t->last_error());
    std::printf("valid v2: ok\n");
  }
  // CHECK: valid v2: ok
  // Every truncation and bit flip of it, to a receiver with those units.
  for (size_t len = 0; len < valid_units.size(); ++len)
    expect_reject("truncation v2", {valid_units.begin(), valid_units.begin() + len}, error::truncated, units_options());
  for (size_t bit = 0; bit < valid_units.size() * 8; ++bit) {
    auto b = valid_units;
    b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    receiver r(g_first_units, units_options());
    const auto before = r.now();
    SYNC_CHECK(r.t->apply_snapshot(b) != error::ok && r.now() == before, "v2 bit flip %zu accepted or half-applied",
               bit);
  }

  options refuse;
  refuse.on_grow = refuse_growth;
  // CHECK: growth-refused: grow_failed
  expect_reject("growth-refused", valid, error::grow_failed, refuse);

  // Every truncation and every bit flip of the valid snapshot; every byte
  // replaced, checksum recomputed (bytes 0-5 are covered by the flips).
  size_t accepted = 0, rejected = 0;
  const size_t n = sync_test::for_each_mutation(
      valid, 23, [&](const std::vector<uint8_t>& b) { expect_reject("truncation", b, error::truncated); },
      [&](const std::vector<uint8_t>& b, size_t bit) {
        receiver r(g_first);
        const auto before = r.now();
        SYNC_CHECK(r.t->apply_snapshot(b) != error::ok && r.now() == before, "bit flip %zu accepted or half-applied", bit);
      },
      [&](const std::vector<uint8_t>& b, size_t at, uint8_t v) {
        receiver r(g_first);
        const auto before = r.now();
        const error e = r.t->apply_snapshot(b);
        if (e == error::ok) {
        ++accepted;
        const auto after = r.now();
        SYNC_CHECK(r.t->apply_snapshot(b) == error::ok && r.now() == after, "byte %zu = %02x: not idempotent", at, v);
        } else {
          ++rejected;
          SYNC_CHECK(r.now() == before, "byte %zu = %02x: rejected (%s) but changed the receiver", at, v,
                     r.t->last_error());
          SYNC_CHECK(std::strlen(r.t->last_error()) > 0, "no message");
        }
      });
  std::printf("mutations: %zu cases, %zu rewritten accepted, %zu rewritten rejected unchanged\n", n, accepted, rejected);
  // CHECK: mutations: {{[0-9]+}} cases, {{[1-9][0-9]*}} rewritten accepted, {{[1-9][0-9]*}} rewritten rejected unchanged
}
