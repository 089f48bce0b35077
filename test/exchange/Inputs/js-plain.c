/* A module that owns its memory (linked the ordinary way, not through
 * karmem_add_exchange_module: what another toolchain would make). It cannot
 * import the shared memory, so it joins a channel through the host's copy
 * bridge (runtime/js/channel.mjs bridgePublisher / bridgeSubscriber):
 * test/exchange/js-bridge.test. Packet (Inputs/packet.h) by hand, packed:
 * size u32 @0, Seq u64 @4, Checksum u32 @12, Payload []byte @16, then the
 * payload at 24. */
#include <stdint.h>
#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("bridge"), import_name(name)))

IMPORT("publish") int32_t bridge_publish(const void *message, uint32_t size);
IMPORT("receive") int32_t bridge_receive(void *buffer, uint32_t capacity);

static uint8_t out[8192], in[8192];
static uint64_t last_seq;
static uint32_t last_size, bad;

static uint8_t packet_byte(uint64_t seq, uint32_t *state) {
  if (!*state)
    *state = (uint32_t)(seq * 2654435761u) | 1u;
  *state ^= *state << 13, *state ^= *state >> 17, *state ^= *state << 5;
  return (uint8_t)*state;
}
static uint32_t packet_checksum(uint64_t seq, const uint8_t *bytes, uint32_t n) {
  uint32_t h = 2166136261u ^ (uint32_t)seq ^ (uint32_t)(seq >> 32) * 31u;
  for (uint32_t i = 0; i < n; ++i)
    h = (h ^ bytes[i]) * 16777619u;
  return h;
}
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* Encodes Packet `seq` in the module's own memory and hands it to the host:
 * 0, or the bridge's -error (-10 full). */
EXPORT("produce") int32_t produce(uint64_t seq, uint32_t size) {
  if (24 + size > sizeof out)
    return -9;
  uint32_t state = 0;
  for (uint32_t i = 0; i < size; ++i)
    out[24 + i] = packet_byte(seq, &state);
  put32(out, 24);
  memcpy(out + 4, &seq, 8);
  put32(out + 12, packet_checksum(seq, out + 24, size));
  put32(out + 16, 24);
  put32(out + 20, size);
  return bridge_publish(out, 24 + size);
}

/* Has the host copy the next message into the module's buffer (at most
 * `capacity` bytes) and checks it there: its size, or -error (-13 empty,
 * -9 too large for capacity). */
EXPORT("consume") int32_t consume(uint32_t capacity) {
  const int32_t n = bridge_receive(in, capacity < sizeof in ? capacity : sizeof in);
  if (n < 0)
    return n;
  const uint32_t off = get32(in + 16), len = get32(in + 20);
  if (n < 24 || (uint64_t)off + len > (uint32_t)n) {
    ++bad;
    return n;
  }
  memcpy(&last_seq, in + 4, 8);
  last_size = len;
  if (get32(in + 12) != packet_checksum(last_seq, in + off, len))
    ++bad;
  return n;
}

EXPORT("out_addr") uint32_t out_addr(void) { return (uint32_t)(uintptr_t)out; }
EXPORT("in_addr") uint32_t in_addr(void) { return (uint32_t)(uintptr_t)in; }
EXPORT("last_seq") uint64_t get_last_seq(void) { return last_seq; }
EXPORT("last_size") uint32_t get_last_size(void) { return last_size; }
EXPORT("bad") uint32_t get_bad(void) { return bad; }
