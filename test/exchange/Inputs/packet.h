// The message of the channel tests: a sequence number, a checksum and a
// payload of any size, so a lost, repeated or torn message is caught.
#pragma once
#include <karmem/karmem.h>
#include <cstdint>
#include <vector>

struct KARMEM_STRUCT(table) Packet {
  uint64_t seq;
  uint32_t checksum;
  std::vector<uint8_t> payload;
};
struct KARMEM_STRUCT(table) Other { uint32_t x; };

// Payload bytes of message `seq` (xorshift32 from the sequence number).
inline uint8_t packet_byte(uint64_t seq, uint32_t &state) {
  if (!state)
    state = uint32_t(seq * 2654435761u) | 1u;
  state ^= state << 13, state ^= state >> 17, state ^= state << 5;
  return uint8_t(state);
}
// FNV-1a over the payload, mixed with the sequence number.
template <class Bytes> uint32_t packet_checksum(uint64_t seq, const Bytes &bytes) {
  uint32_t h = 2166136261u ^ uint32_t(seq) ^ uint32_t(seq >> 32) * 31u;
  for (uint8_t b : bytes)
    h = (h ^ b) * 16777619u;
  return h;
}
