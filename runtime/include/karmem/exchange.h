// Zero-copy exchange of Karmem messages between modules sharing one memory
// (docs/exchange-layout.md). In a module:
//
//   karmem::exchange::publisher<Monsters> pub{"monsters"};
//   auto loan = pub.loan(karmem::encoded_size(world));   // a slot, in place
//   karmem::encode(loan, world);                          // a loan is a writer
//   loan.publish();
//
//   karmem::exchange::subscriber<Monsters> sub{"monsters"};
//   if (auto msg = sub.receive()) {                       // or receive_wait(timeout)
//     auto v = msg.view();                                // view_root over the slot
//   }                                                     // released here
//
// Nothing is copied: the subscriber reads the bytes where the publisher
// wrote them. The channel carries the root type's struct id, so a subscriber
// of another type gets type_mismatch. Errors never throw: every object has
// status() and converts to false when it failed.
#pragma once

#include "karmem/exchange/channel.h"
#include "karmem/schema.h"
#include "karmem/view.h"

#include <chrono>
#include <span>
#include <string_view>
#include <utility>

namespace karmem::exchange {

#if defined(__wasm__)
inline memory default_memory() noexcept { return memory::linear(); }

extern "C" uint32_t karmem_module_base(void); // runtime/exchange/module_info.cpp

// This module's id: the record the host wrote for its range when it loaded
// it (loadModule in runtime/js/exchange.mjs), 0 when there is none. The id
// is what the module writes as owner and lock holder.
inline uint32_t module_id(const memory &mem = default_memory()) noexcept {
  using namespace layout;
  if (!mem.contains(0, reserved_end))
    return 0;
  const std::byte *t = mem.at(table_address);
  if (load<uint32_t>(t + table_field::magic) != table_magic)
    return 0;
  const uint32_t entries = load<uint16_t>(t + table_field::entry_capacity);
  const uint32_t count = shared<uint16_t>(mem.at(table_address + table_field::module_count)).load(std::memory_order_acquire);
  if (entries > max_entries || count > max_modules)
    return 0;
  const std::byte *records = t + table_header_size + entries * entry_size;
  if (records + count * module_record_size > mem.at(reserved_end))
    return 0;
  for (uint32_t i = 0; i < count; ++i)
    if (load<uint32_t>(records + i * module_record_size + module_field::base) == karmem_module_base())
      return load<uint32_t>(records + i * module_record_size + module_field::id);
  return 0;
}
#endif

template <class T> class publisher;

// A slot lent by publisher<T>: a fixed writer over the slot for encode().
template <class T> class loan {
public:
  loan(loan &&o) noexcept : pub_(std::exchange(o.pub_, nullptr)), data_(o.data_), capacity_(o.capacity_), size_(o.size_), status_(o.status_) {}
  loan(const loan &) = delete;
  loan &operator=(const loan &) = delete;
  ~loan() {
    if (pub_)
      pub_->end_.abandon();
  }

  error status() const noexcept { return status_; }
  explicit operator bool() const noexcept { return status_ == error::ok && pub_; }

  // The writer interface of karmem::encode (writer.h).
  std::byte *prepare(size_t n) noexcept {
    size_ = 0;
    if (!pub_ || n > capacity_)
      return nullptr;
    size_ = n;
    return data_;
  }
  void clear() noexcept { size_ = 0; }
  std::span<const std::byte> bytes() const noexcept { return {data_, size_}; }
  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return capacity_; }
  std::byte *data() noexcept { return data_; }

  // Makes the message visible to the subscribers; the loan is spent.
  error publish() noexcept {
    if (!pub_)
      return status_ == error::ok ? error::invalid_argument : status_;
    const error e = std::exchange(pub_, nullptr)->end_.publish(size_);
    return e;
  }
  // Publishes the first n bytes (a message written without encode()).
  error publish(size_t n) noexcept {
    if (n > capacity_)
      return error::too_large;
    size_ = n;
    return publish();
  }

private:
  friend class publisher<T>;
  loan(publisher<T> *pub, std::byte *data, size_t capacity, error status) noexcept
      : pub_(pub), data_(data), capacity_(capacity), status_(status) {}
  publisher<T> *pub_;
  std::byte *data_;
  size_t capacity_, size_ = 0;
  error status_;
};

