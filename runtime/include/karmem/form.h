// What generated code checks about each field, and what the codecs ask about
// an element: whether the C++ member has the form its schema gives it (shape,
// element kind, length), whether it has, on the target compiling this, the
// size its layout was computed with, and whether a run of its elements is
// byte for byte its wire form (then they move with one memcpy).
//
// The runtime never decides a field's shape or kind from its C++ type: the
// schema says it (schema.h). The checks below only compare the two, so that a
// mismatch is a compile error on the generated line that names the field
// instead of a failure deep inside the codecs.
#pragma once

#include "karmem/containers.h"
#include "karmem/schema.h"
#include "karmem/wire.h"

#include <cstddef>
#include <type_traits>

namespace karmem::detail {

template <class T> constexpr bool is_table() {
  if constexpr (is_annotated_v<T>)
    return schema<T>::table;
  else
    return false;
}

// Whether E is a resizable sequence of char (std::string, a basic_string with
// another allocator): what a string element of a sequence is in C++.
template <class E> constexpr bool is_string() {
  if constexpr (container<E>::known)
    return container<E>::shape == shape::slice && std::is_same_v<element_t<E>, char>;
  else
    return false;
}

// Whether a C++ type E (unqualified: decode assigns it) can be one value of
// kind K.
template <class E, kind K> constexpr bool is_kind() {
  if constexpr (!std::is_same_v<E, std::remove_cv_t<E>>)
    return false;
  else if constexpr (K == kind::scalar)
    return std::is_arithmetic_v<E> || std::is_same_v<E, std::byte>;
  else if constexpr (K == kind::enumeration)
    return std::is_enum_v<E> && !std::is_same_v<E, std::byte>;
  else if constexpr (K == kind::inline_struct)
    return is_annotated_v<E> && !is_table<E>();
  else if constexpr (K == kind::string)
    return is_string<E>();
  else
    return is_table<E>();
}

// Whether field F's C++ type is the container (or single value) its shape
// says, of elements of its kind, with its length.
template <class F> constexpr bool has_form() {
  using V = field_value_t<F>;
  if constexpr (F::shape == shape::single)
    return !container<V>::known && is_kind<V, F::kind>();
  else if constexpr (!container<V>::known)
    return false;
  else
    return container<V>::shape == F::shape && container<V>::length == F::length &&
           is_kind<element_t<V>, F::kind>();
}

// Whether one value of kind K and C++ type E takes `Width` bytes on the wire
// on this target. The plugin refuses `long` and `size_t`, but a type reaching
// it through a template parameter (`Pair<long>`) has lost how it was written,
// and a header generated for one target may be compiled for another: without
// this check such a field would encode only part of its slot. An enum in a
// sequence of an unpacked struct travels in a padded wrapper, whose stride is
// its underlying size rounded up past a multiple of 8.
template <class E, kind K, uint32_t Width, bool InSequence> constexpr bool has_width() {
  if constexpr (K == kind::scalar)
    return sizeof(E) == Width;
  else if constexpr (K == kind::enumeration)
    return sizeof(E) == Width || (InSequence && Width == sizeof(E) + 8 - sizeof(E) % 8);
  else if constexpr (K == kind::inline_struct)
    return schema<E>::total == Width;
  else if constexpr (K == kind::string) // a slice header in its packed wrapper
    return InSequence && Width == 8;
  else // an offset; in a sequence, a wrapper holding one (padded when unpacked)
    return Width == 4 || (InSequence && Width == 8);
}

// Used by generated code, two static_asserts per field (after has_form: the
// element type is known to be of its kind).
template <class T, size_t I> constexpr bool field_has_form() { return has_form<field_t<T, I>>(); }
template <class T, size_t I> constexpr bool field_has_width() {
  using F = field_t<T, I>;
  using V = field_value_t<F>;
  if constexpr (!has_form<F>())
    return true; // reported by field_has_form
  else if constexpr (F::shape == shape::single)
    return has_width<V, F::kind, F::slot, false>();
  else
    return has_width<element_t<V>, F::kind, F::stride, true>();
}

// Whether schema<T> says T's native layout equals its wire layout (generated
// code proves it per target with sizeof/offsetof; absent means no).
template <class T, class = void> struct native_layout : std::false_type {};
template <class T>
struct native_layout<T, std::void_t<decltype(schema<T>::native_layout)>>
    : std::bool_constant<schema<T>::native_layout> {};

// Whether a run of elements of C++ type E and kind K, Stride bytes apart on
// the wire, is byte for byte the same as a C++ array of E.
template <class E, kind K, uint32_t Stride> constexpr bool is_bulk() {
  if constexpr (sizeof(E) != Stride)
    return false;
  else if constexpr (K == kind::scalar || K == kind::enumeration)
    return wire::is_bulk_copyable_v<E>;
  else if constexpr (K == kind::inline_struct)
    return native_layout<E>::value;
  else
    return false;
}

} // namespace karmem::detail
