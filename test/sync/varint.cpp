// Varints of the patch format (native only: portable integer code that the
// wasm32 convergence and corpus tests exercise there): every value
// round-trips in its shortest form;
// longer forms, values past 64 bits and cut-off varints are rejected without
// moving the read position.
//
// RUN: %sync-cxx-native -I%S/Inputs %s -o %t.native && %t.native | FileCheck %s
// CHECK: varint: {{[0-9]+}} values ok
#include "sync_test.h"

#include "karmem/sync/detail/varint.h"

namespace v = karmem::sync::varint;

static v::status decode(std::vector<uint8_t> bytes, uint64_t& out, size_t& used) {
  const uint8_t* p = bytes.data();
  out = 12345;
  v::status s = v::get(p, bytes.data() + bytes.size(), out);
  used = static_cast<size_t>(p - bytes.data());
  return s;
}

int main() {
  std::vector<uint64_t> values = {0, 1, 127, 128, 255, 16383, 16384, (1ull << 32) - 1, 1ull << 32,
                                  (1ull << 63) - 1, 1ull << 63, ~0ull};
  sync_test::rng r(7);
  for (int i = 0; i < 2000; ++i) values.push_back(r.next() >> r.below(64));
  for (uint64_t x : values) {
    std::vector<uint8_t> b;
    v::append(b, x);
    SYNC_CHECK(b.size() == v::size(x), "size(%llu)", (unsigned long long)x);
    uint64_t got;
    size_t used;
    SYNC_CHECK(decode(b, got, used) == v::status::ok && got == x && used == b.size(), "round trip %llu",
               (unsigned long long)x);
    // Every strict prefix is truncated and leaves the output untouched.
    for (size_t n = 0; n < b.size(); ++n) {
      std::vector<uint8_t> cut(b.begin(), b.begin() + n);
      SYNC_CHECK(decode(cut, got, used) == v::status::truncated && used == 0 && got == 12345, "prefix %zu", n);
    }
    // A longer form of the same value (a continuation byte plus a 0) is not accepted.
    if (b.size() < v::max_bytes) {
      std::vector<uint8_t> longer = b;
      longer.back() |= 0x80;
      longer.push_back(0);
      SYNC_CHECK(decode(longer, got, used) == v::status::overlong && used == 0, "overlong %llu",
                 (unsigned long long)x);
    }
  }
  uint64_t got;
  size_t used;
  SYNC_CHECK(decode({0x80, 0x00}, got, used) == v::status::overlong, "zero in two bytes");
  // 2^64 and beyond: tenth byte > 1, or an eleventh byte.
  SYNC_CHECK(decode({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02}, got, used) == v::status::overlong,
             "2^64");
  SYNC_CHECK(decode({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00}, got, used) ==
                 v::status::overlong, "11 bytes");
  SYNC_CHECK(decode({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}, got, used) == v::status::ok &&
                 got == ~0ull, "2^64-1");
  std::printf("varint: %zu values ok\n", values.size());
}
