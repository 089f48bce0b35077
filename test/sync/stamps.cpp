// write_stamps: per-byte last-writer-wins bookkeeping, against a model that
// keeps one stamp per byte. Checks the spans (sorted, disjoint, equal
// neighbours merged), the bytes reported as won, and that writing the same
// stamp twice changes nothing; that stamps_after() predicts the spans'
// count exactly (apply() reserves that much before it writes) within
// stamps_bound(); and that fallible_vectors reserved to that
// count get the same spans. Native only: wasm32 runs it through the
// convergence test.
//
// RUN: %sync-cxx-native -I%S/Inputs %s -o %t.native && %t.native | FileCheck %s
// CHECK: stamps: 3000 writes ok
#include "sync_test.h"

#include "karmem/sync/fallible_vector.h"
#include "karmem/sync/stamps.h"

using namespace karmem::sync;

constexpr uint32_t page = 256;

static std::vector<stamp> expand(const std::vector<stamped_span>& spans) {
  std::vector<stamp> bytes(page);
  for (size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    SYNC_CHECK(s.begin < s.end && s.end <= page, "span %zu [%u, %u)", i, s.begin, s.end);
    if (i > 0) {
      SYNC_CHECK(spans[i - 1].end <= s.begin, "spans %zu and %zu overlap or are unsorted", i - 1, i);
      SYNC_CHECK(!(spans[i - 1].end == s.begin && spans[i - 1].s == s.s), "equal neighbours %zu not merged", i);
    }
    SYNC_CHECK(s.s.time > 0, "a span holds the baseline stamp");
    for (uint32_t b = s.begin; b < s.end; ++b) bytes[b] = s.s;
  }
  return bytes;
}

int main() {
  sync_test::rng r(11);
  std::vector<stamped_span> spans, scratch;
  std::vector<stamp> model(page);
  int writes = 0, newest_writes = 0;
  for (int round = 0; round < 100; ++round) {
    spans.clear();
    model.assign(page, stamp{});
    for (int w = 0; w < 30; ++w, ++writes) {
      // Random sorted disjoint non-adjacent ranges.
      std::vector<byte_range> ranges;
      uint32_t pos = static_cast<uint32_t>(r.below(8));
      while (pos < page && ranges.size() < 6) {
        const uint32_t len = 1 + static_cast<uint32_t>(r.below(std::min<uint32_t>(40, page - pos)));
        ranges.push_back({pos, len});
        pos += len + 1 + static_cast<uint32_t>(r.below(60));
      }
      const stamp s{1 + r.below(20), static_cast<uint32_t>(r.below(4))};
      std::vector<uint8_t> won(page, 0);
      const auto before = spans;
      const size_t predicted = stamps_after(spans, ranges, s);
      const bool newest = std::all_of(spans.begin(), spans.end(), [&](const stamped_span& x) { return x.s < s; });
      const size_t bound = stamps_bound(spans.size(), ranges.size(), newest);
      SYNC_CHECK(predicted <= std::min<size_t>(page, bound), "bound: %zu spans > %zu (newest %d)", predicted, bound,
                 newest);
      newest_writes += newest;
      // The same write into fallible vectors holding exactly the predicted room.
      fallible_vector<stamped_span> fspans, fscratch;
      SYNC_CHECK(fspans.reserve(std::max(predicted, spans.size())) && fscratch.reserve(predicted), "reserve");
      fspans.assign(spans.data(), spans.data() + spans.size());
      write_stamps(fspans, ranges, s, fscratch, [](size_t, uint32_t, uint32_t) {});
      write_stamps(spans, ranges, s, scratch, [&](size_t ri, uint32_t off, uint32_t len) {
        SYNC_CHECK(ri < ranges.size() && off >= ranges[ri].offset &&
                       off + len <= ranges[ri].offset + ranges[ri].length,
                   "win [%u,+%u) outside range %zu", off, len, ri);
        for (uint32_t b = off; b < off + len; ++b) {
          SYNC_CHECK(!won[b], "byte %u reported twice", b);
          won[b] = 1;
        }
      });
      for (const auto& rg : ranges)
        for (uint32_t b = rg.offset; b < rg.offset + rg.length; ++b) {
          const bool wins = model[b] < s;
          SYNC_CHECK(won[b] == wins, "byte %u: won %d, model %d", b, won[b], wins);
          if (wins) model[b] = s;
        }
      for (uint32_t b = 0; b < page; ++b) {
        bool in = false;
        for (const auto& rg : ranges) in |= b >= rg.offset && b < rg.offset + rg.length;
        SYNC_CHECK(in || won[b] == 0, "byte %u outside the ranges reported", b);
      }
      SYNC_CHECK(spans.size() == predicted, "stamps_after said %zu, the merge made %zu", predicted, spans.size());
      SYNC_CHECK(std::equal(spans.begin(), spans.end(), fspans.begin(), fspans.end()), "fallible_vector spans differ");
      const auto bytes = expand(spans);
      for (uint32_t b = 0; b < page; ++b)
        SYNC_CHECK(bytes[b] == model[b], "byte %u stamp (%llu,%u), model (%llu,%u)", b,
                   (unsigned long long)bytes[b].time, bytes[b].peer, (unsigned long long)model[b].time, model[b].peer);
      // The same write again: nothing wins, nothing changes.
      const auto after = spans;
      write_stamps(spans, ranges, s, scratch, [&](size_t, uint32_t off, uint32_t) {
        SYNC_CHECK(false, "a repeated write won at %u", off);
      });
      SYNC_CHECK(spans == after, "a repeated write changed the spans");
      (void)before;
    }
  }
  SYNC_CHECK(newest_writes > 300 && newest_writes < writes - 300, "%d of %d writes newer than every stamp", newest_writes,
             writes);
  std::printf("stamps: %d writes ok (%d newer than every stamp)\n", writes, newest_writes);
}
