/* A plain C11 module on the exchange (test/exchange/c-channel.test): it
 * publishes Packet messages (test/exchange/Inputs/packet.h) encoded by hand
 * from the Karmem format, straight into a channel's slots, and receives the
 * C++ producer's messages in place, through karmem/exchange_c.h only. */
#include <karmem/exchange_c.h>

#include <string.h>

#define EXPORT(name) __attribute__((export_name(name)))

/* Karmem's id of `Packet` (spec §3: BLAKE2b-64 of the name), what Karmem's C
 * generator names EnumPacketIdentifierPacket. */
#define PACKET_ID 6799584335970905654ull

/* packet.h's payload bytes and checksum, in C. */
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

/* Packet, packed (packet.km): table { size u32 @0; Seq u64 @4; Checksum u32
 * @12; Payload []byte @16 (offset u32, byte length u32) }, content 24, then
 * the payload block at 24. */
enum { PACKET_ROOT = 24 };
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static karmem_exchange_publisher pub;
static karmem_exchange_subscriber sub;
static karmem_exchange_message held[8];
static uint32_t held_count;
static uint64_t last_seq;
static uint32_t last_size, bad;

EXPORT("pub_open") int pub_open(uint32_t slots, uint32_t capacity, uint32_t policy) {
  karmem_exchange_channel_options o = {slots, capacity, policy};
  return karmem_exchange_publisher_open(&pub, "packets", PACKET_ID, &o);
}
EXPORT("pub_close") void pub_close(void) { karmem_exchange_publisher_close(&pub); }

/* Loans a slot, encodes Packet `seq` with `size` payload bytes into it, and
 * publishes it: the message's address, or -error. */
EXPORT("pub_send") int64_t pub_send(uint64_t seq, uint32_t size) {
  void *slot;
  int e = karmem_exchange_publisher_loan(&pub, PACKET_ROOT + size, &slot);
  if (e != KARMEM_EXCHANGE_OK)
    return -e;
  uint8_t *m = slot;
  uint32_t state = 0;
  for (uint32_t i = 0; i < size; ++i)
    m[PACKET_ROOT + i] = packet_byte(seq, &state);
  put32(m, PACKET_ROOT);
  put64(m + 4, seq);
  put32(m + 12, packet_checksum(seq, m + PACKET_ROOT, size));
  put32(m + 16, PACKET_ROOT);
  put32(m + 20, size);
  if ((e = karmem_exchange_publisher_publish(&pub, PACKET_ROOT + size)) != KARMEM_EXCHANGE_OK)
    return -e;
  return (int64_t)(uintptr_t)m;
}

/* A loan given back: the next loan gets the same slot, nothing is published. */
EXPORT("pub_abandon_twice") int64_t pub_abandon_twice(void) {
  void *a, *b, *c;
  int e = karmem_exchange_publisher_loan(&pub, 8, &a);
  if (e != KARMEM_EXCHANGE_OK)
    return -e;
  if ((e = karmem_exchange_publisher_loan(&pub, 8, &c)) != KARMEM_EXCHANGE_BUSY)
    return -100 - e; /* a second loan while one is open is busy */
  karmem_exchange_publisher_abandon(&pub);
  if ((e = karmem_exchange_publisher_loan(&pub, 8, &b)) != KARMEM_EXCHANGE_OK)
    return -e;
  karmem_exchange_publisher_abandon(&pub);
  return a == b ? (int64_t)(uintptr_t)a : -200;
}

EXPORT("pub_too_large") int pub_too_large(void) {
  karmem_exchange_channel_info info;
  karmem_exchange_publisher_info(&pub, &info);
  void *slot;
  return karmem_exchange_publisher_loan(&pub, info.slot_capacity + 1, &slot);
}

EXPORT("sub_open") int sub_open(void) { return karmem_exchange_subscriber_open(&sub, "packets", PACKET_ID, NULL); }
EXPORT("sub_close") void sub_close(void) { karmem_exchange_subscriber_close(&sub); held_count = 0; }
EXPORT("open_wrong_type") int open_wrong_type(void) {
  karmem_exchange_subscriber other = {0};
  int e = karmem_exchange_subscriber_open(&other, "packets", PACKET_ID + 1, NULL);
  karmem_exchange_subscriber_close(&other);
  return e;
}
EXPORT("pub_open_second") int pub_open_second(void) {
  karmem_exchange_publisher second = {0};
  int e = karmem_exchange_publisher_open(&second, "packets", PACKET_ID, NULL);
  karmem_exchange_publisher_close(&second);
  return e;
}

