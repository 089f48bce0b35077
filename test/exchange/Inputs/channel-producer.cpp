// The publishing module of the channel tests (test/exchange/channel-*.test):
// encodes Packet messages straight into the channel's slots.
#include "packet.karmem.h"
#include <karmem/exchange.h>

#include <new>

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace {
alignas(karmem::exchange::publisher<Packet>) unsigned char storage[sizeof(karmem::exchange::publisher<Packet>)];
karmem::exchange::publisher<Packet> *pub = nullptr;
Packet packet;
uint32_t last_error = 0;
} // namespace

// Opens (creating it if needed) the channel "packets"; returns an error code.
EXPORT("open") int open(uint32_t slots, uint32_t capacity, uint32_t policy) {
  if (pub)
    pub->~publisher();
  pub = new (storage) karmem::exchange::publisher<Packet>(
      "packets", {slots, capacity, karmem::exchange::when_full(policy)});
  return int(pub->status());
}

// Encodes message `seq` with `size` payload bytes in a loaned slot and
// publishes it. Returns the address the message was written at, or -error.
EXPORT("send") int64_t send(uint64_t seq, uint32_t size) {
  packet.seq = seq;
  packet.payload.resize(size);
  uint32_t state = 0;
  for (auto &b : packet.payload)
    b = packet_byte(seq, state);
  packet.checksum = packet_checksum(seq, packet.payload);
  auto loan = pub->loan(karmem::encoded_size(packet));
  if (!loan)
    return -int64_t(loan.status());
  karmem::encode(loan, packet);
  const auto at = reinterpret_cast<uintptr_t>(loan.data());
  if (auto e = loan.publish(); e != karmem::exchange::error::ok)
    return -int64_t(e);
  return int64_t(at);
}

// Sends messages first .. first+count-1 with payload sizes in [0, max_size],
// retrying while the ring is full (the subscriber is on another thread).
// Returns how many were sent, or -error.
EXPORT("send_many") int64_t send_many(uint64_t first, uint32_t count, uint32_t max_size) {
  uint32_t sizes = uint32_t(first) | 1u;
  for (uint32_t i = 0; i < count; ++i) {
    sizes ^= sizes << 13, sizes ^= sizes >> 17, sizes ^= sizes << 5;
    const uint32_t size = max_size ? sizes % (max_size + 1) : 0;
    int64_t r;
    while ((r = send(first + i, size)) == -int64_t(karmem::exchange::error::full)) {
    }
    if (r < 0)
      return r;
  }
  return count;
}

// Grows the memory by `pages` from inside a module: the old size in pages, or -1.
EXPORT("grow_memory") int grow_memory(uint32_t pages) { return int(__builtin_wasm_memory_grow(0, pages)); }

EXPORT("close") void close() {
  if (pub)
    pub->~publisher();
  pub = nullptr;
}
