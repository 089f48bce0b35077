// How the golden harness classifies the C++ type of an annotated struct's
// field, independently of the runtime's own traits: a string ([]char,
// [<N]char), a variable-length sequence ([]T, [<N]T), a fixed array ([N]T),
// a nested annotated struct, or a scalar (bool, integers, floats, enums,
// std::byte). The harness walks values by these shapes.
#pragma once

#include <karmem/karmem.h>
#include <karmem/schema.h>

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace golden::shape {

// Variable-length sequences: std::vector<E>, std::string, karmem::limited<E, N>.
template <class S> struct sequence : std::false_type {};
template <class E, class A> struct sequence<std::vector<E, A>> : std::true_type {
  using element = E;
  static constexpr size_t limit = 0; // unbounded
};
template <class Tr, class A> struct sequence<std::basic_string<char, Tr, A>> : std::true_type {
  using element = char;
  static constexpr size_t limit = 0;
};
template <class E, size_t N> struct sequence<karmem::limited<E, N>> : std::true_type {
  using element = E;
  static constexpr size_t limit = N;
};

// Fixed arrays: std::array<E, N> and E[N].
template <class S> struct fixed : std::false_type {};
template <class E, size_t N> struct fixed<std::array<E, N>> : std::true_type {
  using element = E;
  static constexpr size_t length = N;
};
template <class E, size_t N> struct fixed<E[N]> : std::true_type {
  using element = E;
  static constexpr size_t length = N;
};

template <class S> inline constexpr bool is_sequence_v = sequence<S>::value;
template <class S> inline constexpr bool is_fixed_v = fixed<S>::value;

template <class S> constexpr bool string_like() {
  if constexpr (is_sequence_v<S>)
    return std::is_same_v<typename sequence<S>::element, char>;
  else
    return false;
}
// Sequences of char are Karmem strings ([]char, [<N]char): JSON strings.
template <class S> inline constexpr bool is_string_v = string_like<S>();

template <class S> inline constexpr bool is_struct_v = karmem::is_annotated_v<S>;

template <class S>
inline constexpr bool is_scalar_v = std::is_arithmetic_v<S> || std::is_enum_v<S>;

// The characters of a string-like value.
template <class S> std::string_view chars(const S &s) {
  if constexpr (std::is_same_v<S, std::string>)
    return s;
  else
    return std::string_view(s.data(), s.size());
}

// Element i of a sequence or array: a const reference, or a plain bool for
// std::vector<bool>, whose operator[] yields proxies.
template <class E, class S> decltype(auto) at(const S &s, size_t i) {
  if constexpr (std::is_same_v<E, bool>)
    return static_cast<bool>(s[i]);
  else
    return (s[i]);
}

// The element type of a sequence or fixed array.
template <class S> struct element_of {
  using type = typename fixed<S>::element;
};
template <class S>
  requires is_sequence_v<S>
struct element_of<S> {
  using type = typename sequence<S>::element;
};
template <class S> using element_t = typename element_of<S>::type;

} // namespace golden::shape
