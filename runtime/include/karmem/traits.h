// How the runtime sees a C++ field type. The plugin has already checked that
// every field of an annotated struct is one of these shapes and computed its
// offset, slot and stride (idl/); here we only need to know which code path
// moves it: a scalar, a sequence (fixed or variable, maybe bounded), or a
// nested annotated struct (inline, or a table referenced by offset).
#pragma once

#include "karmem/limited.h"
#include "karmem/schema.h"
#include "karmem/wire.h"

#include <array>
#include <utility>
#include <cstddef>
#include <string>
#include <vector>

namespace karmem::traits {

// Variable-length sequences ([]T, [<N]T). `limit` is 0 when unbounded.
template <class C> struct slice_of : std::false_type {};
template <class E, class A> struct slice_of<std::vector<E, A>> : std::true_type {
  using element = E;
  static constexpr size_t limit = 0;
};
template <class Tr, class A> struct slice_of<std::basic_string<char, Tr, A>> : std::true_type {
  using element = char;
  static constexpr size_t limit = 0;
};
template <class E, size_t N> struct slice_of<limited<E, N>> : std::true_type {
  using element = E;
  static constexpr size_t limit = N;
};

// Fixed arrays ([N]T).
template <class C> struct array_of : std::false_type {};
template <class E, size_t N> struct array_of<std::array<E, N>> : std::true_type {
  using element = E;
  static constexpr size_t length = N;
};
template <class E, size_t N> struct array_of<E[N]> : std::true_type {
  using element = E;
  static constexpr size_t length = N;
};

template <class T> inline constexpr bool is_slice_v = slice_of<T>::value;
template <class T> inline constexpr bool is_array_v = array_of<T>::value;
template <class T> inline constexpr bool is_scalar_v = wire::is_scalar_v<T>;

template <class T> constexpr bool is_table() {
  if constexpr (is_annotated_v<T>)
    return schema<T>::table;
  else
    return false;
}
template <class T> inline constexpr bool is_table_v = is_table<T>();
template <class T> inline constexpr bool is_inline_struct_v = is_annotated_v<T> && !is_table<T>();

// Sequences of char are strings: their views are std::string_view.
template <class T> constexpr bool is_string() {
  if constexpr (is_slice_v<T>)
    return std::is_same_v<typename slice_of<T>::element, char>;
  else
    return false;
}
template <class T> inline constexpr bool is_string_v = is_string<T>();

// Whether schema<T> says T's native layout equals its wire layout (generated
// code proves it per target with sizeof/offsetof; absent means no).
template <class T, class = void> struct native_layout : std::false_type {};
template <class T>
struct native_layout<T, std::void_t<decltype(schema<T>::native_layout)>>
    : std::bool_constant<schema<T>::native_layout> {};

// Whether a run of E elements, Stride bytes apart on the wire, is byte for
// byte the same as a C++ array of E: then encode and decode are one memcpy.
template <class E, uint32_t Stride>
inline constexpr bool is_bulk_v = sizeof(E) == Stride && (wire::is_bulk_copyable_v<E> || native_layout<E>::value);

} // namespace karmem::traits

namespace karmem::detail {

// Whether the C++ type of a field has, on the target compiling this, the
// size its schema was laid out with. The plugin refuses `long` and `size_t`,
// but a type reaching it through a template parameter (`Pair<long>`) has lost
// how it was written, and a header generated for one target may be compiled
// for another: without this check such a field would encode only part of
// its slot. An enum in a sequence of an unpacked struct travels in a padded
// wrapper, whose stride is its underlying size rounded up past a multiple of 8.
template <class E, uint32_t Stride> constexpr bool element_width_matches() {
  if constexpr (traits::is_scalar_v<E>)
    return sizeof(E) == Stride || (std::is_enum_v<E> && Stride == sizeof(E) + 8 - sizeof(E) % 8);
  else
    return true;
}
template <class F> constexpr bool field_width_matches() {
  using V = field_value_t<F>;
  if constexpr (traits::is_scalar_v<V>)
    return sizeof(V) == F::slot;
  else if constexpr (traits::is_array_v<V>)
    return element_width_matches<typename traits::array_of<V>::element, F::stride>();
  else if constexpr (traits::is_slice_v<V>)
    return element_width_matches<typename traits::slice_of<V>::element, F::stride>();
  else
    return true;
}
template <class T, size_t... I> constexpr bool widths_match(std::index_sequence<I...>) {
  constexpr bool matches[] = {field_width_matches<field_t<T, I>>()...}; // no fold (schema.h)
  for (bool m : matches)
    if (!m)
      return false;
  return true;
}
// Used by generated code, one static_assert per struct.
template <class T> constexpr bool field_widths_match() {
  return widths_match<T>(std::make_index_sequence<field_count_v<T>>{});
}

} // namespace karmem::detail
