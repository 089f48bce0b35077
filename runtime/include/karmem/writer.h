// Output buffers for encode(). Encoding measures the whole message first, then
// asks the writer for exactly that many bytes once, so the writers here only
// have to provide one contiguous region (or refuse).
//
//   karmem::writer        growable, owns its memory, reused across encodes
//   karmem::fixed_writer  a caller's buffer; a message that does not fit is
//                         refused and nothing is written
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>

namespace karmem {

// Messages are addressed with u32 offsets; Karmem documents 2 GB as the limit
// and we refuse anything larger rather than wrap offsets (spec §8).
inline constexpr uint64_t max_message_size = 0x7fffffffu;

class writer {
public:
  writer() = default;
  explicit writer(size_t initial_capacity) { grow(initial_capacity); }
  writer(const writer &) = delete;
  writer &operator=(const writer &) = delete;
  writer(writer &&o) noexcept : data_(o.data_), size_(o.size_), capacity_(o.capacity_) {
    o.data_ = nullptr;
    o.size_ = o.capacity_ = 0;
  }
  writer &operator=(writer &&o) noexcept {
    if (this != &o) {
      std::free(data_);
      data_ = o.data_, size_ = o.size_, capacity_ = o.capacity_;
      o.data_ = nullptr;
      o.size_ = o.capacity_ = 0;
    }
    return *this;
  }
  ~writer() { std::free(data_); }

  // The last encoded message.
  std::span<const std::byte> bytes() const noexcept { return {data_, size_}; }
  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return capacity_; }
  void clear() noexcept { size_ = 0; }

  // Makes room for a message of n bytes and returns where to write it, or
  // nullptr when memory cannot be had (the previous message is then gone).
  // Contents are unspecified: encoders write every byte.
  std::byte *prepare(size_t n) noexcept {
    size_ = 0;
    if (n > capacity_ && !grow(n))
      return nullptr;
    size_ = n;
    return data_;
  }

private:
  bool grow(size_t n) noexcept {
    size_t cap = capacity_ ? capacity_ : 64;
    while (cap < n)
      cap = cap * 2 > cap ? cap * 2 : n;
    // realloc copies the old bytes, which we do not need: free + malloc.
    std::free(data_);
    data_ = static_cast<std::byte *>(std::malloc(cap));
    capacity_ = data_ ? cap : 0;
    return data_ != nullptr;
  }

  std::byte *data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

class fixed_writer {
public:
  explicit fixed_writer(std::span<std::byte> buffer) noexcept : buffer_(buffer) {}

  std::span<const std::byte> bytes() const noexcept { return buffer_.first(size_); }
  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return buffer_.size(); }
  void clear() noexcept { size_ = 0; }

  // nullptr (and nothing written) when n bytes do not fit the buffer.
  std::byte *prepare(size_t n) noexcept {
    size_ = 0;
    if (n > buffer_.size())
      return nullptr;
    size_ = n;
    return buffer_.data();
  }

private:
  std::span<std::byte> buffer_;
  size_t size_ = 0;
};

} // namespace karmem
