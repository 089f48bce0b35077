// The channel ring across threads, natively under ThreadSanitizer (the same
// code runs in wasm32 modules on Workers): one publisher, a polling and a
// blocking subscriber, and a third that keeps joining and leaving. Messages
// have random sizes and content derived from their sequence number. Under
// `refuse` the two steady subscribers see every message exactly once, in
// order, intact; under `drop oldest` what they see is in order and intact,
// and the publisher never waits. TSan reports any data race; a failure
// prints what went wrong.
// RUN: %clangxx -std=c++20 -I%runtime-include -I%S/Inputs -O1 -g -fsanitize=thread %s -o %t
// RUN: env TSAN_OPTIONS=halt_on_error=1 %t refuse 20000 | FileCheck %s --check-prefix=REFUSE
// RUN: env TSAN_OPTIONS=halt_on_error=1 %t drop 20000 | FileCheck %s --check-prefix=DROP
// REFUSE: refuse: 20000 published; poller 20000 in order, intact; waiter 20000 in order, intact; churner intact
// DROP: drop: 20000 published; poller in order, intact; waiter in order, intact; churner intact
#include "karmem/exchange/channel.h"
#include "native_memory.h"

#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>

using namespace karmem::exchange;
using namespace std::chrono_literals;

static uint32_t size_of(uint64_t seq) { return uint32_t((seq * 2654435761u) % 4097); }
static bool intact(const received &r) {
  if (r.size != size_of(r.sequence))
    return false;
  for (uint32_t i = 0; i < r.size; ++i)
    if (r.data[i] != std::byte(uint8_t(r.sequence + i * 7)))
      return false;
  return true;
}

struct tally {
  uint64_t count = 0, next = 0;
  bool ordered = true, whole = true;
  void see(const received &r, bool every) {
    ordered &= every ? r.sequence == next : r.sequence >= next;
    whole &= intact(r);
    next = r.sequence + 1;
    ++count;
  }
};

int main(int argc, char **argv) {
  const bool drop = argc > 1 && std::string(argv[1]) == "drop";
  const uint64_t total = argc > 2 ? std::stoull(argv[2]) : 100000;
  native_memory m(64 << 20, 1 << 20);
  region_table table(m.view());
  table.format(64, 32, 16 << 20, 60 << 20);
  channel ch;
  if (channel::open(table, "stress", 9, {8, 4096, drop ? when_full::drop_oldest : when_full::refuse}, 1, ch) != error::ok)
    return 1;
  subscriber_end poll_end, wait_end;
  poll_end.join(ch, 2), wait_end.join(ch, 3);
  std::atomic<bool> done{false};
  tally polled, waited;
  bool churn_whole = true;

  std::thread poller([&] {
    received r;
    for (;;) {
      const bool finished = done.load(); // read before the last look: nothing is published after it
      if (poll_end.receive(r) == error::ok) {
        polled.see(r, !drop);
        poll_end.release(r.slot);
      } else if (finished) {
        break;
      } else {
        std::this_thread::yield();
      }
    }
  });
  std::thread waiter([&] {
    received r;
    for (;;) {
      const error e = wait_end.receive_wait(r, 20ms);
      if (e == error::timeout && done.load())
        break;
      if (e != error::ok)
        continue;
      waited.see(r, !drop);
      wait_end.release(r.slot);
    }
  });
  std::thread churner([&] {
    received r;
    while (!done.load()) {
      subscriber_end s;
      if (s.join(ch, 4) != error::ok)
        continue;
      for (int i = 0; i < 50 && s.receive(r) == error::ok; ++i) {
        churn_whole &= intact(r);
        s.release(r.slot);
      }
      std::this_thread::yield();
    } // leaving releases whatever it did not read
  });

  publisher_end pub;
  pub.attach(ch, 1);
  for (uint64_t seq = 0; seq < total;) {
    std::byte *slot = nullptr;
    const error e = pub.loan(size_of(seq), slot);
    if (e == error::full) { // refuse: wait for the readers; drop oldest: one holds the slot
      std::this_thread::yield();
      continue;
    }
    for (uint32_t i = 0; i < size_of(seq); ++i)
      slot[i] = std::byte(uint8_t(seq + i * 7));
    pub.publish(size_of(seq));
    ++seq;
  }
  done.store(true);
  poller.join(), waiter.join(), churner.join();

  if (drop) {
    std::printf("drop: %llu published; poller %s, %s; waiter %s, %s; churner %s\n", (unsigned long long)total,
                polled.ordered ? "in order" : "OUT OF ORDER", polled.whole ? "intact" : "TORN",
                waited.ordered ? "in order" : "OUT OF ORDER", waited.whole ? "intact" : "TORN",
                churn_whole ? "intact" : "TORN");
  } else {
    std::printf("refuse: %llu published; poller %llu %s, %s; waiter %llu %s, %s; churner %s\n", (unsigned long long)total,
                (unsigned long long)polled.count, polled.ordered ? "in order" : "OUT OF ORDER",
                polled.whole ? "intact" : "TORN", (unsigned long long)waited.count,
                waited.ordered ? "in order" : "OUT OF ORDER", waited.whole ? "intact" : "TORN",
                churn_whole ? "intact" : "TORN");
  }
  return 0;
}
