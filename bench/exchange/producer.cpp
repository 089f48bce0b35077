// The publishing module of the exchange benchmark (host.mjs runs it on
// Node's main thread). One channel per message size ("bench.k<kind>"); each
// message is a loan, filled with memcpy of a message encoded once before
// the timed loops (prepare_blob, or the game message the host writes into
// the buffer set_game returns), then published. The stamp (the shared clock
// just before publish(), the slot's address and the size) goes into the
// control region, where the consumer module reads it.
#include "blob.karmem.h"
#include "ctl.h"
#include "game.karmem.h"
#include <karmem/exchange.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <span>

namespace ex = karmem::exchange;

namespace {
constexpr uint32_t kinds = 5, game_kind = 3;
ex::publisher<Blob> *blobs[kinds] = {};
ex::publisher<game::Monsters> *game_pub = nullptr;
std::byte *source[kinds] = {};   // the pre-encoded message of each kind
uint32_t source_size[kinds] = {};
uint32_t expect[kinds] = {};     // payload length (Blob) or monster count (game), what the consumer checks
uint64_t next_seq[kinds] = {};   // the channel's next sequence number (one publisher)
uint32_t control = 0;            // address of the control region

template <class T> int64_t run(ex::publisher<T> &pub, uint32_t kind, uint32_t n, uint32_t mode, double gap_ms) {
  const uint32_t size = source_size[kind];
  if (mode == 0 || mode == 3) // one message in flight: wait for the consumer's ack
    store_release(control + ctl::ack, 0);
  *at<double>(control + ctl::t_start) = bench_now();
  for (uint32_t i = 0; i < n; ++i) {
    auto loan = [&] {
      for (;;)
        if (auto l = pub.loan(size); l || l.status() != ex::error::full)
          return l;
    }();
    if (!loan)
      return -int64_t(loan.status());
    if (mode != 2) // 2: publish only, the slot still holds the message from an earlier pass
      std::memcpy(loan.data(), source[kind], size);
    // One in flight: the loan is taken and written first (the ring has a
    // free slot), then the producer waits for the consumer's answer to the
    // previous message, so the consumer spins only from its answer to this
    // publish, not through the memcpy (on a busy 2-core machine a thread
    // that spins for milliseconds is likely to be descheduled by then).
    if (mode == 0 || mode == 3) {
      while (load_acquire(control + ctl::ack) != i) {
      }
      if (mode == 3 && i) { // blocking receive: let the consumer fall asleep first
        const double until = bench_now() + gap_ms;
        while (bench_now() < until) {
        }
      }
    }
    const uint64_t seq = next_seq[kind]++;
    std::byte *stamp = at<std::byte>(control + ctl::stamps + uint32_t(seq % ctl::stamp_count) * ctl::stamp_size);
    *reinterpret_cast<uint32_t *>(stamp + 8) = uint32_t(reinterpret_cast<uintptr_t>(loan.data()));
    *reinterpret_cast<uint32_t *>(stamp + 12) = size;
    *reinterpret_cast<double *>(stamp) = bench_now();
    if (auto e = loan.publish(size); e != ex::error::ok)
      return -int64_t(e);
  }
  return n;
}
} // namespace

EXPORT("source") uint32_t get_source(uint32_t kind) { return kind < kinds ? uint32_t(reinterpret_cast<uintptr_t>(source[kind])) : 0; }
EXPORT("source_size") uint32_t get_source_size(uint32_t kind) { return kind < kinds ? source_size[kind] : 0; }
EXPORT("expect") uint32_t get_expect(uint32_t kind) { return kind < kinds ? expect[kind] : 0; }
EXPORT("set_control") void set_control(uint32_t address) { control = address; }

// Opens (creates) the channel of `kind`; returns the error code (0 ok).
EXPORT("open") int open(uint32_t kind, uint32_t slots, uint32_t capacity) {
  const ex::channel_options o{slots, capacity, ex::when_full::refuse};
  if (kind == game_kind) {
    game_pub = new (std::malloc(sizeof *game_pub)) ex::publisher<game::Monsters>("bench.k3", o);
    return int(game_pub->status());
  }
  if (kind >= kinds)
    return -1;
  char name[] = "bench.k0";
  name[7] = char('0' + kind);
  blobs[kind] = new (std::malloc(sizeof(ex::publisher<Blob>))) ex::publisher<Blob>(name, o);
  return int(blobs[kind]->status());
}

// Encodes, once, the Blob of `kind` whose encoded size is at most `size`
// (the largest payload that fits). Returns its encoded size, 0 on failure.
EXPORT("prepare_blob") uint32_t prepare_blob(uint32_t kind, uint32_t size) {
  Blob b{};
  b.seq = kind;
  const uint64_t empty = karmem::encoded_size(b);
  if (size < empty || kind >= kinds)
    return 0;
  uint32_t len = uint32_t(size - empty);
  for (;; --len) {
    b.payload.resize(len);
    if (karmem::encoded_size(b) <= size)
      break;
  }
  for (uint32_t j = 0; j < len; ++j)
    b.payload[j] = blob_byte(j);
  const uint64_t n = karmem::encoded_size(b);
  source[kind] = static_cast<std::byte *>(std::aligned_alloc(64, (n + 63) & ~uint64_t(63)));
  karmem::fixed_writer w({source[kind], size_t(n)});
  if (!karmem::encode(w, b))
    return 0;
  source_size[kind] = uint32_t(n);
  expect[kind] = len;
  return w.size() == n ? uint32_t(n) : 0;
}

// A buffer of `size` bytes for the game message, which the host fills with
// test/golden/game_bench1000.bin (Karmem's own encoding of the 1000 monsters).
EXPORT("set_game") uint32_t set_game(uint32_t size) {
  source[game_kind] = static_cast<std::byte *>(std::aligned_alloc(64, (size + 63) & ~63u));
  source_size[game_kind] = size;
  expect[game_kind] = 1000;
  return uint32_t(reinterpret_cast<uintptr_t>(source[game_kind]));
}

// Publishes n messages of `kind`. mode 0: one in flight (each waits for the
// consumer's ack), memcpy into the loan; 1: streaming, memcpy into the loan;
// 2: streaming, publish only (no write); 3: like 0, and waits gap_ms after
// each ack so the consumer is asleep in receive_wait. Returns n or -error.
EXPORT("run") int64_t run(uint32_t kind, uint32_t n, uint32_t mode, double gap_ms) {
  if (kind == game_kind)
    return game_pub ? run(*game_pub, kind, n, mode, gap_ms) : -1;
  return kind < kinds && blobs[kind] ? run(*blobs[kind], kind, n, mode, gap_ms) : -1;
}
