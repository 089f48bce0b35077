// The exchange core natively (the same code wasm32 modules run): the region
// table (create, find, every corruption reported, growth keeps regions), and
// channels (one publisher and three subscribers, ring full under both
// policies, a held slot never overwritten, wrong type, too large, a second
// publisher, leave releases what a subscriber held), under ASan and UBSan.
// RUN: %asan-cxx -Wall -Wextra -Werror -I%S/Inputs %s -o %t && %t | FileCheck %s
#include "karmem/exchange/channel.h"
#include "native_memory.h"

#include <cstdio>
#include <vector>

using namespace karmem::exchange;
namespace L = karmem::exchange::layout;

static const char *name(error e) { return error_name(e); }

static void table_tests() {
  native_memory m(64 << 20, 1 << 20);
  region_table t(m.view());
  // CHECK: find before format: corrupt
  std::printf("find before format: %s\n", name(t.find("x").status));
  // CHECK-NEXT: format with heap in the table page: invalid_argument
  std::printf("format with heap in the table page: %s\n", name(t.format(64, 32, 4096, 1 << 30)));
  // CHECK-NEXT: format: ok
  std::printf("format: %s\n", name(t.format(64, 32, 16 << 20, 48 << 20)));
  // CHECK-NEXT: create a: ok at 16777216 size 100, memory grew: 1
  region_result a = t.create("a", 100, L::kind_raw, 7, 0);
  std::printf("create a: %s at %u size %u, memory grew: %d\n", name(a.status), a.value.offset, a.value.size,
              int(m.usable.load() >= (16u << 20) + 100));
  std::memset(m.bytes + a.value.offset, 0xab, 100);
  // CHECK-NEXT: create b: ok at 16777344
  region_result b = t.create("b", 64, L::kind_raw, 0, 0);
  std::printf("create b: %s at %u\n", name(b.status), b.value.offset);
  // CHECK-NEXT: create a again: exists at 16777216
  region_result again = t.create("a", 5, L::kind_raw, 0, 0);
  std::printf("create a again: %s at %u\n", name(again.status), again.value.offset);
  // CHECK-NEXT: find b: ok id 0, find c: not_found
  std::printf("find b: %s id %llu, find c: %s\n", name(t.find("b").status),
              (unsigned long long)t.find("b").value.struct_id, name(t.find("c").status));
  // CHECK-NEXT: names: empty invalid_argument, 32 bytes invalid_argument, 31 bytes ok
  std::printf("names: empty %s, 32 bytes %s, 31 bytes %s\n", name(t.create("", 8, L::kind_raw, 0, 0).status),
              name(t.create(std::string(32, 'n'), 8, L::kind_raw, 0, 0).status),
              name(t.create(std::string(31, 'n'), 8, L::kind_raw, 0, 0).status));
  // CHECK-NEXT: past the heap limit: out_of_memory, table unchanged: 1
  const uint32_t count = karmem::exchange::load<uint32_t>(m.bytes + L::table_address + L::table_field::entry_count);
  std::printf("past the heap limit: %s, table unchanged: %d\n", name(t.create("big", 40 << 20, L::kind_raw, 0, 0).status),
              int(count == karmem::exchange::load<uint32_t>(m.bytes + L::table_address + L::table_field::entry_count)));
  // CHECK-NEXT: a's bytes after growth: intact
  m.view().ensure(40 << 20);
  bool intact = true;
  for (int i = 0; i < 100; ++i)
    intact &= m.bytes[a.value.offset + i] == std::byte{0xab};
  std::printf("a's bytes after growth: %s\n", intact ? "intact" : "CHANGED");

  // Corruptions: each is reported, nothing is followed.
  std::byte *h = m.bytes + L::table_address;
  std::byte *e0 = h + L::table_header_size;
  auto corrupt = [&](const char *what, std::byte *at, uint32_t value, int width) {
    std::byte saved[4];
    std::memcpy(saved, at, width);
    std::memcpy(at, &value, width);
    std::printf("%s: find %s, create %s\n", what, name(t.find("a").status), name(t.create("z", 8, L::kind_raw, 0, 0).status));
    std::memcpy(at, saved, width);
  };
  // CHECK-NEXT: magic: find corrupt, create corrupt
  corrupt("magic", h + L::table_field::magic, 0x12345678, 4);
  // CHECK-NEXT: version 2: find version_mismatch, create version_mismatch
  corrupt("version 2", h + L::table_field::version, 2, 2);
  // CHECK-NEXT: count past capacity: find corrupt, create corrupt
  corrupt("count past capacity", h + L::table_field::entry_count, 65, 4);
  // CHECK-NEXT: capacity past the limit: find corrupt, create corrupt
  corrupt("capacity past the limit", h + L::table_field::entry_capacity, 1000, 2);
  // CHECK-NEXT: entry past heap next: find corrupt, create corrupt
  corrupt("entry past heap next", e0 + L::entry_field::offset, 0x7fffff00, 4);
  // CHECK-NEXT: unterminated name: find corrupt, create corrupt
  std::byte name_saved[32];
  std::memcpy(name_saved, e0, 32);
  std::memset(e0, 'q', 32);
  std::printf("unterminated name: find %s, create %s\n", name(t.find("a").status),
              name(t.create("z", 8, L::kind_raw, 0, 0).status));
  std::memcpy(e0, name_saved, 32);
  // CHECK-NEXT: after repair: find a ok
  std::printf("after repair: find a %s\n", name(t.find("a").status));
}

