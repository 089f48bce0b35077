// The tracker's contract, step by step: creation arguments, full and marked
// scans (a marked scan hashes nothing), apply and re-apply, growth by resize
// and by a peer's batch, page size and capacity mismatches, and what happens
// to local writes no scan has reported yet.
//
// RUN: %sync-cxx-native -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
#include "sync_test.h"

using namespace karmem::sync;
using sync_test::aligned_buffer;
using sync_test::make_tracker;

static void expect_create_error(void* base, size_t size, uint32_t page, size_t capacity) {
  options o;
  o.page_size = page;
  o.capacity = capacity;
  error e = error::ok;
  std::string why;
  auto t = tracker::create(1, base, size, o, &e, &why);
  SYNC_CHECK(!t && e == error::invalid_argument && !why.empty(), "create should fail");
  std::printf("create: %s\n", why.c_str());
}

static bool same_clock(const tracker& a, const tracker& b) {
  auto x = a.clock(), y = b.clock();
  return std::equal(x.begin(), x.end(), y.begin(), y.end());
}

int main() {
  const uint32_t page = 4096;
  aligned_buffer a(16 * page, page), b(16 * page, page), c(16 * page, 2 * page);

  // CHECK: create: invalid_argument: page size 1000 is not a power of two from 1024 to 65536
  expect_create_error(a.p, 4 * page, 1000, 0);
  // CHECK: create: invalid_argument: page size 512
  expect_create_error(a.p, 4 * page, 512, 0);
  // CHECK: create: invalid_argument: page size 131072
  expect_create_error(a.p, 4 * page, 131072, 0);
  // CHECK: create: invalid_argument: the region's base {{.*}} is not a multiple of the page size 4096
  expect_create_error(a.p + 64, 4 * page, page, 0);
  // CHECK: create: invalid_argument: the region's size 0 is not a positive multiple
  expect_create_error(a.p, 0, page, 0);
  // CHECK: create: invalid_argument: the region's size 5000
  expect_create_error(a.p, 5000, page, 0);
  // CHECK: create: invalid_argument: the capacity 4096 is below the size
  expect_create_error(a.p, 2 * page, page, page);

  auto ta = make_tracker(1, a.p, 4 * page, page, 16 * page);
  auto tb = make_tracker(2, b.p, 4 * page, page, 16 * page);
  std::vector<uint8_t> batch;

  // Nothing changed: no batch, no tick.
  SYNC_CHECK(ta->scan(scan_mode::full, batch) == error::ok && batch.empty() && ta->clock().empty(), "idle scan");
  SYNC_CHECK(ta->last_scan().pages_hashed == 4 && ta->last_scan().pages_diffed == 0, "idle scan stats");

  // A full scan finds a write, reports it once.
  std::memcpy(a.p + page + 10, "hello", 5);
  SYNC_CHECK(ta->scan(scan_mode::full, batch) == error::ok && !batch.empty(), "scan");
  SYNC_CHECK(ta->last_scan().pages_changed == 1 && ta->last_scan().bytes_changed == 5 && ta->last_scan().runs == 1,
             "scan stats");
  SYNC_CHECK(ta->clock().size() == 1 && ta->clock()[0].peer == 1 && ta->clock()[0].counter == 1, "clock ticked");
  std::vector<uint8_t> again;
  SYNC_CHECK(ta->scan(scan_mode::full, again) == error::ok && again.empty(), "reported twice");

  // Apply, and apply again: the second changes nothing.
  SYNC_CHECK(tb->apply(batch) == error::ok, "apply: %s", tb->last_error());
  SYNC_CHECK(std::memcmp(a.p, b.p, 4 * page) == 0 && same_clock(*ta, *tb), "after apply");
  std::vector<uint8_t> snapshot(b.p, b.p + 16 * page);
  SYNC_CHECK(tb->apply(batch) == error::ok && std::memcmp(snapshot.data(), b.p, 16 * page) == 0, "re-apply");
  SYNC_CHECK(tb->scan(scan_mode::full, again) == error::ok && again.empty(), "applied bytes are not local changes");
  // A peer's own batch changes nothing either.
  SYNC_CHECK(ta->apply(batch) == error::ok && ta->clock()[0].counter == 1, "own batch");
  std::printf("apply: ok\n");
  // CHECK: apply: ok

  // Marked scans look only at marked pages and hash none.
  a.p[3 * page + 7] = 1;
  ta->mark_dirty(a.p + 3 * page + 7, 1);
  a.p[2 * page] = 9; // not marked
  SYNC_CHECK(ta->scan(scan_mode::marked, batch) == error::ok && !batch.empty(), "marked scan");
  SYNC_CHECK(ta->last_scan().pages_hashed == 0 && ta->last_scan().pages_diffed == 1 && ta->last_scan().bytes_changed == 1,
             "marked scan stats: hashed %llu diffed %llu", (unsigned long long)ta->last_scan().pages_hashed,
             (unsigned long long)ta->last_scan().pages_diffed);
  SYNC_CHECK(tb->apply(batch) == error::ok && b.p[3 * page + 7] == 1 && b.p[2 * page] == 0, "marked batch");
  SYNC_CHECK(ta->scan(scan_mode::full, batch) == error::ok && ta->last_scan().bytes_changed == 1, "full finds the unmarked write");
  SYNC_CHECK(tb->apply(batch) == error::ok && b.p[2 * page] == 9, "unmarked write arrives");
  // A marked scan diffs only the marked 64-byte blocks: an unmarked write on
  // the same page waits for a full scan.
  a.p[page + 64 * 10] = 5;
  ta->mark_dirty(a.p + page + 64 * 10, 1);
  a.p[page + 64 * 20] = 6; // same page, another block, not marked
  SYNC_CHECK(ta->scan(scan_mode::marked, batch) == error::ok && ta->last_scan().bytes_changed == 1, "marked blocks");
  SYNC_CHECK(tb->apply(batch) == error::ok && b.p[page + 64 * 10] == 5 && b.p[page + 64 * 20] == 0, "marked batch");
  SYNC_CHECK(ta->scan(scan_mode::full, batch) == error::ok && ta->last_scan().bytes_changed == 1, "full finds it");
  SYNC_CHECK(tb->apply(batch) == error::ok && b.p[page + 64 * 20] == 6, "unmarked write in a marked page arrives");
  // A long mark spans pages and blocks: one run per page, whatever the blocks.
  std::memset(a.p + 100, 0xCD, 3 * page);
  ta->mark_dirty(a.p + 100, 3 * page);
  SYNC_CHECK(ta->scan(scan_mode::marked, batch) == error::ok && ta->last_scan().bytes_changed == 3 * page &&
                 ta->last_scan().runs == 4 && ta->last_scan().pages_diffed == 4,
             "long mark: %llu bytes, %llu runs", (unsigned long long)ta->last_scan().bytes_changed,
             (unsigned long long)ta->last_scan().runs);
  SYNC_CHECK(tb->apply(batch) == error::ok && std::memcmp(a.p, b.p, 4 * page) == 0, "long mark applied");
  // Marks outside the region, and a range that wraps the address space, are ignored.
  ta->mark_dirty(a.p + 16 * page, 100);
  ta->mark_dirty(a.p - 100, 50);
  ta->mark_dirty(a.p + page, SIZE_MAX);
  SYNC_CHECK(ta->scan(scan_mode::marked, batch) == error::ok && batch.empty(), "stray marks");
  std::printf("marked: ok\n");
  // CHECK: marked: ok

  // resize: arguments, then growth reaches the peer through the next batch.
  SYNC_CHECK(ta->resize(5 * page + 1) == error::invalid_argument, "resize to a non-multiple");
  std::printf("resize: %s\n", ta->last_error());
  // CHECK: resize: invalid_argument: size 20481 is not a multiple of the page size 4096
  SYNC_CHECK(ta->resize(2 * page) == error::invalid_argument, "shrink");
  std::printf("resize: %s\n", ta->last_error());
  // CHECK: resize: invalid_argument: regions do not shrink
  SYNC_CHECK(ta->resize(17 * page) == error::invalid_argument, "past capacity");
  std::printf("resize: %s\n", ta->last_error());
  // CHECK: resize: invalid_argument: size 69632 exceeds the capacity 65536
  std::memset(b.p + 4 * page, 0x77, 12 * page); // garbage beyond B's region: growth must zero it
  SYNC_CHECK(ta->resize(6 * page) == error::ok && ta->size() == 6 * page, "resize");
  SYNC_CHECK(ta->scan(scan_mode::marked, batch) == error::ok && !batch.empty(), "growth alone makes a batch");
  SYNC_CHECK(tb->apply(batch) == error::ok && tb->size() == 6 * page, "grown by a batch: %s", tb->last_error());
  SYNC_CHECK(std::memcmp(a.p, b.p, 6 * page) == 0, "new pages zeroed");
  a.p[5 * page + 100] = 42;
  ta->mark_dirty(a.p + 5 * page + 100, 1);
  SYNC_CHECK(ta->scan(scan_mode::marked, batch) == error::ok && tb->apply(batch) == error::ok && b.p[5 * page + 100] == 42,
             "a write in a grown page");
  std::printf("grow: ok\n");
  // CHECK: grow: ok

  // A peer with a smaller capacity or another page size rejects, unchanged.
  {
    auto small = make_tracker(3, c.p, 4 * page, page, 4 * page);
    std::vector<uint8_t> before(c.p, c.p + 16 * page);
    SYNC_CHECK(small->apply(batch) == error::region_too_large, "region_too_large");
    std::printf("small: %s\n", small->last_error());
    SYNC_CHECK(std::memcmp(before.data(), c.p, 16 * page) == 0 && small->clock().empty() && small->size() == 4 * page,
               "unchanged");
    auto other = make_tracker(3, c.p, 4 * page, 2 * page, 8 * page);
    SYNC_CHECK(other->apply(batch) == error::page_size_mismatch, "page_size_mismatch");
    std::printf("other: %s\n", other->last_error());
  }
  // CHECK: small: region_too_large: the sender's region is 24576 bytes, our capacity 16384
  // CHECK: other: page_size_mismatch: the sender's pages are 4096 bytes, ours 8192

  // Unreported local writes: a winning batch overwrites them, a losing one
  // leaves them for the next scan. B's next batch is causally after A's
  // (B applied everything A sent), so B's bytes win at A.
  b.p[0] = 0xB0;
  b.p[1] = 0xB1;
  tb->mark_dirty(b.p, 2);
  SYNC_CHECK(tb->scan(scan_mode::marked, batch) == error::ok, "scan b");
  a.p[0] = 0xA0; // not yet scanned
  a.p[2] = 0xA2;
  SYNC_CHECK(ta->apply(batch) == error::ok && a.p[0] == 0xB0 && a.p[1] == 0xB1 && a.p[2] == 0xA2, "overwrite");
  SYNC_CHECK(ta->scan(scan_mode::full, batch) == error::ok && ta->last_scan().bytes_changed == 1, "A2 reported");
  SYNC_CHECK(tb->apply(batch) == error::ok && std::memcmp(a.p, b.p, 6 * page) == 0 && same_clock(*ta, *tb), "converged");
  std::printf("local: ok\n");
  // CHECK: local: ok

  // The default grow handler: in wasm32 it grows linear memory until it
  // holds [base, base + new size); natively it only agrees.
#if defined(__wasm__)
  auto* top = reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(__builtin_wasm_memory_size(0)) * 65536);
  SYNC_CHECK(default_grow(nullptr, top, 0, 3 * 65536 + 5), "memory.grow failed");
  SYNC_CHECK(static_cast<uintptr_t>(__builtin_wasm_memory_size(0)) * 65536 >= reinterpret_cast<uintptr_t>(top) + 4 * 65536,
             "memory did not grow enough");
  SYNC_CHECK(default_grow(nullptr, top, 0, 65536), "no growth needed");
#else
  SYNC_CHECK(default_grow(nullptr, a.p, 4 * page, 8 * page), "native default_grow");
#endif
  // In wasm32 a region must start inside linear memory.
#if defined(__wasm__)
  {
    auto* beyond = reinterpret_cast<uint8_t*>(static_cast<uintptr_t>(__builtin_wasm_memory_size(0)) * 65536);
    options o;
    o.page_size = page;
    std::string why;
    SYNC_CHECK(!tracker::create(1, beyond, page, o, nullptr, &why) && why.find("not inside linear memory") != std::string::npos,
               "a region outside memory: %s", why.c_str());
  }
#endif
  std::printf("default grow: ok\n");
  // CHECK: default grow: ok
}
