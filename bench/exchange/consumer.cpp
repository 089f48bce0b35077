// The subscribing module of the exchange benchmark (host.mjs runs it in a
// worker_threads Worker). It receives each message in place, takes the
// shared clock as soon as receive() has returned and a view over the slot
// has read the root's first field, and only then checks the message: its
// sequence number, that it lies at the very address the producer wrote it
// (zero copy), its size, and through the view the payload's length and last
// byte (Blob) or the number of monsters (the game message).
#include "blob.karmem.h"
#include "ctl.h"
#include "game.karmem.h"
#include <karmem/exchange.h>

#include <chrono>
#include <cstdlib>
#include <new>

namespace ex = karmem::exchange;

namespace {
constexpr uint32_t kinds = 5, game_kind = 3;
ex::subscriber<Blob> *blobs[kinds] = {};
ex::subscriber<game::Monsters> *game_sub = nullptr;
uint64_t next_seq[kinds] = {};
uint32_t control = 0, latencies = 0; // addresses: the control region, f64 µs per message

struct first_read {
  uint32_t value;
  bool ok;
};
first_read read(const karmem::view<Blob> &v, uint32_t expect) {
  const uint32_t n = v.payload().size();
  return {n, n == expect};
}
first_read read(const karmem::view<game::Monsters> &v, uint32_t expect) {
  const uint32_t n = v.monsters().size();
  return {n, n == expect};
}
bool deep_check(const karmem::view<Blob> &v, uint32_t len) { return len == 0 || v.payload()[len - 1] == blob_byte(len - 1); }
// The last monster's health, as examples/game/bench_monsters.h makes it (2 i).
bool deep_check(const karmem::view<game::Monsters> &v, uint32_t n) { return n && v.monsters()[n - 1].data().health() == int16_t(2 * (n - 1)); }

template <class T> int64_t run(ex::subscriber<T> &sub, uint32_t kind, uint32_t n, uint32_t mode, uint32_t expect) {
  uint32_t &bad = *at<uint32_t>(control + ctl::bad);
  double *lat = at<double>(latencies);
  for (uint32_t i = 0; i < n; ++i) {
    auto msg = [&] {
      if (mode == 3)
        return sub.receive_wait(std::chrono::seconds(10));
      for (;;)
        if (auto m = sub.receive(); m || m.status() != ex::error::empty)
          return m;
    }();
    if (!msg)
      return -int64_t(msg.status());
    const auto v = msg.view();
    const first_read r = read(v, expect);
    const double t1 = bench_now();
    const uint64_t seq = msg.sequence();
    const std::byte *stamp = at<std::byte>(control + ctl::stamps + uint32_t(seq % ctl::stamp_count) * ctl::stamp_size);
    const uint32_t address = *reinterpret_cast<const uint32_t *>(stamp + 8);
    const uint32_t size = *reinterpret_cast<const uint32_t *>(stamp + 12);
    if (mode != 1)
      lat[i] = (t1 - *reinterpret_cast<const double *>(stamp)) * 1000.0;
    if (seq != next_seq[kind]++ || !r.ok || !deep_check(v, r.value) || msg.bytes().size() != size ||
        uint32_t(reinterpret_cast<uintptr_t>(msg.bytes().data())) != address)
      ++bad;
    msg.release();
    store_release(control + ctl::ack, i + 1);
  }
  *at<double>(control + ctl::t_end) = bench_now();
  return n;
}
} // namespace

EXPORT("set_control") void set_control(uint32_t c, uint32_t l) { control = c, latencies = l; }

EXPORT("open") int open(uint32_t kind) {
  if (kind == game_kind) {
    game_sub = new (std::malloc(sizeof *game_sub)) ex::subscriber<game::Monsters>("bench.k3");
    return int(game_sub->status());
  }
  if (kind >= kinds)
    return -1;
  char name[] = "bench.k0";
  name[7] = char('0' + kind);
  blobs[kind] = new (std::malloc(sizeof(ex::subscriber<Blob>))) ex::subscriber<Blob>(name);
  return int(blobs[kind]->status());
}

// Receives n messages of `kind`. mode 0: polling receive(), a latency per
// message; 1: polling, no latencies (throughput); 3: receive_wait (blocking
// on the channel's wake word), a latency per message. `expect`: the payload
// length (Blob) or monster count (game). Returns n or -error.
EXPORT("run") int64_t run(uint32_t kind, uint32_t n, uint32_t mode, uint32_t expect) {
  if (kind == game_kind)
    return game_sub ? run(*game_sub, kind, n, mode, expect) : -1;
  return kind < kinds && blobs[kind] ? run(*blobs[kind], kind, n, mode, expect) : -1;
}
