// The case that splits page-level last-writer-wins: two peers write
// different bytes of the same page at the same time. With the runtime's
// per-run rule both peers end with both writes. For comparison the test runs
// the same exchange under per-page LWW (whole-page patches holding only the
// changed bytes, the newer page stamp wins, ties to the higher peer), which
// leaves the peers different. Then: the same bytes at the same time (the
// higher peer id wins on both peers) and a causally later write by the lower
// peer (it wins over the earlier one).
//
// RUN: %sync-cxx-native -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
// CHECK: per-page lww: peer 1 has [a=11 b=22], peer 2 has [a=00 b=22]: differ
// CHECK-NEXT: per-run: peer 1 has [a=11 b=22], peer 2 has [a=11 b=22]: identical
// CHECK-NEXT: same bytes: both hold 2's bytes
// CHECK-NEXT: causal: both hold 1's later bytes
#include "sync_test.h"

#include <utility>

using namespace karmem::sync;

constexpr uint32_t page = 8192;
constexpr size_t at_a = 10, at_b = 4000; // the same page

// Per-page LWW, the usual design: a patch is (page, stamp, changed bytes);
// the receiver takes it only if the stamp beats the page's stamp.
struct page_lww_peer {
  uint32_t id;
  uint8_t mem[page] = {};
  std::pair<uint64_t, uint32_t> page_stamp{0, 0};
  uint64_t time = 0;
  struct patch {
    std::pair<uint64_t, uint32_t> stamp;
    std::vector<std::pair<size_t, uint8_t>> bytes;
  };
  patch write(size_t at, uint8_t v) {
    mem[at] = v;
    page_stamp = {++time, id};
    return {page_stamp, {{at, v}}};
  }
  void apply(const patch& p) {
    time = std::max(time, p.stamp.first);
    if (p.stamp <= page_stamp) return; // the whole page is rejected
    page_stamp = p.stamp;
    for (auto& [at, v] : p.bytes) mem[at] = v;
  }
};

int main() {
  {
    page_lww_peer one{1}, two{2};
    auto p1 = one.write(at_a, 0x11);
    auto p2 = two.write(at_b, 0x22);
    one.apply(p2);
    two.apply(p1);
    const bool same = std::memcmp(one.mem, two.mem, page) == 0;
    std::printf("per-page lww: peer 1 has [a=%02x b=%02x], peer 2 has [a=%02x b=%02x]: %s\n", one.mem[at_a],
                one.mem[at_b], two.mem[at_a], two.mem[at_b], same ? "identical" : "differ");
  }

  sync_test::aligned_buffer a(2 * page, page), b(2 * page, page);
  auto t1 = sync_test::make_tracker(1, a.p, 2 * page, page);
  auto t2 = sync_test::make_tracker(2, b.p, 2 * page, page);
  std::vector<uint8_t> from1, from2;
  auto exchange = [&] {
    SYNC_CHECK(t1->scan(scan_mode::full, from1) == error::ok && t2->scan(scan_mode::full, from2) == error::ok, "scan");
    SYNC_CHECK(t1->apply(from2) == error::ok, "%s", t1->last_error());
    SYNC_CHECK(t2->apply(from1) == error::ok, "%s", t2->last_error());
  };

  a.p[at_a] = 0x11;
  b.p[at_b] = 0x22;
  exchange();
  const bool same = std::memcmp(a.p, b.p, 2 * page) == 0;
  std::printf("per-run: peer 1 has [a=%02x b=%02x], peer 2 has [a=%02x b=%02x]: %s\n", a.p[at_a], a.p[at_b], b.p[at_a],
              b.p[at_b], same ? "identical" : "differ");
  SYNC_CHECK(same && a.p[at_a] == 0x11 && a.p[at_b] == 0x22, "both writes kept");

  // Both write bytes 100..107 (and each one byte only it writes) concurrently.
  std::memset(a.p + 100, 0x1A, 8);
  a.p[99] = 0x19;
  std::memset(b.p + 100, 0x2A, 8);
  b.p[108] = 0x28;
  exchange();
  SYNC_CHECK(std::memcmp(a.p, b.p, 2 * page) == 0, "same bytes: peers differ");
  for (int i = 100; i < 108; ++i) SYNC_CHECK(a.p[i] == 0x2A, "byte %d is %02x: the higher peer should win", i, a.p[i]);
  SYNC_CHECK(a.p[99] == 0x19 && a.p[108] == 0x28, "the bytes only one peer wrote are kept");
  std::printf("same bytes: both hold 2's bytes\n");

  // Peer 1 writes after it has seen peer 2's bytes: its write is later and
  // wins over peer 2's earlier bytes, though its id is lower.
  std::memset(a.p + 100, 0x1B, 4);
  SYNC_CHECK(t1->scan(scan_mode::full, from1) == error::ok, "scan");
  SYNC_CHECK(t2->apply(from1) == error::ok, "%s", t2->last_error());
  SYNC_CHECK(t1->scan(scan_mode::full, from1) == error::ok && from1.empty(), "idle");
  SYNC_CHECK(std::memcmp(a.p, b.p, 2 * page) == 0 && b.p[100] == 0x1B && b.p[104] == 0x2A, "causal write");
  std::printf("causal: both hold 1's later bytes\n");
}
