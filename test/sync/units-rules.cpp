// The rules of atomic units, one case each:
//  - a unit that crosses a page boundary: a change to one byte of it sends
//    the whole unit (both pages), and concurrent changes to its two halves
//    resolve to one peer's whole unit on both peers, in both delivery orders;
//  - a marked scan that marks one byte of a record sends the whole record;
//  - bytes outside every unit stay per-run (both concurrent writes survive);
//  - mismatched units are rejected (unit_mismatch) and change nothing: other
//    units (digest), per-run to units, units to per-run, and a batch with the
//    right digest that writes part of a unit;
//  - units that break the rules are invalid_argument at create, and
//    set_units works only before the first batch;
//  - a late joiner catches up from a snapshot of a region with units, and the
//    units stay whole: its next change sends whole records its peers accept.
//
// RUN: %asan-cxx -I%S/Inputs %s %sync-lib-asan -o %t && %t | FileCheck %s
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.wasm && %run-wasm %t.wasm | FileCheck %s
// CHECK: crossing: batch writes pages 0 1, 100 bytes; both orders: peers hold peer 2's unit
// CHECK-NEXT: marked: 1 byte marked, 64 bytes sent
// CHECK-NEXT: outside units: both writes kept
// CHECK-NEXT: other units: unit_mismatch: unit_mismatch: the sender's units (digest {{[0-9a-f]+}}) differ from ours ({{[0-9a-f]+}}); unchanged
// CHECK-NEXT: per-run to units: unit_mismatch: unit_mismatch: the sender merges per run (a version-1 batch); this region has atomic units; unchanged
// CHECK-NEXT: units to per-run: unit_mismatch: unit_mismatch: the sender's region has atomic units (digest {{[0-9a-f]+}}); this one merges per run; unchanged
// CHECK-NEXT: part of a unit: unit_mismatch: unit_mismatch: the batch writes part of unit [960, 1060) and not all of it: the sender's units differ from ours; unchanged
// CHECK-NEXT: bad records: invalid_argument: 20 records of 100 bytes from offset 960 do not fit the region of 2048 bytes
// CHECK-NEXT: bad ranges: invalid_argument: unit [10, 20) starts before the previous one ends (30): units are sorted and disjoint
// CHECK-NEXT: empty range: invalid_argument: unit [5, 5) is empty or outside the region of 2048 bytes
// CHECK-NEXT: set_units after a batch: invalid_argument
// CHECK-NEXT: snapshot joiner: identical; its change sent 100 bytes, accepted
#include "sync_test.h"

#include "karmem/sync/patch_reader.h"
#include "karmem/sync/patch_writer.h"

using namespace karmem::sync;

constexpr uint32_t page = 1024;
constexpr size_t region = 2 * page;

struct peer {
  sync_test::aligned_buffer mem{region, page};
  std::unique_ptr<tracker> t;
  peer(uint32_t id, const unit_policy& units) {
    options o;
    o.page_size = page;
    o.units = units;
    std::string why;
    t = tracker::create(id, mem.p, region, o, nullptr, &why);
    SYNC_CHECK(t != nullptr, "create: %s", why.c_str());
  }
  std::vector<uint8_t> scan(scan_mode m = scan_mode::full) {
    std::vector<uint8_t> b;
    SYNC_CHECK(t->scan(m, b) == error::ok, "scan: %s", t->last_error());
    return b;
  }
  void apply(const std::vector<uint8_t>& b) { SYNC_CHECK(t->apply(b) == error::ok, "apply: %s", t->last_error()); }
};

// Records of 100 bytes from 960: record 0 is [960, 1060), across pages 0 and 1.
const unit_policy records = unit_policy::records(960, 100, 10);

void crossing() {
  std::string pages;
  size_t bytes = 0;
  bool both_orders = true;
  for (int order = 0; order < 2; ++order) {
    peer a(1, records), b(2, records);
    a.mem.p[1000] = 0xA1; // page 0's part of record 0
    b.mem.p[1050] = 0xB2; // page 1's part of record 0
    auto ba = a.scan(), bb = b.scan();
    if (order == 0) {
      patch_reader rd;
      SYNC_CHECK(rd.open(ba) == error::ok, "%s", rd.message());
      patch_page pg;
      while (rd.next_page(pg))
        for (auto& r : pg.ranges) {
          pages += " " + std::to_string(pg.index);
          bytes += r.length;
        }
    }
    if (order == 0) {
      a.apply(bb);
      b.apply(ba);
    } else {
      b.apply(ba);
      a.apply(bb);
      a.apply(bb); // a duplicate changes nothing
    }
    // Equal times: peer 2's whole unit wins: 1000 keeps the baseline.
    both_orders &= std::memcmp(a.mem.p, b.mem.p, region) == 0 && a.mem.p[1000] == 0 && a.mem.p[1050] == 0xB2;
  }
  std::printf("crossing: batch writes pages%s, %zu bytes; both orders: %s\n", pages.c_str(), bytes,
              both_orders ? "peers hold peer 2's unit" : "DIFFER");
}

