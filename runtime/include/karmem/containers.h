// The C++ containers a field may be, each behind one adapter: what it holds,
// the Karmem shape it stands for, and how the codecs reach its elements. The
// schema says which shape a field has (schema.h); the adapter is only how the
// runtime moves its elements, and what generated code checks the field's C++
// type against (form.h).
//
// The plugin recognises the same containers (plugin/SequenceTypes.cpp).
// Adding one is a row there and an adapter here (docs/internals.md).
#pragma once

#include "karmem/limited.h"
#include "karmem/schema.h"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

namespace karmem {

// Not a container: a single value.
template <class C> struct container {
  static constexpr bool known = false;
};

// Variable-length sequences: size(), resize(n) and operator[]; data() when
// the elements are contiguous (all but std::vector<bool>, which bulk copies
// never meet: bool is not bulk-copyable, form.h).
template <class E, class A> struct container<std::vector<E, A>> {
  static constexpr bool known = true;
  using element = E;
  static constexpr karmem::shape shape = karmem::shape::slice;
  static constexpr size_t length = 0;
  static void resize(std::vector<E, A> &c, size_t n) { c.resize(n); }
};
template <class Tr, class A> struct container<std::basic_string<char, Tr, A>> {
  static constexpr bool known = true;
  using element = char;
  static constexpr karmem::shape shape = karmem::shape::slice;
  static constexpr size_t length = 0;
  static void resize(std::basic_string<char, Tr, A> &c, size_t n) { c.resize(n); }
};
template <class E, size_t N> struct container<limited<E, N>> {
  static constexpr bool known = true;
  using element = E;
  static constexpr karmem::shape shape = karmem::shape::limited_slice;
  static constexpr size_t length = N;
  // Never above N: views clamp a limited slice to its limit first.
  static void resize(limited<E, N> &c, size_t n) { (void)c.resize(n); }
};

// Fixed arrays: N elements, contiguous, no resize.
template <class E, size_t N> struct container<std::array<E, N>> {
  static constexpr bool known = true;
  using element = E;
  static constexpr karmem::shape shape = karmem::shape::array;
  static constexpr size_t length = N;
};
template <class E, size_t N> struct container<E[N]> {
  static constexpr bool known = true;
  using element = E;
  static constexpr karmem::shape shape = karmem::shape::array;
  static constexpr size_t length = N;
};

// The element type of the container a field is.
template <class C> using element_t = typename container<C>::element;

} // namespace karmem
