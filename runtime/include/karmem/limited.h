// karmem::limited<T, N>: a vector-like container that never holds more than N
// elements. It is how a C++ type says "[<N]T" (a Karmem limited slice): the
// bound is part of the type, so an encoder never meets an over-limit value and
// a decoder never allocates more than N elements whatever the bytes claim.
//
// Operations that would grow it past N refuse (return false) and leave it
// unchanged; there are no exceptions, so it works in -fno-exceptions wasm32.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <vector>

namespace karmem {

namespace detail {
// How limited<T, N> stores T. std::vector<bool> packs bits and has neither
// data() nor bool& elements, so bool is stored in a one-member struct, which
// is pointer-interconvertible with its bool.
template <class T> struct limited_storage {
  using type = T;
};
struct boolean_element {
  bool value;
};
template <> struct limited_storage<bool> {
  using type = boolean_element;
};
} // namespace detail

template <class T, size_t N> class limited {
  using stored = typename detail::limited_storage<T>::type;
  static_assert(sizeof(stored) == sizeof(T) && std::is_standard_layout_v<stored>);

public:
  using value_type = T;
  using size_type = size_t;
  using iterator = T *;
  using const_iterator = const T *;
  static constexpr size_t limit = N;

  limited() = default;
  // Empty when `init` holds more than N elements (a constructor cannot
  // report it): use assign() to learn whether a range fit.
  limited(std::initializer_list<T> init) { assign(init.begin(), init.end()); }
  // For character types: limited<char, 512> name = "Bob"; empty when longer than N.
  template <class C = T, class = std::enable_if_t<std::is_same_v<C, char>>>
  limited(const char *text) { assign(std::string_view(text)); }

  size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  static constexpr size_t max_size() noexcept { return N; }
  size_t capacity() const noexcept { return items_.capacity(); }
  T *data() noexcept { return reinterpret_cast<T *>(items_.data()); }
  const T *data() const noexcept { return reinterpret_cast<const T *>(items_.data()); }
  T &operator[](size_t i) noexcept { return data()[i]; }
  const T &operator[](size_t i) const noexcept { return data()[i]; }
  iterator begin() noexcept { return data(); }
  iterator end() noexcept { return data() + size(); }
  const_iterator begin() const noexcept { return data(); }
  const_iterator end() const noexcept { return data() + size(); }

  void clear() noexcept { items_.clear(); }
  void reserve(size_t n) { items_.reserve(std::min(n, N)); }

  // false (and unchanged) when full.
  bool push_back(const T &value) {
    if (items_.size() >= N)
      return false;
    items_.push_back(stored{value});
    return true;
  }
  template <class... A> bool emplace_back(A &&...args) {
    if (items_.size() >= N)
      return false;
    items_.push_back(stored{T(std::forward<A>(args)...)});
    return true;
  }
  void pop_back() noexcept { items_.pop_back(); }

  // false (and unchanged) when n > N.
  bool resize(size_t n) {
    if (n > N)
      return false;
    items_.resize(n);
    return true;
  }

  // false (and unchanged) when the range holds more than N elements.
  template <class It> bool assign(It first, It last) {
    if (static_cast<size_t>(std::distance(first, last)) > N)
      return false;
    items_.clear();
    items_.reserve(static_cast<size_t>(std::distance(first, last)));
    for (; first != last; ++first)
      items_.push_back(stored{T(*first)});
    return true;
  }
  template <class C = T, class = std::enable_if_t<std::is_same_v<C, char>>>
  bool assign(std::string_view text) {
    return assign(text.begin(), text.end());
  }
  // The characters, for limited<char, N>.
  template <class C = T, class = std::enable_if_t<std::is_same_v<C, char>>>
  std::string_view view() const noexcept {
    return std::string_view(data(), items_.size());
  }

  friend bool operator==(const limited &a, const limited &b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end());
  }

private:
  std::vector<stored> items_;
};

} // namespace karmem
