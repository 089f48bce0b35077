// Malformed patches are rejected with an error code and a message, and leave
// the receiver exactly as it was: memory (including the bytes a growth would
// have zeroed), size, clock, and the state a later scan sees. Three corpora:
//  - named cases, one per rule of docs/sync-patch-format.md §6 (checksums
//    recomputed so each reaches the rule it breaks);
//  - every truncation and every single-bit flip of a valid batch;
//  - every byte of a valid batch replaced by other values with the checksum
//    recomputed: accepted or rejected, but never half-applied.
// Natively with ASan and UBSan, and in wasm32.
//
// RUN: %asan-cxx -I%S/Inputs %s %sync-lib-asan -o %t && %t | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
#include "mutations.h"
#include "sync_test.h"

#include "karmem/sync/detail/varint.h"
#include "karmem/sync/patch_format.h"

using namespace karmem::sync;

constexpr uint32_t page = 1024; // shift 10
constexpr size_t region = 4 * page, capacity = 8 * page;

// A receiver: peer 9 that has applied one batch from peer 3, with garbage in
// its capacity beyond the region (a growth would zero it).
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
    bool operator==(const state&) const = default;
  };
  state snapshot() const { return {{mem.p, mem.p + capacity}, t->size(), {t->clock().begin(), t->clock().end()}}; }
};

// Raw batch bytes: magic, version, shift, total length, `fields`, checksum.
static std::vector<uint8_t> raw(const std::vector<uint8_t>& fields, uint8_t shift = 10, uint8_t version = 1) {
  const size_t rest = 6 + fields.size() + 4;
  size_t total = rest + varint::size(rest);
  while (rest + varint::size(total) != total) total = rest + varint::size(total);
  std::vector<uint8_t> b = {'K', 'S', 'Y', 'N', version, shift};
  varint::append(b, total);
  b.insert(b.end(), fields.begin(), fields.end());
  const uint32_t sum = format::checksum(b.data(), b.size());
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<uint8_t>(sum >> (8 * i)));
  return b;
}

// Varint helper for building fields.
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
  // sender 5, region `pages`, clock {3: 1, 5: 1}
  static fields header(uint64_t pages = 4) { return fields{}.v(5).v(pages).v(2).v(3).v(1).v(1).v(1); }
};

static std::vector<uint8_t> g_first;

static void expect_reject(const char* name, const std::vector<uint8_t>& batch, error want, options o = {}) {
  receiver r(g_first, o);
  const auto before = r.snapshot();
  const error got = r.t->apply(batch);
  std::printf("%s: %s: %s\n", name, error_name(got), r.t->last_error());
  SYNC_CHECK(got == want, "%s: got %s, want %s", name, error_name(got), error_name(want));
  SYNC_CHECK(r.snapshot() == before, "%s: the receiver changed", name);
  std::vector<uint8_t> out;
  SYNC_CHECK(r.t->scan(scan_mode::full, out) == error::ok && out.empty(), "%s: a scan sees changes", name);
}

static bool refuse_growth(void*, uint8_t*, size_t, size_t) { return false; }

