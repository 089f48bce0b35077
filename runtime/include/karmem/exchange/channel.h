// Channels (docs/exchange-layout.md §3): a bounded ring of slots in a region,
// one publisher, up to 32 subscribers, each with its own cursor. A publisher
// loans the next slot, encodes into it in place and publishes it; a
// subscriber receives it, reads it in place and releases it. A slot is reused
// only once every subscriber it was published to has released it, so no
// message is ever overwritten while someone reads it; nothing is copied.
//
// Untyped here (bytes and struct ids); karmem/exchange.h adds the typed
// publisher<T> / subscriber<T> over these.
#pragma once

#include "karmem/exchange/table.h"

#include <chrono>
#include <span>

namespace karmem::exchange {

enum class when_full : uint16_t { refuse = 0, drop_oldest = 1 };

struct channel_options {
  uint32_t slots = 4;                  // a power of two, 2 to 65536
  uint32_t slot_capacity = 64 * 1024;  // bytes a message may take, rounded up to 8
  when_full policy = when_full::refuse;
};

// A validated channel region.
class channel {
public:
  channel() = default;

  // Opens the channel `name`, creating it with `options` when it does not
  // exist (an existing channel keeps the geometry its creator chose).
  // `struct_id` must match the channel's (type_mismatch otherwise).
  static error open(const region_table &table, std::string_view name, uint64_t struct_id,
                    const channel_options &options, uint32_t owner, channel &out) noexcept {
    using namespace layout;
    region_result found = table.find(name);
    if (found.status == error::not_found) {
      if (options.slots < 2 || options.slots > max_slots || (options.slots & (options.slots - 1)) ||
          options.slot_capacity == 0 || options.slot_capacity > 0x7fffffffu - 64 ||
          (options.policy != when_full::refuse && options.policy != when_full::drop_oldest))
        return error::invalid_argument;
      const uint32_t capacity = (options.slot_capacity + 7) / 8 * 8;
      const uint64_t size = channel_header_size + uint64_t(options.slots) * slot_stride(capacity);
      if (size > 0xffffffffu)
        return error::out_of_memory;
      struct init_context {
        const channel_options &options;
        uint32_t capacity;
        uint64_t struct_id;
      } ctx{options, capacity, struct_id};
      found = table.create(name, uint32_t(size), kind_channel, struct_id, owner, [](void *c, std::byte *h) {
        const auto &x = *static_cast<init_context *>(c);
        store<uint16_t>(h + channel_field::version, uint16_t(version));
        store<uint16_t>(h + channel_field::policy, uint16_t(x.options.policy));
        store<uint32_t>(h + channel_field::slot_count, x.options.slots);
        store<uint32_t>(h + channel_field::slot_capacity, x.capacity);
        store<uint64_t>(h + channel_field::struct_id, x.struct_id);
        for (uint32_t i = 0; i < x.options.slots; ++i)
          store<uint64_t>(h + channel_header_size + i * slot_stride(x.capacity) + slot_field::sequence, never_used);
        store<uint32_t>(h + channel_field::magic, channel_magic);
      }, &ctx);
      if (found.status == error::exists) // created by someone else meanwhile
        found.status = error::ok;
    }
    if (!found)
      return found.status;
    return attach(table.mem(), found.value, struct_id, out);
  }

  // Validates the channel in region `r`.
  static error attach(const memory &mem, const region &r, uint64_t struct_id, channel &out) noexcept {
    using namespace layout;
    if (r.kind != kind_channel)
      return error::type_mismatch;
    if (r.size < channel_header_size)
      return error::corrupt;
    std::byte *h = mem.at(r.offset);
    if (load<uint32_t>(h + channel_field::magic) != channel_magic)
      return error::corrupt;
    if (load<uint16_t>(h + channel_field::version) != version)
      return error::version_mismatch;
    const uint32_t slots = load<uint32_t>(h + channel_field::slot_count);
    const uint32_t capacity = load<uint32_t>(h + channel_field::slot_capacity);
    const uint16_t policy = load<uint16_t>(h + channel_field::policy);
    if (slots < 2 || slots > max_slots || (slots & (slots - 1)) || capacity % 8 || policy > 1 ||
        channel_header_size + uint64_t(slots) * slot_stride(capacity) > r.size)
      return error::corrupt;
    if (load<uint64_t>(h + channel_field::struct_id) != struct_id || r.struct_id != struct_id)
      return error::type_mismatch;
    out = channel(h, slots, capacity, when_full(policy), mem.offset_of(h));
    return error::ok;
  }

  uint32_t slot_count() const noexcept { return slots_; }
  uint32_t slot_capacity() const noexcept { return capacity_; }
  when_full policy() const noexcept { return policy_; }
  uint32_t offset() const noexcept { return offset_; }