void marked() {
  peer a(1, unit_policy::records(0, 64, 32));
  a.mem.p[200] = 7; // record 3: [192, 256)
  a.t->mark_dirty(a.mem.p + 200, 1);
  auto b = a.scan(scan_mode::marked);
  std::printf("marked: 1 byte marked, %llu bytes sent\n", (unsigned long long)a.t->last_scan().bytes_sent);
  SYNC_CHECK(!b.empty() && a.t->last_scan().bytes_changed == 1, "marked scan");
}

void outside() {
  // Units [0, 100) only; bytes 500 and 501 are per-run.
  const auto units = unit_policy::ranges({{0, 100}});
  peer a(1, units), b(2, units);
  a.mem.p[500] = 1;
  b.mem.p[501] = 2;
  auto ba = a.scan(), bb = b.scan();
  a.apply(bb);
  b.apply(ba);
  const bool kept = std::memcmp(a.mem.p, b.mem.p, region) == 0 && a.mem.p[500] == 1 && a.mem.p[501] == 2;
  std::printf("outside units: %s\n", kept ? "both writes kept" : "LOST");
}

void reject(const char* name, const unit_policy& receiver_units, const std::vector<uint8_t>& batch) {
  peer r(9, receiver_units);
  std::vector<uint8_t> before(r.mem.p, r.mem.p + region);
  const error e = r.t->apply(batch);
  const std::string message = r.t->last_error();
  const bool unchanged = std::memcmp(before.data(), r.mem.p, region) == 0 && r.t->clock().empty() && r.scan().empty();
  std::printf("%s: %s: %s; %s\n", name, error_name(e), message.c_str(), unchanged ? "unchanged" : "CHANGED");
  SYNC_CHECK(e == error::unit_mismatch, "%s", name);
}

void mismatches() {
  auto batch_from = [](const unit_policy& u) {
    peer s(3, u);
    s.mem.p[1000] = 5;
    return s.scan();
  };
  reject("other units", unit_policy::records(960, 50, 20), batch_from(records));
  reject("per-run to units", records, batch_from(unit_policy::per_run()));
  reject("units to per-run", unit_policy::per_run(), batch_from(records));
  // The right digest, but only byte 1000 of record [960, 1060).
  unit_map m;
  std::string why;
  SYNC_CHECK(m.configure(records, region, why), "%s", why.c_str());
  patch_writer w;
  const clock_entry clock[] = {{3, 1}};
  w.begin(10, 3, 2, clock, m.digest());
  std::vector<uint8_t> bytes(page, 5);
  const byte_range run[] = {{1000, 1}};
  w.add_page(0, run, bytes.data());
  std::vector<uint8_t> partial;
  w.finish(partial);
  reject("part of a unit", records, partial);
}

void bad_config(const char* name, const unit_policy& u) {
  sync_test::aligned_buffer mem(region, page);
  options o;
  o.page_size = page;
  o.units = u;
  error e = error::ok;
  std::string why;
  SYNC_CHECK(!tracker::create(1, mem.p, region, o, &e, &why) && e == error::invalid_argument, "%s accepted", name);
  std::printf("%s: %s\n", name, why.c_str());
}

int main() {
  crossing();
  marked();
  outside();
  mismatches();
  bad_config("bad records", unit_policy::records(960, 100, 20));
  bad_config("bad ranges", unit_policy::ranges({{0, 30}, {10, 20}}));
  bad_config("empty range", unit_policy::ranges({{5, 5}}));
  peer a(1, unit_policy::per_run());
  SYNC_CHECK(a.t->set_units(records) == error::ok, "set_units before any batch: %s", a.t->last_error());
  a.mem.p[5] = 1;
  SYNC_CHECK(!a.scan().empty(), "scan");
  std::printf("set_units after a batch: %s\n", error_name(a.t->set_units(unit_policy::per_run())));

  {
    peer s(1, records), j(2, records);
    s.mem.p[1000] = 1;
    s.mem.p[1500] = 2;
    auto batch = s.scan();
    std::vector<uint8_t> snap;
    SYNC_CHECK(s.t->snapshot(snap) == error::ok, "snapshot: %s", s.t->last_error());
    SYNC_CHECK(j.t->apply_snapshot(snap) == error::ok, "apply_snapshot: %s", j.t->last_error());
    j.apply(batch); // covered by the snapshot: skipped
    const bool same = std::memcmp(s.mem.p, j.mem.p, region) == 0;
    j.mem.p[1059] = 3; // the last byte of record [960, 1060)
    auto mine = j.scan();
    s.apply(mine);
    std::printf("snapshot joiner: %s; its change sent %llu bytes, %s\n", same ? "identical" : "DIFFER",
                (unsigned long long)j.t->last_scan().bytes_sent,
                std::memcmp(s.mem.p, j.mem.p, region) == 0 ? "accepted" : "NOT APPLIED");
  }
}
