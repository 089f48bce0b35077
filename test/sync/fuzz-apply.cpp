// libFuzzer target for the patch decoder, through tracker::apply (the one
// entry point for untrusted bytes). For every input: a rejected batch leaves
// the receiver unchanged and names its error; an accepted one is idempotent
// (applying it again changes nothing) and never looks like a local change to
// the next scan. ASan and UBSan watch every read.
//
// The test runs a fixed number of inputs from seeds that this file writes
// (valid batches); for a longer run:
//   <build>/test/out/sync/Output/fuzz-apply.cpp.tmp -max_len=4096 -max_total_time=600 <corpus>
//
// RUN: %sync-cxx-native -O1 -DWRITE_SEEDS -I%S/Inputs %s %sync-lib-native -o %t.seeds
// RUN: rm -rf %t.corpus && mkdir -p %t.corpus && %t.seeds %t.corpus
// RUN: %clangxx -std=c++20 -I%runtime-include -I%S/Inputs -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s %sync-lib-asan -o %t
// RUN: %t -runs=20000 -seed=1 -max_len=4096 %t.corpus 2>&1 | FileCheck %s
// CHECK: Done 20000 runs
#include "sync_test.h"

#include "karmem/sync/patch_writer.h"

using namespace karmem::sync;

namespace {

constexpr uint32_t page = 1024;
constexpr size_t region = 4 * page, capacity = 16 * page;

struct receiver {
  sync_test::aligned_buffer mem{capacity, page};
  std::unique_ptr<tracker> t;
  receiver() {
    for (size_t i = 0; i < region; ++i) mem.p[i] = static_cast<uint8_t>(i * 13);
    options o;
    o.page_size = page;
    o.capacity = capacity;
    t = tracker::create(9, mem.p, region, o);
    SYNC_CHECK(t != nullptr, "create");
  }
};

bool same(const receiver& r, const std::vector<uint8_t>& bytes, size_t size, const std::vector<clock_entry>& clock) {
  auto c = r.t->clock();
  return r.t->size() == size && std::memcmp(r.mem.p, bytes.data(), capacity) == 0 &&
         std::equal(c.begin(), c.end(), clock.begin(), clock.end());
}

} // namespace

#ifdef WRITE_SEEDS
// Valid batches from a peer that made random writes over a few scans.
int main(int argc, char** argv) {
  SYNC_CHECK(argc == 2, "usage: fuzz-apply-seeds DIR");
  receiver sender;
  sync_test::rng r(99);
  std::vector<uint8_t> batch;
  for (int i = 0; i < 24; ++i) {
    if (i == 12) SYNC_CHECK(sender.t->resize(6 * page) == error::ok, "resize");
    for (int w = 0, n = 1 + static_cast<int>(r.below(6)); w < n; ++w) {
      const size_t len = 1 + r.below(i % 3 == 0 ? 200 : 12), at = r.below(sender.t->size() - len);
      r.fill(sender.mem.p + at, len);
    }
    SYNC_CHECK(sender.t->scan(scan_mode::full, batch) == error::ok, "scan");
    const std::string path = std::string(argv[1]) + "/seed-" + std::to_string(i);
    FILE* f = std::fopen(path.c_str(), "wb");
    SYNC_CHECK(f && std::fwrite(batch.data(), 1, batch.size(), f) == batch.size(), "%s", path.c_str());
    std::fclose(f);
  }
  return 0;
}
#else
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t n) {
  receiver r;
  const std::vector<uint8_t> before(r.mem.p, r.mem.p + capacity);
  const std::vector<clock_entry> clock0(r.t->clock().begin(), r.t->clock().end());
  const error e = r.t->apply({data, n});
  if (e != error::ok) {
    SYNC_CHECK(same(r, before, region, clock0), "rejected (%s) but changed the receiver", error_name(e));
    SYNC_CHECK(r.t->last_error()[0] != '\0', "no message for %s", error_name(e));
    return 0;
  }
  const std::vector<uint8_t> after(r.mem.p, r.mem.p + capacity);
  const std::vector<clock_entry> clock1(r.t->clock().begin(), r.t->clock().end());
  const size_t size1 = r.t->size();
  SYNC_CHECK(r.t->apply({data, n}) == error::ok && same(r, after, size1, clock1), "applying twice changed something");
  std::vector<uint8_t> out;
  SYNC_CHECK(r.t->scan(scan_mode::full, out) == error::ok && out.empty(), "an applied batch shows as a local change");
  return 0;
}
#endif