  std::byte *header() const noexcept { return h_; }
  std::byte *slot(uint64_t sequence) const noexcept {
    return h_ + layout::channel_header_size + (sequence & (slots_ - 1)) * layout::slot_stride(capacity_);
  }
  std::atomic_ref<uint64_t> cursor(uint32_t subscriber) const noexcept {
    return shared<uint64_t>(h_ + layout::channel_field::cursors + 8 * subscriber);
  }
  template <class T> std::atomic_ref<T> word(uint32_t field) const noexcept { return shared<T>(h_ + field); }

private:
  channel(std::byte *h, uint32_t slots, uint32_t capacity, when_full policy, uint32_t offset) noexcept
      : h_(h), slots_(slots), capacity_(capacity), policy_(policy), offset_(offset) {}

  std::byte *h_ = nullptr;
  uint32_t slots_ = 0, capacity_ = 0;
  when_full policy_ = when_full::refuse;
  uint32_t offset_ = 0;
};

// The publishing end. One per channel: a second is `busy`.
class publisher_end {
public:
  publisher_end() = default;
  publisher_end(const publisher_end &) = delete;
  publisher_end &operator=(const publisher_end &) = delete;
  publisher_end(publisher_end &&o) noexcept : ch_(o.ch_), id_(o.id_), loaned_(o.loaned_) { o.id_ = 0; }
  ~publisher_end() { detach(); }

  error attach(const channel &ch, uint32_t id) noexcept {
    detach();
    uint32_t expected = 0;
    if (!ch.word<uint32_t>(layout::channel_field::publisher).compare_exchange_strong(expected, id ? id : 1))
      return error::busy;
    ch_ = ch, id_ = id ? id : 1;
    return error::ok;
  }
  void detach() noexcept {
    if (id_)
      ch_.word<uint32_t>(layout::channel_field::publisher).store(0, std::memory_order_release);
    id_ = 0;
  }
  bool attached() const noexcept { return id_ != 0; }
  const channel &chan() const noexcept { return ch_; }

  // The payload of the next slot, for a message of `size` bytes; sets
  // `out` to it. too_large, full (see when_full), busy (a loan is open).
  error loan(uint64_t size, std::byte *&out) noexcept {
    using namespace layout;
    if (!id_)
      return error::invalid_argument;
    if (loaned_)
      return error::busy;
    if (size > ch_.slot_capacity())
      return error::too_large;
    const uint64_t s = ch_.word<uint64_t>(channel_field::next).load(std::memory_order_relaxed);
    std::byte *slot = ch_.slot(s);
    auto pending = shared<uint32_t>(slot + slot_field::pending);
    uint32_t held = pending.load(std::memory_order_acquire);
    if (held && ch_.policy() == when_full::drop_oldest && s >= ch_.slot_count())
      held = drop(s - ch_.slot_count(), held, pending);
    if (held)
      return error::full;
    loaned_ = true;
    out = slot + slot_field::message;
    return error::ok;
  }

  // Publishes the loaned slot as `size` bytes (at most the loan's size).
  error publish(uint64_t size) noexcept {
    using namespace layout;
    if (!loaned_ || size > ch_.slot_capacity())
      return error::invalid_argument;
    loaned_ = false;
    std::byte *h = ch_.header();
    bool wake;
    {
      lock_guard held(h + channel_field::lock, id_);
      const uint64_t s = ch_.word<uint64_t>(channel_field::next).load(std::memory_order_relaxed);
      std::byte *slot = ch_.slot(s);
      store<uint32_t>(slot + slot_field::size, uint32_t(size));
      shared<uint32_t>(slot + slot_field::pending).store(ch_.word<uint32_t>(channel_field::active).load(std::memory_order_relaxed),
                                                  std::memory_order_relaxed);
      shared<uint64_t>(slot + slot_field::sequence).store(s, std::memory_order_release);
      ch_.word<uint64_t>(channel_field::next).store(s + 1, std::memory_order_release);
      ch_.word<uint32_t>(channel_field::wake).fetch_add(1, std::memory_order_seq_cst);
      wake = ch_.word<uint32_t>(channel_field::waiters).load(std::memory_order_seq_cst) != 0;
    }
    if (wake)
      wake_all(h + channel_field::wake);
    return error::ok;
  }

  // Gives the loaned slot back unpublished.
  void abandon() noexcept { loaned_ = false; }

private:
  // Drop oldest: message `oldest` still pends for the subscribers in `held`.
  // Those that have not taken it are moved past it (their cursor, by CAS,
  // against their own receive); a taker holds it, so its bit stays.
  uint32_t drop(uint64_t oldest, uint32_t held, std::atomic_ref<uint32_t> pending) noexcept {
    for (uint32_t bits = held; bits; bits &= bits - 1) {
      const uint32_t i = uint32_t(__builtin_ctz(bits));
      uint64_t expected = oldest;
      if (ch_.cursor(i).compare_exchange_strong(expected, oldest + 1, std::memory_order_acq_rel))
        pending.fetch_and(~(1u << i), std::memory_order_acq_rel);
    }
    return pending.load(std::memory_order_acquire);
  }