// A message of n bytes whose content is derived from its sequence number.
static void fill(std::byte *p, uint32_t n, uint64_t seq) {
  for (uint32_t i = 0; i < n; ++i)
    p[i] = std::byte(uint8_t(seq * 31 + i));
}
static bool check(const received &r) {
  for (uint32_t i = 0; i < r.size; ++i)
    if (r.data[i] != std::byte(uint8_t(r.sequence * 31 + i)))
      return false;
  return true;
}
static error publish(publisher_end &p, uint32_t n, uint64_t seq) {
  std::byte *slot = nullptr;
  if (error e = p.loan(n, slot); e != error::ok)
    return e;
  fill(slot, n, seq);
  return p.publish(n);
}

static void channel_tests() {
  native_memory m(64 << 20, 1 << 20);
  region_table t(m.view());
  t.format(64, 32, 16 << 20, 60 << 20);
  channel ch;
  // CHECK: open with 3 slots: invalid_argument
  std::printf("open with 3 slots: %s\n", name(channel::open(t, "bad", 1, {3, 64, when_full::refuse}, 1, ch)));
  // CHECK-NEXT: open: ok, 4 slots of 64 bytes
  std::printf("open: %s, %u slots of %u bytes\n", name(channel::open(t, "c", 42, {4, 60, when_full::refuse}, 1, ch)),
              ch.slot_count(), ch.slot_capacity());
  channel other;
  // CHECK-NEXT: open with another struct id: type_mismatch
  std::printf("open with another struct id: %s\n", name(channel::open(t, "c", 43, {}, 1, other)));
  t.create("raw", 64, L::kind_raw, 42, 0);
  // CHECK-NEXT: open a raw region as a channel: type_mismatch
  std::printf("open a raw region as a channel: %s\n", name(channel::open(t, "raw", 42, {}, 1, other)));

  publisher_end pub, second;
  pub.attach(ch, 1);
  // CHECK-NEXT: second publisher: busy
  std::printf("second publisher: %s\n", name(second.attach(ch, 2)));
  subscriber_end subs[3];
  for (auto &s : subs)
    s.join(ch, 5);
  // CHECK-NEXT: too large: too_large
  std::byte *slot;
  std::printf("too large: %s\n", name(pub.loan(65, slot)));
  // CHECK-NEXT: published 4: ok ok ok ok, fifth: full
  error e[5];
  for (uint64_t s = 0; s < 5; ++s)
    e[s] = publish(pub, uint32_t(8 + s), s);
  std::printf("published 4: %s %s %s %s, fifth: %s\n", name(e[0]), name(e[1]), name(e[2]), name(e[3]), name(e[4]));
  // Every subscriber reads all four, in order, in place.
  bool in_order = true, same_place = true;
  for (auto &s : subs) {
    for (uint64_t q = 0; q < 4; ++q) {
      received r;
      in_order &= s.receive(r) == error::ok && r.sequence == q && r.size == 8 + q && check(r);
      same_place &= r.data == ch.slot(q) + L::slot_field::message;
      if (q < 3)
        s.release(r.slot);
    }
  }
  // CHECK-NEXT: three subscribers read 0..3 in order: 1, at the publisher's bytes: 1
  std::printf("three subscribers read 0..3 in order: %d, at the publisher's bytes: %d\n", int(in_order), int(same_place));
  // CHECK-NEXT: then: empty
  received r;
  std::printf("then: %s\n", name(subs[0].receive(r)));
  // Slots 0..2 are free again, 3 is held by everyone.
  // CHECK-NEXT: 4, 5, 6: ok ok ok, 7 (slot held): full
  error f[4];
  for (uint64_t s = 4; s < 8; ++s)
    f[s - 4] = publish(pub, 16, s);
  std::printf("4, 5, 6: %s %s %s, 7 (slot held): %s\n", name(f[0]), name(f[1]), name(f[2]), name(f[3]));
  for (auto &s : subs)
    s.release(ch.slot(3));
  // CHECK-NEXT: after release, 7: ok
  std::printf("after release, 7: %s\n", name(publish(pub, 16, 7)));
  // A leaving subscriber releases everything it had not read.
  subs[2].leave();
  for (int i = 0; i < 2; ++i)
    for (uint64_t q = 4; q < 8; ++q)
      if (subs[i].receive(r) == error::ok)
        subs[i].release(r.slot);
  // CHECK-NEXT: after one left and two read: 8 9 10 11: ok ok ok ok
  error g[4];
  for (uint64_t s = 8; s < 12; ++s)
    g[s - 8] = publish(pub, 16, s);
  std::printf("after one left and two read: 8 9 10 11: %s %s %s %s\n", name(g[0]), name(g[1]), name(g[2]), name(g[3]));
  // CHECK-NEXT: 32 joins: 30 more ok, then no_subscriber_slot
  std::vector<subscriber_end> many(31);
  int joined = 0;
  error last = error::ok;
  for (auto &s : many)
    if ((last = s.join(ch, 9)) == error::ok)
      ++joined;
  std::printf("32 joins: %d more ok, then %s\n", joined, name(last));
}

static void drop_oldest_tests() {
  native_memory m(64 << 20, 1 << 20);
  region_table t(m.view());
  t.format(64, 32, 16 << 20, 60 << 20);
  channel ch;
  channel::open(t, "d", 1, {2, 64, when_full::drop_oldest}, 1, ch);
  publisher_end pub;
  pub.attach(ch, 1);
  subscriber_end slow, holder;
  slow.join(ch, 2), holder.join(ch, 3);
  publish(pub, 8, 0), publish(pub, 8, 1);
  received held;
  holder.receive(held); // holds 0
  // CHECK: drop oldest, 0 held by one subscriber: full
  std::printf("drop oldest, 0 held by one subscriber: %s\n", name(publish(pub, 8, 2)));
  holder.release(held.slot);
  // CHECK-NEXT: released: 2 ok, the slow one skips to 1: ok seq 1 intact 1
  const error ok2 = publish(pub, 8, 2);
  received r;
  const error got = slow.receive(r);
  std::printf("released: 2 %s, the slow one skips to 1: %s seq %llu intact %d\n", name(ok2), name(got),
              (unsigned long long)r.sequence, int(check(r)));
}

int main() {
  table_tests();
  channel_tests();
  drop_oldest_tests();
  return 0;
}
