// The mutations both malformed corpora (patches and snapshots) run over a
// valid input: every truncation, every bit flip, and every byte past the
// first six rewritten (8 single-bit flips and 16 random values, the checksum
// recomputed so the rewrite reaches the reader's later checks). Each test
// says what it expects of each kind; this walks them in one fixed order, so a
// seed names the same cases natively and in wasm32.
#pragma once

#include "sync_test.h"

#include "karmem/sync/patch_format.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sync_test {

// Both formats end in the same u32le checksum over every byte before it.
inline void refresh_checksum(std::vector<uint8_t>& b) {
  const uint32_t sum = karmem::sync::format::checksum(b.data(), b.size() - 4);
  for (int i = 0; i < 4; ++i) b[b.size() - 4 + i] = static_cast<uint8_t>(sum >> (8 * i));
}

// Calls truncated(bytes), flipped(bytes, bit) and rewritten(bytes, at, value);
// returns the number of cases.
template <class Truncated, class Flipped, class Rewritten>
size_t for_each_mutation(const std::vector<uint8_t>& valid, uint64_t seed, Truncated&& truncated, Flipped&& flipped,
                         Rewritten&& rewritten) {
  size_t n = 0;
  for (size_t len = 0; len < valid.size(); ++len, ++n) truncated(std::vector<uint8_t>(valid.begin(), valid.begin() + len));
  for (size_t bit = 0; bit < valid.size() * 8; ++bit, ++n) {
    auto b = valid;
    b[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    flipped(b, bit);
  }
  rng rnd(seed);
  for (size_t at = 6; at + 4 < valid.size(); ++at)
    for (int k = 0; k < 24; ++k, ++n) {
      auto b = valid;
      const uint8_t v = k < 8 ? static_cast<uint8_t>(b[at] ^ (1u << k)) : static_cast<uint8_t>(rnd.next());
      if (v == b[at]) continue;
      b[at] = v;
      refresh_checksum(b);
      rewritten(b, at, v);
    }
  return n;
}

} // namespace sync_test