  channel ch_;
  uint32_t id_ = 0;
  bool loaned_ = false;
};

// A received message: the slot's bytes, in place, until released.
struct received {
  const std::byte *data = nullptr;
  uint32_t size = 0;
  uint64_t sequence = 0;
  std::byte *slot = nullptr;
};

// The receiving end: one of the channel's 32 subscriber places.
class subscriber_end {
public:
  subscriber_end() = default;
  subscriber_end(const subscriber_end &) = delete;
  subscriber_end &operator=(const subscriber_end &) = delete;
  subscriber_end(subscriber_end &&o) noexcept : ch_(o.ch_), index_(o.index_), id_(o.id_) { o.index_ = none; }
  ~subscriber_end() { leave(); }

  // Takes a free place; receives what is published from now on.
  error join(const channel &ch, uint32_t id) noexcept {
    using namespace layout;
    leave();
    lock_guard held(ch.header() + channel_field::lock, id);
    const uint32_t active = ch.word<uint32_t>(channel_field::active).load(std::memory_order_relaxed);
    if (active == ~0u)
      return error::no_subscriber_slot;
    const uint32_t i = uint32_t(__builtin_ctz(~active));
    ch.cursor(i).store(ch.word<uint64_t>(channel_field::next).load(std::memory_order_relaxed), std::memory_order_relaxed);
    ch.word<uint32_t>(channel_field::active).store(active | (1u << i), std::memory_order_relaxed);
    ch_ = ch, index_ = i, id_ = id;
    return error::ok;
  }

  // Gives the place back, releasing whatever it still held.
  void leave() noexcept {
    using namespace layout;
    if (index_ == none)
      return;
    lock_guard held(ch_.header() + channel_field::lock, id_);
    const uint32_t bit = 1u << index_;
    ch_.word<uint32_t>(channel_field::active).fetch_and(~bit, std::memory_order_relaxed);
    for (uint32_t s = 0; s < ch_.slot_count(); ++s)
      shared<uint32_t>(ch_.slot(s) + slot_field::pending).fetch_and(~bit, std::memory_order_release);
    index_ = none;
  }

  bool joined() const noexcept { return index_ != none; }
  uint32_t index() const noexcept { return index_; }
  const channel &chan() const noexcept { return ch_; }

  // The next message, or `empty`.
  error receive(received &out) noexcept {
    using namespace layout;
    if (index_ == none)
      return error::invalid_argument;
    const uint32_t bit = 1u << index_;
    auto cursor = ch_.cursor(index_);
    for (;;) {
      uint64_t c = cursor.load(std::memory_order_acquire);
      std::byte *slot = ch_.slot(c);
      if (shared<uint64_t>(slot + slot_field::sequence).load(std::memory_order_acquire) != c)
        return error::empty;
      const bool ours = shared<uint32_t>(slot + slot_field::pending).load(std::memory_order_acquire) & bit;
      // Taking it races only the publisher dropping it for us (drop oldest).
      if (!cursor.compare_exchange_strong(c, c + 1, std::memory_order_acq_rel) || !ours)
        continue; // dropped meanwhile, or published before we joined: next one
      const uint32_t size = load<uint32_t>(slot + slot_field::size);
      if (size > ch_.slot_capacity()) { // written by something that ignores the layout
        release(slot);
        return error::corrupt;
      }
      out = received{slot + slot_field::message, size, c, slot};
      return error::ok;
    }
  }

  // Like receive, waiting up to `timeout` for a message (negative: forever).
  error receive_wait(received &out, std::chrono::nanoseconds timeout) noexcept {
    using namespace layout;
    using clock = std::chrono::steady_clock;
    const auto deadline = timeout.count() < 0 ? clock::time_point::max() : clock::now() + timeout;
    for (;;) {
      const uint32_t seen = ch_.word<uint32_t>(channel_field::wake).load(std::memory_order_seq_cst);
      if (error e = receive(out); e != error::empty)
        return e;
      int64_t left = -1;
      if (timeout.count() >= 0) {
        const auto now = clock::now();
        if (now >= deadline)
          return error::timeout;
        left = std::chrono::duration_cast<std::chrono::nanoseconds>(deadline - now).count();
      }
      auto waiters = ch_.word<uint32_t>(channel_field::waiters);
      waiters.fetch_add(1, std::memory_order_seq_cst);
      const bool woke = wait_while_equal(ch_.header() + channel_field::wake, seen, left);
      waiters.fetch_sub(1, std::memory_order_seq_cst);
      if (!woke && timeout.count() >= 0 && clock::now() >= deadline) {
        const error last = receive(out);
        return last == error::empty ? error::timeout : last;
      }
    }
  }

  void release(std::byte *slot) noexcept {
    shared<uint32_t>(slot + layout::slot_field::pending).fetch_and(~(1u << index_), std::memory_order_release);
  }

private:
  static constexpr uint32_t none = ~0u;
  channel ch_;
  uint32_t index_ = none;
  uint32_t id_ = 0; // the module's id: what it writes into the lock word
};

} // namespace karmem::exchange
