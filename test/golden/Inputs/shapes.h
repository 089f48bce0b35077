// How the golden harness walks the C++ value of an annotated struct's field:
// a string ([]char, [<N]char), a variable-length sequence ([]T, [<N]T), a
// fixed array ([N]T), a nested annotated struct, or a scalar (bool, integers,
// floats, enums, std::byte). Which C++ containers stand for which shape is
// the runtime's one table (karmem/containers.h); this file only names the
// questions the harness asks of it.
#pragma once

#include <karmem/containers.h>
#include <karmem/karmem.h>
#include <karmem/schema.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

namespace golden::shape {

template <class S> using container = karmem::container<std::remove_cv_t<S>>;

template <class S> constexpr bool has_shape(karmem::shape a, karmem::shape b = karmem::shape::single) {
  if constexpr (container<S>::known)
    return container<S>::shape == a || container<S>::shape == b;
  else
    return false;
}

// Variable-length sequences: std::vector<E>, std::string, karmem::limited<E, N>.
template <class S>
inline constexpr bool is_sequence_v = has_shape<S>(karmem::shape::slice, karmem::shape::limited_slice);
// Fixed arrays: std::array<E, N> and E[N].
template <class S> inline constexpr bool is_fixed_v = has_shape<S>(karmem::shape::array);

template <class S> using element_t = karmem::element_t<std::remove_cv_t<S>>;
// N of a [<N]T (0: unbounded) and of a [N]T.
template <class S> inline constexpr size_t limit_v = has_shape<S>(karmem::shape::limited_slice) ? container<S>::length : 0;
template <class S> inline constexpr size_t length_v = container<S>::length;

template <class S> constexpr bool string_like() {
  if constexpr (is_sequence_v<S>)
    return std::is_same_v<element_t<S>, char>;
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

} // namespace golden::shape