/* Reads Packet in place and checks it; 1 when intact. */
static int check(const karmem_exchange_message *m) {
  const uint8_t *p = m->data;
  if (m->size < PACKET_ROOT || get32(p) < PACKET_ROOT)
    return 0;
  const uint32_t off = get32(p + 16), len = get32(p + 20);
  if ((uint64_t)off + len > m->size)
    return 0;
  last_seq = get64(p + 4), last_size = len;
  return get32(p + 12) == packet_checksum(last_seq, p + off, len);
}

/* Receives one message (waiting up to timeout_ns), checks it in place and
 * releases it: its address, or -error. */
static int64_t take_one(int64_t timeout_ns, int hold) {
  karmem_exchange_message m;
  int e = timeout_ns ? karmem_exchange_subscriber_receive_wait(&sub, &m, timeout_ns)
                     : karmem_exchange_subscriber_receive(&sub, &m);
  if (e != KARMEM_EXCHANGE_OK)
    return -e;
  if (!check(&m))
    ++bad;
  const int64_t at = (int64_t)(uintptr_t)m.data;
  if (hold && held_count < 8)
    held[held_count++] = m;
  else
    karmem_exchange_subscriber_release(&sub, &m), karmem_exchange_subscriber_release(&sub, &m); /* twice: harmless */
  return at;
}
EXPORT("sub_take") int64_t sub_take(void) { return take_one(0, 0); }
EXPORT("sub_take_wait") int64_t sub_take_wait(int64_t timeout_ns) { return take_one(timeout_ns, 0); }
/* Receives and keeps the message (its slot stays held) until release_held. */
EXPORT("sub_hold") int64_t sub_hold(void) { return take_one(0, 1); }
EXPORT("release_held") uint32_t release_held(void) {
  const uint32_t n = held_count;
  for (uint32_t i = 0; i < n; ++i)
    karmem_exchange_subscriber_release(&sub, &held[i]);
  held_count = 0;
  return n;
}
EXPORT("last_seq") uint64_t get_last_seq(void) { return last_seq; }
EXPORT("last_size") uint32_t get_last_size(void) { return last_size; }
EXPORT("bad") uint32_t get_bad(void) { return bad; }
EXPORT("module_id") uint32_t module_id(void) { return karmem_exchange_module_id(); }
EXPORT("error_name") const char *error_name(int code) { return karmem_exchange_error_name(code); }

/* Regions: create, find, exists with the same region, errors. Returns the
 * region's address, or -error; *detail gets what went wrong. */
EXPORT("regions") int64_t regions(void) {
  karmem_exchange_region a, b, c;
  int e = karmem_exchange_region_create("c-raw", 1000, 42, &a);
  if (e != KARMEM_EXCHANGE_OK)
    return -e;
  memset(a.data, 0xAB, a.size); /* it is ours, zeroed, 1000 bytes */
  if ((e = karmem_exchange_region_find("c-raw", &b)) != KARMEM_EXCHANGE_OK)
    return -100 - e;
  if ((e = karmem_exchange_region_create("c-raw", 8, 0, &c)) != KARMEM_EXCHANGE_EXISTS || c.offset != a.offset)
    return -200 - e;
  if (karmem_exchange_region_find("nope", &c) != KARMEM_EXCHANGE_NOT_FOUND ||
      karmem_exchange_region_find("", &c) != KARMEM_EXCHANGE_INVALID_ARGUMENT ||
      karmem_exchange_region_find("a-name-of-thirty-two-bytes-long!", &c) != KARMEM_EXCHANGE_INVALID_ARGUMENT ||
      karmem_exchange_region_create("zero", 0, 0, &c) != KARMEM_EXCHANGE_INVALID_ARGUMENT)
    return -300;
  if (b.data != a.data || b.offset % 64 || b.size != 1000 || b.struct_id != 42 || b.kind != KARMEM_EXCHANGE_KIND_RAW ||
      b.owner != karmem_exchange_module_id())
    return -400;
  return (int64_t)(uintptr_t)a.data;
}
