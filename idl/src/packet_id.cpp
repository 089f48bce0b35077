// Struct identifiers (spec §3): BLAKE2b, written here from RFC 7693, with the
// digest length set to 8 in the parameter block (not a truncated BLAKE2b-512),
// keyed by the BLAKE2b-256 digest of the schema's @key text when there is one.
// Tests: test/idl/ids-*.test.
#include "karmem/idl/packet_id.h"

#include <array>
#include <cstring>
#include <string>

namespace karmem::idl {

namespace {

// RFC 7693 §2.6: the initialisation vector (the SHA-512 IV).
constexpr std::array<uint64_t, 8> kIv = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
    0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
    0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL,
};

// RFC 7693 §2.7: message word schedule, one row per round (rounds 10 and 11
// reuse rows 0 and 1).
constexpr uint8_t kSigma[10][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
};

constexpr size_t kBlockBytes = 128;

uint64_t rotateRight(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

uint64_t loadLittleEndian64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i)
    v = (v << 8) | p[i];
  return v;
}

// BLAKE2b state for one digest (RFC 7693 §3).
class Blake2b {
public:
  // `digestBytes` in 1..64, `key` at most 64 bytes.
  Blake2b(size_t digestBytes, std::string_view key) : digestBytes_(digestBytes) {
    h_ = kIv;
    // Parameter block word 0: digest length, key length, fanout 1, depth 1.
    h_[0] ^= 0x01010000ULL ^ (uint64_t(key.size()) << 8) ^ uint64_t(digestBytes);
    if (!key.empty()) {
      // The key, zero-padded to a full block, is the first block of input.
      uint8_t block[kBlockBytes] = {};
      std::memcpy(block, key.data(), key.size());
      update(std::string_view(reinterpret_cast<const char *>(block), kBlockBytes));
    }
  }

  void update(std::string_view data) {
    for (char c : data) {
      // Compress a full buffer only once more input arrives: the last block
      // must be compressed with the final flag.
      if (buffered_ == kBlockBytes) {
        counter_ += kBlockBytes;
        compress(false);
        buffered_ = 0;
      }
      buffer_[buffered_++] = static_cast<uint8_t>(c);
    }
  }

  std::string finish() {
    counter_ += buffered_;
    std::memset(buffer_ + buffered_, 0, kBlockBytes - buffered_);
    compress(true);
    std::string out(digestBytes_, '\0');
    for (size_t i = 0; i < digestBytes_; ++i)
      out[i] = static_cast<char>(h_[i / 8] >> (8 * (i % 8)));
    return out;
  }

private:
  static void mix(uint64_t v[16], int a, int b, int c, int d, uint64_t x, uint64_t y) {
    v[a] = v[a] + v[b] + x;
    v[d] = rotateRight(v[d] ^ v[a], 32);
    v[c] = v[c] + v[d];
    v[b] = rotateRight(v[b] ^ v[c], 24);
    v[a] = v[a] + v[b] + y;
    v[d] = rotateRight(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotateRight(v[b] ^ v[c], 63);
  }

  // RFC 7693 §3.2, function F. The byte counter never exceeds 2^64 here, so
  // its high word is always 0.
  void compress(bool last) {
    uint64_t m[16];
    for (int i = 0; i < 16; ++i)
      m[i] = loadLittleEndian64(buffer_ + 8 * i);
    uint64_t v[16];
    for (int i = 0; i < 8; ++i) {
      v[i] = h_[i];
      v[i + 8] = kIv[i];
    }
    v[12] ^= counter_;
    if (last)
      v[14] = ~v[14];
    for (int round = 0; round < 12; ++round) {
      const uint8_t *s = kSigma[round % 10];
      mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
      mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
      mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
      mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
      mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
      mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
      mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
      mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; ++i)
      h_[i] ^= v[i] ^ v[i + 8];
  }

  std::array<uint64_t, 8> h_;
  size_t digestBytes_;
  uint64_t counter_ = 0;
  uint8_t buffer_[kBlockBytes] = {};
  size_t buffered_ = 0;
};

std::string blake2b(size_t digestBytes, std::string_view key, std::string_view data) {
  Blake2b state(digestBytes, key);
  state.update(data);
  return state.finish();
}

} // namespace

uint64_t packetIdentifier(std::string_view structName, std::optional<std::string_view> key) {
  std::string keyBytes;
  if (key)
    keyBytes = blake2b(32, {}, *key);
  const std::string digest = blake2b(8, keyBytes, structName);
  return loadLittleEndian64(reinterpret_cast<const uint8_t *>(digest.data()));
}

uint64_t structIdentifier(const Schema &schema, const Struct &s) {
  if (s.id)
    return *s.id;
  // Karmem takes the first @key tag of the header; an empty value still keys.
  for (const Tag &t : schema.headerTags)
    if (t.name == "key")
      return packetIdentifier(s.name, std::string_view(t.value));
  return packetIdentifier(s.name, std::nullopt);
}

} // namespace karmem::idl
