// karmem::sync::fallible_vector: a vector whose growth can fail without
// killing the program.
//
// Why: std::vector allocates through operator new, and under -fno-exceptions
// (the wasm32 build) a failed operator new aborts the whole module. A peer's
// batch decides how much apply() allocates (the shadow of the pages a growth
// adds, the stamps of the runs it writes), so with std::vector a hostile or
// merely large batch could crash every receiver. State whose size a batch
// decides lives in these instead: apply() reserves everything first, and a
// batch that needs more memory than there is gets error::out_of_memory and
// changes nothing.
//
// Growth is explicit: reserve() and reserve_growing() are the only calls that
// allocate, and they report failure (leaving the vector as it was). resize,
// push_back and assign only use capacity already reserved; asking them for
// more is a bug in the caller, and they trap rather than write out of bounds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>

namespace karmem::sync {

template <class T>
class fallible_vector {
public:
  fallible_vector() noexcept = default;
  fallible_vector(fallible_vector&& o) noexcept { swap(o); }
  fallible_vector& operator=(fallible_vector&& o) noexcept {
    fallible_vector(std::move(o)).swap(*this);
    return *this;
  }

  size_t size() const noexcept { return size_; }
  size_t capacity() const noexcept { return capacity_; }
  bool empty() const noexcept { return size_ == 0; }
  T* data() noexcept { return data_.get(); }
  const T* data() const noexcept { return data_.get(); }
  T* begin() noexcept { return data_.get(); }
  T* end() noexcept { return data_.get() + size_; }
  const T* begin() const noexcept { return data_.get(); }
  const T* end() const noexcept { return data_.get() + size_; }
  T& operator[](size_t i) noexcept { return data_[i]; }
  const T& operator[](size_t i) const noexcept { return data_[i]; }
  T& back() noexcept { return data_[size_ - 1]; }
  const T& back() const noexcept { return data_[size_ - 1]; }

  // Room for at least `n` elements, allocated exactly. False when the memory
  // is not there; the vector is then unchanged.
  [[nodiscard]] bool reserve(size_t n) noexcept {
    if (n <= capacity_) return true;
    if (n > SIZE_MAX / sizeof(T)) return false;
    std::unique_ptr<T[]> grown(new (std::nothrow) T[n]());
    if (!grown) return false;
    std::move(data_.get(), data_.get() + size_, grown.get());
    data_ = std::move(grown);
    capacity_ = n;
    return true;
  }
  // The same, but doubling the capacity (at most to `most`) when that fits,
  // so that growing a little at a time costs amortised O(1) copies; else
  // exactly `n`.
  [[nodiscard]] bool reserve_growing(size_t n, size_t most = SIZE_MAX) noexcept {
    if (n <= capacity_) return true;
    const size_t doubled = capacity_ <= SIZE_MAX / 2 ? 2 * capacity_ : SIZE_MAX;
    const size_t target = std::max(n, std::min(doubled, most));
    return (target > n && reserve(target)) || reserve(n);
  }

  // Within the capacity (reserve first). New elements are value-initialised.
  void resize(size_t n) noexcept {
    within(n);
    for (size_t i = size_; i < n; ++i) data_[i] = T{};
    size_ = n;
  }
  void push_back(const T& v) noexcept {
    within(size_ + 1);
    data_[size_++] = v;
  }
  void push_back(T&& v) noexcept {
    within(size_ + 1);
    data_[size_++] = std::move(v);
  }
  void assign(const T* first, const T* last) noexcept {
    const size_t n = static_cast<size_t>(last - first);
    within(n);
    std::copy(first, last, data_.get());
    size_ = n;
  }
  void clear() noexcept { size_ = 0; } // keeps the capacity

private:
  void within(size_t n) const noexcept {
    if (n > capacity_) __builtin_trap(); // the caller did not reserve: a bug, never a batch's doing
  }
  void swap(fallible_vector& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
  }

  std::unique_ptr<T[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

} // namespace karmem::sync
