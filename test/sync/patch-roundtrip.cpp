// patch_writer -> patch_reader: header, clock and every page's byte ranges
// and data come back exactly (masked runs come back as their written
// pieces). Then one small batch is printed byte by byte: it is the worked
// example of docs/sync-patch-format.md §8, so a change to the bytes shows here;
// then the same batch from a region with units (version 2, §8.1).
// Native only: wasm32 reads and writes patches in the convergence, corpus
// and JavaScript tests.
//
// RUN: %sync-cxx-native -O2 -I%S/Inputs %s %sync-lib-native -o %t.native && %t.native | FileCheck %s
// CHECK: roundtrip: 2000 batches ok
// CHECK-NEXT: example: 4b 53 59 4e 01 0d 32 07 04 02 03 02 03 03 08 02 a5 01 a0 01 02 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 ed 1a 2b ee ee ee ee e5 b9 e5 bd{{$}}
// CHECK-NEXT: units digest of records(24581, 18, 1): 1b5d1531c7f12266{{$}}
// CHECK-NEXT: example-v2: 4b 53 59 4e 02 0d 3a 07 04 66 22 f1 c7 31 15 5d 1b 02 03 02 03 03 08 02 a5 01 a0 01 02 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 ed 1a 2b ee ee ee ee 5b 06 60 1a{{$}}
#include "sync_test.h"

#include "karmem/sync/detail/unit_map.h"
#include "karmem/sync/patch_reader.h"
#include "karmem/sync/patch_writer.h"

using namespace karmem::sync;

int main() {
  sync_test::rng r(21);
  patch_writer w;
  patch_reader rd;
  std::vector<uint8_t> out;
  for (int round = 0; round < 2000; ++round) {
    const uint32_t shift = 10 + static_cast<uint32_t>(r.below(7)), page = 1u << shift;
    const uint64_t region_pages = 1 + r.below(5000);
    const uint32_t sender = static_cast<uint32_t>(r.next());
    std::vector<clock_entry> clock;
    uint32_t p = static_cast<uint32_t>(r.below(100));
    bool has_sender = false;
    for (int i = 0, n = static_cast<int>(r.below(5)); i < n; ++i) {
      if (p > sender && !has_sender) {
        clock.push_back({sender, 1 + r.below(1000)});
        has_sender = true;
      } else {
        clock.push_back({p, 1 + r.below(1ull << 40)});
      }
      p += 1 + static_cast<uint32_t>(r.below(1000));
      if (p < clock.back().peer) break; // wrapped
    }
    if (!has_sender) {
      clock.push_back({sender, 1});
      std::sort(clock.begin(), clock.end(), [](auto& a, auto& b) { return a.peer < b.peer; });
      clock.erase(std::unique(clock.begin(), clock.end(), [](auto& a, auto& b) { return a.peer == b.peer; }), clock.end());
    }
    struct page_entry {
      uint32_t index;
      std::vector<byte_range> runs;
      std::vector<uint8_t> bytes;
    };
    std::vector<page_entry> pages;
    uint64_t index = r.below(region_pages);
    while (index < region_pages && pages.size() < 6) {
      page_entry e{static_cast<uint32_t>(index), {}, std::vector<uint8_t>(page)};
      r.fill(e.bytes.data(), page);
      uint32_t pos = static_cast<uint32_t>(r.below(page / 2));
      while (pos < page) {
        const uint32_t len = std::min<uint32_t>(page - pos, 1 + static_cast<uint32_t>(r.chance(90) ? r.below(20) : r.below(page)));
        e.runs.push_back({pos, len});
        pos += len + 1 + static_cast<uint32_t>(r.chance(60) ? r.below(10) : r.below(page / 4));
      }
      pages.push_back(std::move(e));
      index += 1 + r.below(r.chance(50) ? 3 : 1000);
    }
    w.begin(shift, sender, region_pages, clock);
    for (auto& e : pages) w.add_page(e.index, e.runs, e.bytes.data());
    w.finish(out);
    SYNC_CHECK(rd.open(out) == error::ok, "round %d: %s", round, rd.message());
    SYNC_CHECK(rd.header().page_shift == shift && rd.header().sender == sender &&
                   rd.header().region_pages == region_pages && rd.header().clock == clock,
               "round %d: header differs", round);
    SYNC_CHECK(rd.check_pages() == error::ok, "round %d: %s", round, rd.message());
    patch_page pg;
    for (auto& e : pages) {
      SYNC_CHECK(rd.next_page(pg), "round %d: page %u missing: %s", round, e.index, rd.message());
      SYNC_CHECK(pg.index == e.index, "round %d: page %u read as %u", round, e.index, pg.index);
      // Flatten both to (offset, byte) pairs.
      std::vector<std::pair<uint32_t, uint8_t>> want, got;
      for (auto& rg : e.runs)
        for (uint32_t k = 0; k < rg.length; ++k) want.push_back({rg.offset + k, e.bytes[rg.offset + k]});
      for (size_t i = 0; i < pg.ranges.size(); ++i)
        for (uint32_t k = 0; k < pg.ranges[i].length; ++k) got.push_back({pg.ranges[i].offset + k, pg.data[i][k]});
      SYNC_CHECK(want == got, "round %d: page %u's bytes differ", round, e.index);
    }
    SYNC_CHECK(!rd.next_page(pg) && rd.status() == error::ok, "round %d: extra page or error", round);
  }
  std::printf("roundtrip: 2000 batches ok\n");

  // The worked example: peer 7 with clock {3: 2, 7: 3}, 8 KiB pages, a region
  // of 4 pages; page 2 gets one byte at 0, page 3 gets 18 bytes at 5 and
  // bytes at 130, 131, 133 and 135 (one masked run).
  const clock_entry clock[] = {{3, 2}, {7, 3}};
  std::vector<uint8_t> page2(8192, 0), page3(8192, 0);
  page2[0] = 0xa5;
  for (int i = 0; i < 18; ++i) page3[5 + i] = static_cast<uint8_t>(i);
  page3[130] = page3[131] = page3[133] = page3[135] = 0xee;
  const byte_range runs2[] = {{0, 1}};
  const byte_range runs3[] = {{5, 18}, {130, 2}, {133, 1}, {135, 1}};
  w.begin(13, 7, 4, clock);
  w.add_page(2, runs2, page2.data());
  w.add_page(3, runs3, page3.data());
  w.finish(out);
  std::printf("example:");
  for (uint8_t b : out) std::printf(" %02x", b);
  std::printf("\n");
  SYNC_CHECK(rd.open(out) == error::ok && rd.check_pages() == error::ok, "example: %s", rd.message());

  // Version 2: the same batch from a region whose one unit is the 18-byte
  // run at region offset 3 * 8192 + 5 = 24581.
  unit_map units;
  std::string why;
  SYNC_CHECK(units.configure(unit_policy::records(24581, 18, 1), 4 * 8192, why), "%s", why.c_str());
  std::printf("units digest of records(24581, 18, 1): %016llx\n", (unsigned long long)units.digest());
  w.begin(13, 7, 4, clock, units.digest());
  w.add_page(2, runs2, page2.data());
  w.add_page(3, runs3, page3.data());
  w.finish(out);
  std::printf("example-v2:");
  for (uint8_t b : out) std::printf(" %02x", b);
  std::printf("\n");
  SYNC_CHECK(rd.open(out) == error::ok && rd.check_pages() == error::ok, "example-v2: %s", rd.message());
  SYNC_CHECK(rd.header().version == 2 && rd.header().units_digest == units.digest(), "example-v2: header");
}