template <class T> class publisher {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::exchange::publisher<T>"));

public:
  publisher(memory mem, std::string_view name, const channel_options &options = {}, uint32_t id = 1) noexcept {
    channel ch;
    status_ = channel::open(region_table(mem), name, schema<T>::id, options, id, ch);
    if (status_ == error::ok)
      status_ = end_.attach(ch, id);
  }
#if defined(__wasm__)
  explicit publisher(std::string_view name, const channel_options &options = {}) noexcept
      : publisher(default_memory(), name, options, module_id()) {}
#endif

  error status() const noexcept { return status_; }
  explicit operator bool() const noexcept { return status_ == error::ok; }
  const channel &chan() const noexcept { return end_.chan(); }

  // The next slot, for a message of `size` bytes (karmem::encoded_size).
  exchange::loan<T> loan(uint64_t size) noexcept {
    if (status_ != error::ok)
      return exchange::loan<T>(nullptr, nullptr, 0, status_);
    std::byte *data = nullptr;
    if (error e = end_.loan(size, data); e != error::ok)
      return exchange::loan<T>(nullptr, nullptr, 0, e);
    return exchange::loan<T>(this, data, size_t(size), error::ok);
  }

private:
  friend class karmem::exchange::loan<T>;
  publisher_end end_;
  error status_ = error::ok;
};

// A message held by a subscriber: its bytes in the slot, until destroyed.
template <class T> class message {
public:
  message(message &&o) noexcept : end_(std::exchange(o.end_, nullptr)), got_(o.got_), status_(o.status_) {}
  message(const message &) = delete;
  message &operator=(const message &) = delete;
  ~message() { release(); }

  error status() const noexcept { return status_; }
  explicit operator bool() const noexcept { return end_ != nullptr; }

  // The message in place: bounds-checked against its own bytes in the slot.
  karmem::view<T> view() const noexcept { return view_root<T>(bytes()); }
  std::span<const std::byte> bytes() const noexcept { return {got_.data, got_.size}; }
  uint64_t sequence() const noexcept { return got_.sequence; }

  // Hands the slot back (the destructor does it otherwise).
  void release() noexcept {
    if (end_)
      std::exchange(end_, nullptr)->release(got_.slot);
  }

private:
  template <class> friend class subscriber;
  message(subscriber_end *end, const received &got, error status) noexcept : end_(end), got_(got), status_(status) {}
  subscriber_end *end_;
  received got_;
  error status_;
};

template <class T> class subscriber {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::exchange::subscriber<T>"));

public:
  subscriber(memory mem, std::string_view name, const channel_options &options = {}, uint32_t id = 1) noexcept {
    channel ch;
    status_ = channel::open(region_table(mem), name, schema<T>::id, options, id, ch);
    if (status_ == error::ok)
      status_ = end_.join(ch, id);
  }
#if defined(__wasm__)
  explicit subscriber(std::string_view name, const channel_options &options = {}) noexcept
      : subscriber(default_memory(), name, options, module_id()) {}
#endif

  error status() const noexcept { return status_; }
  explicit operator bool() const noexcept { return status_ == error::ok; }
  const channel &chan() const noexcept { return end_.chan(); }

  // The next message, or an empty one (status() says why: empty, corrupt ...).
  message<T> receive() noexcept { return take(status_ == error::ok ? end_.receive(got_) : status_); }

  // Waits up to `timeout` for the next message (negative: forever). Across
  // threads this sleeps on the channel's wake word (memory.atomic.wait32); a
  // browser's main thread cannot wait: use receive() there.
  message<T> receive_wait(std::chrono::nanoseconds timeout) noexcept {
    return take(status_ == error::ok ? end_.receive_wait(got_, timeout) : status_);
  }

private:
  message<T> take(error e) noexcept { return e == error::ok ? message<T>(&end_, got_, e) : message<T>(nullptr, {}, e); }
  subscriber_end end_;
  received got_;
  error status_ = error::ok;
};

} // namespace karmem::exchange
