// Deep equality for the golden harness, reporting the first difference with
// its path ("Monsters[3].Data.Path[7].X: expected 0.5, got 0.0"):
//
//   same_value(expected, actual, t, why)   two C++ values of an annotated type
//   same_view(expected, view, t, why)      a C++ value against a zero-copy
//                                          karmem::view<T>, field by field
//                                          through the generic accessors
//                                          view.karmem_field<I>()
//
// Floats compare bit-exactly (-0.0 is not 0.0). What an accessor returns is
// checked against the runtime's contract at compile time: scalars and enums
// as their own type, strings as std::string_view, nested structs as
// karmem::view<U>, sequences and arrays as ranges with size(), operator[]
// and begin()/end().
#pragma once

#include "json_reflect.h"
#include "scalars.h"
#include "shapes.h"

#include <karmem/schema.h>
#include <karmem/view.h>

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace golden {

template <class S> bool same_value(const S &expected, const S &actual, trail &t, std::string &why);
template <class S, class G> bool same_view(const S &expected, const G &got, trail &t, std::string &why);

namespace detail {

inline std::string quoted(std::string_view s) {
  std::string o;
  print_string(o, s);
  return o;
}

inline bool differ(const trail &t, std::string &why, const std::string &expected, const std::string &got) {
  why = t.where() + ": expected " + expected + ", got " + got;
  return false;
}

inline bool count_differs(const trail &t, std::string &why, size_t expected, size_t got) {
  why = t.where() + ": expected " + std::to_string(expected) + " elements, got " + std::to_string(got);
  return false;
}

template <class E, class S> bool same_elements(const S &expected, const S &actual, size_t n, trail &t, std::string &why) {
  for (size_t i = 0; i < n; ++i) {
    const size_t mark = t.index(i);
    const bool ok = same_value(shape::at<E>(expected, i), shape::at<E>(actual, i), t, why);
    t.back(mark);
    if (!ok)
      return false;
  }
  return true;
}

// Walking a range with its iterators must visit exactly size() elements.
template <class R> bool iterates_size(const R &r, trail &t, std::string &why) {
  size_t walked = 0;
  for (auto it = r.begin(); it != r.end(); ++it)
    ++walked;
  const auto distance = std::distance(r.begin(), r.end());
  if (walked != size_t(r.size()) || distance != std::ptrdiff_t(r.size())) {
    why = t.where() + ": range of size " + std::to_string(r.size()) + " iterates over " + std::to_string(walked) +
          " elements (end - begin = " + std::to_string(distance) + ")";
    return false;
  }
  return true;
}

// A fixed array that is absent from the bytes (spec §7.2) reads as an empty
// range, like Karmem's viewers, whose elements read as zeros; decode gives N
// zero elements. Where absent arrays may occur (trail::absent_arrays_ok), a
// fixed array's range may have N elements or none, and the N expected
// elements are compared through operator[] either way.
template <class E, class S, class R>
bool same_range(const S &expected, size_t n, const R &got, bool fixed, trail &t, std::string &why) {
  if (size_t(got.size()) != n && !(fixed && t.absent_arrays_ok && got.size() == 0))
    return count_differs(t, why, n, got.size());
  if (!iterates_size(got, t, why))
    return false;
  for (size_t i = 0; i < n; ++i) {
    const size_t mark = t.index(i);
    const bool ok = same_view(shape::at<E>(expected, i), got[i], t, why);
    t.back(mark);
    if (!ok)
      return false;
  }
  return true;
}

template <class T, class V, size_t... I>
bool same_view_fields(const T &expected, const V &got, trail &t, std::string &why, std::index_sequence<I...>) {
  bool ok = true;
  // Stops at the first difference: later fields are not evaluated.
  ((ok = ok && [&] {
     using F = karmem::field_t<T, I>;
     const size_t mark = t.field(karmem::field_descriptor<T, I>().name);
     const bool same = same_view(expected.*F::member, got.template karmem_field<I>(), t, why);
     t.back(mark);
     return same;
   }()),
   ...);
  return ok;
}

} // namespace detail

// True when `actual` equals `expected` in every field, element and bit;
// otherwise `why` says where and how they differ.
template <class S> bool same_value(const S &expected, const S &actual, trail &t, std::string &why) {
  if constexpr (shape::is_struct_v<S>) {
    bool ok = true;
    karmem::for_each_field<S>([&](const auto &f) {
      using F = std::remove_cvref_t<decltype(f)>;
      if (!ok)
        return;
      const size_t mark = t.field(f.name);
      ok = same_value(expected.*F::member, actual.*F::member, t, why);
      t.back(mark);
    });
    return ok;
  } else if constexpr (shape::is_string_v<S>) {
    const std::string_view a = shape::chars(expected), b = shape::chars(actual);
    return a == b || detail::differ(t, why, detail::quoted(a), detail::quoted(b));
  } else if constexpr (shape::is_sequence_v<S>) {
    if (expected.size() != actual.size())
      return detail::count_differs(t, why, expected.size(), actual.size());
    return detail::same_elements<shape::element_t<S>>(expected, actual, expected.size(), t, why);
  } else if constexpr (shape::is_fixed_v<S>) {
    return detail::same_elements<shape::element_t<S>>(expected, actual, shape::length_v<S>, t, why);
  } else if constexpr (shape::is_scalar_v<S>) {
    return scalar::same(expected, actual) || detail::differ(t, why, scalar::format(expected), scalar::format(actual));
  } else {
    static_assert(unsupported_field_type<S>, "golden harness: cannot compare this field type");
  }
}

// True when the view `got` (what view_root, an accessor or a range element
// returned for a value of C++ type S) reads as `expected`.
template <class S, class G> bool same_view(const S &expected, const G &got, trail &t, std::string &why) {
  if constexpr (shape::is_struct_v<S>) {
    static_assert(std::is_same_v<G, karmem::view<S>>, "a nested struct must read as karmem::view<S>");
    return detail::same_view_fields(expected, got, t, why, std::make_index_sequence<karmem::field_count_v<S>>{});
  } else if constexpr (shape::is_string_v<S>) {
    static_assert(std::is_same_v<G, std::string_view>, "a string must read as std::string_view");
    const std::string_view a = shape::chars(expected);
    return a == got || detail::differ(t, why, detail::quoted(a), detail::quoted(got));
  } else if constexpr (shape::is_sequence_v<S>) {
    return detail::same_range<shape::element_t<S>>(expected, expected.size(), got, false, t, why);
  } else if constexpr (shape::is_fixed_v<S>) {
    return detail::same_range<shape::element_t<S>>(expected, shape::length_v<S>, got, true, t, why);
  } else if constexpr (shape::is_scalar_v<S>) {
    static_assert(std::is_same_v<G, S>, "a scalar or enum must read as its own C++ type");
    return scalar::same(expected, got) || detail::differ(t, why, scalar::format(expected), scalar::format(got));
  } else {
    static_assert(unsupported_field_type<S>, "golden harness: cannot compare this field type");
  }
}

} // namespace golden
