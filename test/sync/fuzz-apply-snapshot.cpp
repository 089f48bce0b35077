// libFuzzer target for the snapshot decoder, through tracker::apply_snapshot
// (the one entry point for untrusted snapshot bytes). For every input: a
// rejected snapshot leaves the receiver unchanged and names its error; an
// accepted one is no longer than max_snapshot_bytes(), idempotent (applying
// it again changes nothing) and never looks like a local change to the next
// scan. The receiver has state of its own (it applied a batch), so merges
// with existing stamps are exercised too. ASan and UBSan watch every read.
//
// The test runs a fixed number of inputs from seeds that this file writes
// (valid snapshots); for a longer run:
//   <build>/test/out/sync_fuzz_apply_snapshot_cpp/sync/Output/fuzz-apply-snapshot.cpp.tmp -max_len=8192 -max_total_time=600 <corpus>
//
// RUN: %sync-cxx-native -O1 -DWRITE_SEEDS -I%S/Inputs %s %sync-lib-native -o %t.seeds
// RUN: rm -rf %t.corpus && mkdir -p %t.corpus && %t.seeds %t.corpus
// RUN: %clangxx -std=c++20 -I%runtime-include -I%S/Inputs -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s %sync-lib-asan -o %t
// RUN: %t -runs=20000 -seed=1 -max_len=8192 %t.corpus 2>&1 | FileCheck %s
// CHECK: Done 20000 runs
#include "sync_test.h"

using namespace karmem::sync;

namespace {

constexpr uint32_t page = 1024;
constexpr size_t region = 4 * page, capacity = 16 * page;

struct node {
  sync_test::aligned_buffer mem{capacity, page};
  std::unique_ptr<tracker> t;
  explicit node(uint32_t id) {
    for (size_t i = 0; i < region; ++i) mem.p[i] = static_cast<uint8_t>(i * 13);
    options o;
    o.page_size = page;
    o.capacity = capacity;
    t = tracker::create(id, mem.p, region, o);
    SYNC_CHECK(t != nullptr, "create");
  }
};

// A batch from peer 4 writing bytes on pages 0 and 2: the receiver's own state.
std::vector<uint8_t> first_batch() {
  node n(4);
  std::memset(n.mem.p + 5, 0x5A, 40);
  std::memset(n.mem.p + 2 * page + 100, 0xA5, 300);
  std::vector<uint8_t> b;
  SYNC_CHECK(n.t->scan(scan_mode::full, b) == error::ok && !b.empty(), "first batch");
  return b;
}

struct receiver : node {
  receiver() : node(9) {
    static const std::vector<uint8_t> first = first_batch();
    SYNC_CHECK(t->apply(first) == error::ok, "receiver setup: %s", t->last_error());
  }
};

bool same(const receiver& r, const std::vector<uint8_t>& bytes, size_t size, const std::vector<clock_entry>& clock) {
  auto c = r.t->clock();
  return r.t->size() == size && std::memcmp(r.mem.p, bytes.data(), capacity) == 0 &&
         std::equal(c.begin(), c.end(), clock.begin(), clock.end());
}

} // namespace

#ifdef WRITE_SEEDS
// Snapshots of peers that made random writes and exchanged batches.
int main(int argc, char** argv) {
  SYNC_CHECK(argc == 2, "usage: fuzz-apply-snapshot-seeds DIR");
  node a(1), b(2);
  sync_test::rng r(77);
  std::vector<uint8_t> batch, snap;
  for (int i = 0; i < 16; ++i) {
    node& from = i % 2 ? a : b;
    node& to = i % 2 ? b : a;
    if (i == 8) SYNC_CHECK(from.t->resize(6 * page) == error::ok, "resize");
    for (int w = 0, n = 1 + static_cast<int>(r.below(6)); w < n; ++w) {
      const size_t len = 1 + r.below(i % 3 == 0 ? 200 : 12), at = r.below(from.t->size() - len);
      r.fill(from.mem.p + at, len);
    }
    SYNC_CHECK(from.t->scan(scan_mode::full, batch) == error::ok, "scan");
    if (r.chance(70)) SYNC_CHECK(to.t->apply(batch) == error::ok, "apply");
    SYNC_CHECK(from.t->snapshot(snap) == error::ok, "snapshot");
    const std::string path = std::string(argv[1]) + "/seed-" + std::to_string(i);
    FILE* f = std::fopen(path.c_str(), "wb");
    SYNC_CHECK(f && std::fwrite(snap.data(), 1, snap.size(), f) == snap.size(), "%s", path.c_str());
    std::fclose(f);
  }
  return 0;
}
#else
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t n) {
  receiver r;
  const std::vector<uint8_t> before(r.mem.p, r.mem.p + capacity);
  const std::vector<clock_entry> clock0(r.t->clock().begin(), r.t->clock().end());
  const error e = r.t->apply_snapshot({data, n});
  if (e != error::ok) {
    SYNC_CHECK(same(r, before, region, clock0), "rejected (%s) but changed the receiver", error_name(e));
    SYNC_CHECK(r.t->last_error()[0] != '\0', "no message for %s", error_name(e));
    return 0;
  }
  SYNC_CHECK(n <= r.t->max_snapshot_bytes(), "an accepted snapshot of %zu bytes is past max_snapshot_bytes", n);
  const std::vector<uint8_t> after(r.mem.p, r.mem.p + capacity);
  const std::vector<clock_entry> clock1(r.t->clock().begin(), r.t->clock().end());
  const size_t size1 = r.t->size();
  SYNC_CHECK(r.t->apply_snapshot({data, n}) == error::ok && same(r, after, size1, clock1),
             "applying twice changed something");
  std::vector<uint8_t> out;
  SYNC_CHECK(r.t->scan(scan_mode::full, out) == error::ok, "scan");
  // The scan publishes nothing but (maybe) the growth: no page entry.
  if (!out.empty()) {
    patch_reader pr;
    patch_page pg;
    SYNC_CHECK(pr.open(out) == error::ok && !pr.next_page(pg), "an applied snapshot shows as a local change");
  }
  return 0;
}
#endif
