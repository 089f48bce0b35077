// The subscribing module of the channel tests: reads Packet messages in place
// through views over the channel's slots and checks each one.
#include "packet.karmem.h"
#include <karmem/exchange.h>

#include <chrono>
#include <new>
#include <optional>

#define EXPORT(name) extern "C" __attribute__((export_name(name)))

namespace ex = karmem::exchange;

namespace {
alignas(ex::subscriber<Packet>) unsigned char storage[sizeof(ex::subscriber<Packet>)];
ex::subscriber<Packet> *sub = nullptr;
uint64_t last_seq = 0;
uint32_t last_size = 0;
uint64_t bad = 0; // messages whose checksum or sequence was wrong
std::optional<ex::message<Packet>> held;
} // namespace

EXPORT("open") int open() {
  if (sub)
    sub->~subscriber();
  sub = new (storage) ex::subscriber<Packet>("packets");
  return int(sub->status());
}

// A subscriber of another root type: its status (type_mismatch expected).
EXPORT("open_other") int open_other() { return int(ex::subscriber<Other>("packets").status()); }

// Checks one message in place; true when it is intact.
static bool check(const ex::message<Packet> &msg) {
  auto v = msg.view();
  last_seq = v.seq(), last_size = v.payload().size();
  return v.checksum() == packet_checksum(v.seq(), v.payload());
}

// Receives one message: its address in the memory (where the view reads),
// or -error. The message is released on return.
EXPORT("take") int64_t take() {
  auto msg = sub->receive();
  if (!msg)
    return -int64_t(msg.status());
  if (!check(msg))
    ++bad;
  return int64_t(reinterpret_cast<uintptr_t>(msg.bytes().data()));
}
// Receives a message and keeps it (the slot stays held) until check_held.
EXPORT("hold") int64_t hold() {
  held.emplace(sub->receive());
  return *held ? int64_t(reinterpret_cast<uintptr_t>(held->bytes().data())) : -int64_t(held->status());
}
// Reads the held message again (after the memory grew, say) and releases it:
// 1 when it is still intact.
EXPORT("check_held") int check_held() {
  const bool ok = held && *held && check(*held);
  held.reset();
  return ok;
}

EXPORT("last_seq") uint64_t get_last_seq() { return last_seq; }
EXPORT("last_size") uint32_t get_last_size() { return last_size; }
EXPORT("bad") uint64_t get_bad() { return bad; }

// Receives `count` messages, blocking up to `timeout_ms` for each, and
// checks that they are first, first+1, ... and intact. Returns how many
// arrived in order, or -error; bad() counts the torn ones.
EXPORT("receive_many") int64_t receive_many(uint64_t first, uint32_t count, uint32_t timeout_ms) {
  for (uint32_t i = 0; i < count; ++i) {
    auto msg = sub->receive_wait(std::chrono::milliseconds(timeout_ms));
    if (!msg)
      return -int64_t(msg.status());
    if (!check(msg))
      ++bad;
    if (last_seq != first + i)
      return i;
  }
  return count;
}

EXPORT("close") void close() {
  held.reset();
  if (sub)
    sub->~subscriber();
  sub = nullptr;
}