int main() {
  // The receiver's first batch, from peer 3: one byte on page 0.
  g_first = raw(fields{}.v(3).v(4).v(1).v(3).v(1).v(0 << 2 | 0).v(0 << 5 | 1 << 1).raw({0x33}).b);

  // A valid batch from peer 5 to start from: two pages, a plain run, a
  // masked run, growth to 6 pages.
  const std::vector<uint8_t> valid = raw(fields::header(6)
                                             .v(1 << 2 | 1)             // page 1, 2 runs
                                             .v(10 << 5 | 2 << 1).raw({0xAA, 0xBB}) // 2 bytes at 10
                                             .v(5 << 5 | 4 << 1 | 1).raw({0x09}).raw({0xC1, 0xC2}) // mask 1001
                                             .v(3 << 2 | 0)             // page 5
                                             .v(0 << 5 | 1 << 1).raw({0xDD})
                                             .b);
  {
    receiver r(g_first);
    SYNC_CHECK(r.t->apply(valid) == error::ok, "the valid batch: %s", r.t->last_error());
    SYNC_CHECK(r.mem.p[page + 10] == 0xAA && r.mem.p[page + 17] == 0xC1 && r.mem.p[page + 18] == static_cast<uint8_t>((page + 18) * 7) &&
                   r.mem.p[page + 20] == 0xC2 && r.mem.p[5 * page] == 0xDD && r.t->size() == 6 * page &&
                   r.mem.p[5 * page + 1] == 0,
               "the valid batch applied wrongly");
    std::printf("valid: ok\n");
  }
  // CHECK: valid: ok

  // CHECK: empty: truncated: truncated at byte 0
  expect_reject("empty", {}, error::truncated);
  // CHECK: magic-only: truncated
  expect_reject("magic-only", {'K', 'S', 'Y'}, error::truncated);
  // CHECK: bad-magic: bad_magic
  expect_reject("bad-magic", {'K', 'S', 'Y', 'M', 1, 10, 11, 0, 0, 0, 0}, error::bad_magic);
  // CHECK: json: bad_magic
  expect_reject("json", {'{', '"', 'a', '"', '}'}, error::bad_magic);
  // CHECK: version-3: unsupported_version: unsupported_version at byte 4: version 3; this runtime reads versions 1 and 2
  expect_reject("version-3", raw(fields::header().b, 10, 3), error::unsupported_version);
  // Version 2 (a region with units): the 8-byte units digest follows the region size.
  // CHECK: v2-digest-cut: truncated: truncated at byte 9: the units digest needs 8 bytes
  expect_reject("v2-digest-cut", raw(fields{}.v(5).v(4).raw({1, 2, 3}).b, 10, 2), error::truncated);
  // CHECK: v2-to-per-run: unit_mismatch: unit_mismatch: the sender's region has atomic units (digest 0807060504030201); this one merges per run
  expect_reject("v2-to-per-run",
                raw(fields{}.v(5).v(4).raw({1, 2, 3, 4, 5, 6, 7, 8}).v(2).v(3).v(1).v(1).v(1).v(0).v(1 << 1).raw({7}).b, 10, 2),
                error::unit_mismatch);
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
  // CHECK: page-shift-11: page_size_mismatch
  expect_reject("page-shift-11", raw(fields::header().b, 11), error::page_size_mismatch);
  // CHECK: sender-33-bits: out_of_range: {{.*}}does not fit 32 bits
  expect_reject("sender-33-bits", raw(fields{}.v(1ull << 32).v(4).v(1).v(1ull << 32).v(1).b), error::out_of_range);
  // CHECK: overlong-sender: malformed: {{.*}}shortest-form
  expect_reject("overlong-sender", raw(fields{}.raw({0x85, 0x00}).v(4).v(1).v(5).v(1).b), error::malformed);
  // CHECK: region-0: out_of_range: {{.*}}a region of 0 pages
  expect_reject("region-0", raw(fields::header(0).b), error::out_of_range);
  // CHECK: region-past-4GiB: out_of_range: {{.*}}exceeds 4 GiB
  expect_reject("region-past-4GiB", raw(fields::header((1ull << 22) + 1).b), error::out_of_range);
  // CHECK: region-past-capacity: region_too_large: region_too_large: the sender's region is 9216 bytes, our capacity 8192
  expect_reject("region-past-capacity", raw(fields::header(9).b), error::region_too_large);
  // CHECK: clock-empty: malformed: {{.*}}an empty clock
  expect_reject("clock-empty", raw(fields{}.v(5).v(4).v(0).b), error::malformed);
  // CHECK: clock-without-sender: malformed: {{.*}}no entry for the sender 5
  expect_reject("clock-without-sender", raw(fields{}.v(5).v(4).v(1).v(4).v(1).b), error::malformed);
  // CHECK: clock-counter-0: malformed: {{.*}}counter 0
  expect_reject("clock-counter-0", raw(fields{}.v(5).v(4).v(1).v(5).v(0).b), error::malformed);
  // CHECK: clock-counter-2^48: out_of_range
  expect_reject("clock-counter-2^48", raw(fields{}.v(5).v(4).v(1).v(5).v(1ull << 48).b), error::out_of_range);
  // CHECK: clock-4097-entries: out_of_range
  expect_reject("clock-4097-entries", raw(fields{}.v(5).v(4).v(4097).b), error::out_of_range);
  // CHECK: clock-count-past-end: truncated
  expect_reject("clock-count-past-end", raw(fields{}.v(5).v(4).v(100).v(5).v(1).b), error::truncated);
  // CHECK: clock-peer-past-2^32: out_of_range
  expect_reject("clock-peer-past-2^32", raw(fields{}.v(5).v(4).v(2).v(5).v(1).v(0xFFFFFFFFull).v(1).b), error::out_of_range);
  // CHECK: page-outside-region: out_of_range: {{.*}}a page gap of 4 in a region of 4 pages
  expect_reject("page-outside-region", raw(fields::header().v(4 << 2).v(1 << 1).raw({1}).b), error::out_of_range);
  // CHECK: second-page-outside: out_of_range: {{.*}}page 4 is outside the sender's region of 4 pages
  expect_reject("second-page-outside",
                raw(fields::header().v(0).v(1 << 1).raw({1}).v(3 << 2).v(1 << 1).raw({1}).b), error::out_of_range);
  // CHECK: run-past-page: out_of_range: {{.*}}ends past the page's 1024 bytes
  expect_reject("run-past-page", raw(fields::header().v(0).v(1020ull << 5 | 0).v(0).b), error::out_of_range);
  // CHECK: run-longer-than-page: out_of_range
  expect_reject("run-longer-than-page", raw(fields::header().v(0).v(0).v(5000).b), error::out_of_range);
  // CHECK: runs-touching: malformed: {{.*}}touches the run before it
  expect_reject("runs-touching", raw(fields::header().v(1).v(1 << 1).raw({1}).v(1 << 1).raw({2}).b), error::malformed);
  // CHECK: run-data-short: truncated: {{.*}}needs 9 bytes
  expect_reject("run-data-short", raw(fields::header().v(0).v(9 << 1).raw({1, 2, 3}).b), error::truncated);
  // CHECK: runs-past-end: truncated: {{.*}}a run token runs past the end
  expect_reject("runs-past-end", raw(fields::header().v(2).v(1 << 1).raw({1}).b), error::truncated);
  // CHECK: run-count-huge: out_of_range
  expect_reject("run-count-huge", raw(fields::header().v(3).v(1000).b), error::out_of_range);
  // CHECK: masked-span-2: malformed: {{.*}}spans 2 bytes; at least 3
  expect_reject("masked-span-2", raw(fields::header().v(0).v(2 << 1 | 1).raw({0x03, 1, 2}).b), error::malformed);
  // CHECK: masked-first-bit-clear: malformed: {{.*}}first and last span bits
  expect_reject("masked-first-bit-clear", raw(fields::header().v(0).v(4 << 1 | 1).raw({0x0A, 1, 2}).b), error::malformed);
  // CHECK: masked-bits-past-span: malformed
  expect_reject("masked-bits-past-span", raw(fields::header().v(0).v(4 << 1 | 1).raw({0x19, 1, 2, 3}).b), error::malformed);
  // CHECK: masked-data-short: truncated
  expect_reject("masked-data-short", raw(fields::header().v(0).v(4 << 1 | 1).raw({0x0F, 1, 2}).b), error::truncated);
  // CHECK: good-page-then-bad: out_of_range
  expect_reject("good-page-then-bad",
                raw(fields::header(6).v(0).v(1 << 1).raw({0x44}).v(1 << 2).v(1023ull << 5 | 2 << 1).raw({1, 2}).b),
                error::out_of_range);
  options refuse;
  refuse.on_grow = refuse_growth;
  // CHECK: growth-refused: grow_failed
  expect_reject("growth-refused", valid, error::grow_failed, refuse);

  // Every truncation and every bit flip of the valid batch; every byte
  // replaced, checksum recomputed (bytes 0-5 are covered by the flips).
  size_t accepted = 0, rejected = 0;
  const size_t n = sync_test::for_each_mutation(
      valid, 17, [&](const std::vector<uint8_t>& b) { expect_reject("truncation", b, error::truncated); },
      [&](const std::vector<uint8_t>& b, size_t bit) {
        receiver r(g_first);
        const auto before = r.snapshot();
        SYNC_CHECK(r.t->apply(b) != error::ok && r.snapshot() == before, "bit flip %zu accepted or half-applied", bit);
      },
      [&](const std::vector<uint8_t>& b, size_t at, uint8_t v) {
        receiver r(g_first);
        const auto before = r.snapshot();
        const error e = r.t->apply(b);
        if (e == error::ok) {
        ++accepted;
        } else {
          ++rejected;
          SYNC_CHECK(r.snapshot() == before, "byte %zu = %02x: rejected (%s) but changed the receiver", at, v,
                     r.t->last_error());
          SYNC_CHECK(std::strlen(r.t->last_error()) > 0, "no message");
        }
      });
  std::printf("mutations: %zu cases, %zu rewritten accepted, %zu rewritten rejected unchanged\n", n, accepted, rejected);
  // CHECK: mutations: {{[0-9]+}} cases, {{[0-9]+}} rewritten accepted, {{[1-9][0-9]*}} rewritten rejected unchanged
}
