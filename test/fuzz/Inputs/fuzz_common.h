// Shared pieces of the karmem fuzz targets (test/fuzz):
//
//   FUZZ_CHECK(cond, fmt, ...)   stops the fuzzer with a message (libFuzzer
//                                then saves the input as crash-<sha1>)
//   equal_value(a, b)            two values of an annotated type, bit for bit
//                                (floats by their bits: NaNs, -0.0)
//   equal_view(a, view)          a value against a zero-copy view, through the
//                                generic accessors view.karmem_field<I>(); it
//                                reads every byte the view exposes: every
//                                scalar, every character, every slice and array
//                                element (by index and by iterator), the raw
//                                bytes() of every range, and checks that
//                                reading past a range's end gives the zero
//                                element, so ASan sees any read outside the
//                                message
//   difference()                 where the last failed comparison differed
//                                ("Refs[3].Ref.Label: ..."), built only on a
//                                difference: the walkers allocate nothing
//
// Values are walked by the shapes of the golden harness
// (test/golden/Inputs/shapes.h) and karmem::schema<T>::fields.
#pragma once

#include "shapes.h"

#include <karmem/schema.h>
#include <karmem/view.h>

#include <algorithm>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#define FUZZ_CHECK(cond, ...)                                                                                \
  do {                                                                                                       \
    if (!(cond)) {                                                                                           \
      std::fprintf(stderr, "FUZZ CHECK FAILED %s:%d: %s: ", __FILE__, __LINE__, #cond);                      \
      std::fprintf(stderr, __VA_ARGS__);                                                                     \
      std::fprintf(stderr, "\n");                                                                            \
      std::abort();                                                                                          \
    }                                                                                                        \
  } while (0)

// For the harness's own walkers: their comparisons are no coverage signal,
// and tracing them (trace-cmp) took half of the fuzzer's time. The runtime's
// functions keep their instrumentation.
#define FUZZ_NO_COVERAGE __attribute__((no_sanitize("coverage")))

namespace fuzz {

namespace shape = golden::shape;

inline std::span<const std::byte> as_bytes(const uint8_t *data, size_t n) {
  return {reinterpret_cast<const std::byte *>(data), n};
}

template <class S> uint64_t bits(S v) {
  if constexpr (std::is_same_v<S, bool>) {
    return v ? 1 : 0;
  } else {
    static_assert(sizeof(S) <= 8);
    uint64_t u = 0;
    std::memcpy(&u, &v, sizeof(S));
    return u;
  }
}

// ---- where a comparison failed ----------------------------------------------

inline std::string &difference_text() {
  static std::string text;
  return text;
}
// The path and message of the last difference found.
inline std::string difference() { return difference_text(); }

namespace detail {

// printf-like; cold and out of line, so that the walkers' frames stay small
// (no std::string temporaries on the hot path).
[[gnu::cold, gnu::noinline, gnu::format(printf, 1, 2)]] inline bool differ(const char *format, ...) {
  char text[256];
  va_list args;
  va_start(args, format);
  std::vsnprintf(text, sizeof text, format, args);
  va_end(args);
  difference_text() = std::string(": ") + text;
  return false;
}
// Called while a failed comparison unwinds, innermost first.
[[gnu::cold, gnu::noinline]] inline bool at_field(std::string_view name) {
  difference_text().insert(0, "." + std::string(name));
  return false;
}
[[gnu::cold, gnu::noinline]] inline bool at_index(size_t i) {
  difference_text().insert(0, "[" + std::to_string(i) + "]");
  return false;
}
template <class T> [[gnu::cold, gnu::noinline]] bool at_field_of(size_t index) {
  size_t i = 0;
  std::string_view name;
  karmem::for_each_field<T>([&](const auto &f) {
    if (i++ == index)
      name = f.name;
  });
  return at_field(name);
}

// Everything read from a range's raw bytes is folded in here; the volatile
// store keeps the reads.
inline void consume(std::span<const std::byte> raw) {
  unsigned acc = 0;
  for (std::byte b : raw)
    acc = acc * 31 + std::to_integer<unsigned>(b);
  static volatile unsigned keep;
  keep = acc;
}

} // namespace detail

// ---- comparisons -------------------------------------------------------------

template <class S> FUZZ_NO_COVERAGE bool equal_value(const S &a, const S &b);
template <class S, class G> FUZZ_NO_COVERAGE bool equal_view(const S &a, const G &got, bool absent_arrays);

namespace detail {

// Over fields, packs are expanded in braced lists, in order, never in fold
// expressions (clang limits those to 256 elements; runtime schema.h). `ok`
// stops the comparisons after the first difference.
template <class T, size_t... I> FUZZ_NO_COVERAGE bool equal_fields(const T &a, const T &b, std::index_sequence<I...>) {
  bool ok = true;
  const int in_order[] = {
      (ok = ok && (equal_value(a.*karmem::field_t<T, I>::member, b.*karmem::field_t<T, I>::member) ||
                   at_field_of<T>(I)),
       0)...};
  (void)in_order;
  return ok;
}

template <class T, class V, size_t... I>
FUZZ_NO_COVERAGE bool equal_view_fields(const T &a, const V &v, bool absent_arrays, std::index_sequence<I...>) {
  bool ok = true;
  const int in_order[] = {
      (ok = ok && (equal_view(a.*karmem::field_t<T, I>::member, v.template karmem_field<I>(), absent_arrays) ||
                   at_field_of<T>(I)),
       0)...};
  (void)in_order;
  return ok;
}

template <class E, class R> FUZZ_NO_COVERAGE bool past_end_is_zero(const R &got) {
  const auto past = got[got.size()];
  if constexpr (shape::is_scalar_v<E>)
    return bits(past) == 0 || differ("the element past the end is not zero");
  else if constexpr (shape::is_string_v<E>)
    return past.empty() || differ("the string past the end is not empty");
  else
    return !past.karmem_present() || differ("the element past the end is present");
}

// A fixed array absent from the bytes (spec §7.2) reads as an empty range,
// whose elements (out of range) read as zeros; decode gives N zero elements.
// With absent_arrays, a fixed array may read with N elements or none.
template <class E, class S, class R>
FUZZ_NO_COVERAGE bool equal_range(const S &a, size_t n, const R &got, bool fixed, bool absent_arrays) {
  const uint32_t count = got.size();
  if (count != n && !(fixed && absent_arrays && count == 0))
    return differ("%zu elements, the view has %u", n, count);
  const std::span<const std::byte> raw = got.bytes();
  if (raw.size() != size_t(count) * R::stride)
    return differ("bytes() holds %zu bytes for %u elements of %u", raw.size(), count, R::stride);
  consume(raw);
  for (size_t i = 0; i < n; ++i)
    if (!equal_view(shape::at<E>(a, i), got[uint32_t(i)], absent_arrays))
      return at_index(i);
  size_t i = 0;
  for (auto it = got.begin(); it != got.end(); ++it, ++i)
    if ((i == 0 || i + 1 == count) && !equal_view(shape::at<E>(a, i), *it, absent_arrays)) {
      difference_text() += " (read through the iterator)";
      return at_index(i);
    }
  if (i != count)
    return differ("a range of %u elements iterates over %zu", count, i);
  return past_end_is_zero<E>(got);
}

inline unsigned long long ull(uint64_t v) { return v; }

} // namespace detail

template <class S> FUZZ_NO_COVERAGE bool equal_value(const S &a, const S &b) {
  if constexpr (shape::is_struct_v<S>) {
    return detail::equal_fields(a, b, std::make_index_sequence<karmem::field_count_v<S>>{});
  } else if constexpr (shape::is_string_v<S>) {
    return shape::chars(a) == shape::chars(b) ||
           detail::differ("%zu and %zu characters that differ", shape::chars(a).size(), shape::chars(b).size());
  } else if constexpr (shape::is_sequence_v<S> || shape::is_fixed_v<S>) {
    using E = shape::element_t<S>;
    size_t n;
    if constexpr (shape::is_sequence_v<S>) {
      if (a.size() != b.size())
        return detail::differ("%zu and %zu elements", size_t(a.size()), size_t(b.size()));
      n = a.size();
    } else {
      n = shape::length_v<S>;
    }
    for (size_t i = 0; i < n; ++i)
      if (!equal_value<E>(shape::at<E>(a, i), shape::at<E>(b, i)))
        return detail::at_index(i);
    return true;
  } else {
    static_assert(shape::is_scalar_v<S>);
    return bits(a) == bits(b) || detail::differ("0x%llx and 0x%llx", detail::ull(bits(a)), detail::ull(bits(b)));
  }
}

template <class S, class G> FUZZ_NO_COVERAGE bool equal_view(const S &a, const G &got, bool absent_arrays) {
  if constexpr (shape::is_struct_v<S>) {
    static_assert(std::is_same_v<G, karmem::view<S>>, "a nested struct must read as karmem::view<S>");
    return detail::equal_view_fields(a, got, absent_arrays, std::make_index_sequence<karmem::field_count_v<S>>{});
  } else if constexpr (shape::is_string_v<S>) {
    static_assert(std::is_same_v<G, std::string_view>, "a string must read as std::string_view");
    if constexpr (shape::limit_v<S> != 0)
      if (got.size() > shape::limit_v<S>)
        return detail::differ("a string of %zu bytes, over its limit", got.size());
    return shape::chars(a) == got ||
           detail::differ("%zu characters, the view has %zu that differ", shape::chars(a).size(), got.size());
  } else if constexpr (shape::is_sequence_v<S>) {
    return detail::equal_range<shape::element_t<S>>(a, a.size(), got, false, absent_arrays);
  } else if constexpr (shape::is_fixed_v<S>) {
    return detail::equal_range<shape::element_t<S>>(a, shape::length_v<S>, got, true, absent_arrays);
  } else {
    static_assert(shape::is_scalar_v<S> && std::is_same_v<G, S>, "a scalar or enum must read as its own type");
    return bits(a) == bits(got) ||
           detail::differ("0x%llx, the view has 0x%llx", detail::ull(bits(a)), detail::ull(bits(got)));
  }
}

// ---- used values --------------------------------------------------------------

// Makes every scalar nonzero and every sequence 3 elements longer (within
// its limit), recursively: a value to decode into, so that a decoder that
// forgets to reset a field or to shrink a sequence is caught.
template <class S> FUZZ_NO_COVERAGE void scramble(S &v) {
  if constexpr (shape::is_struct_v<S>) {
    karmem::for_each_field<S>([&](const auto &f) {
      using F = std::remove_cvref_t<decltype(f)>;
      scramble(v.*F::member);
    });
  } else if constexpr (shape::is_sequence_v<S>) {
    using E = shape::element_t<S>;
    constexpr size_t limit = shape::limit_v<S>;
    const size_t n = limit == 0 ? v.size() + 3 : std::min(limit, v.size() + 3);
    if constexpr (limit != 0)
      (void)v.resize(n);
    else
      v.resize(n);
    for (size_t i = 0; i < n; ++i) {
      if constexpr (std::is_same_v<E, bool>)
        v[i] = true;
      else
        scramble(v[i]);
    }
  } else if constexpr (shape::is_fixed_v<S>) {
    for (auto &e : v)
      scramble(e);
  } else if constexpr (std::is_same_v<S, bool>) {
    v = true;
  } else if constexpr (std::is_floating_point_v<S>) {
    v = S(1234.5);
  } else {
    static_assert(std::is_enum_v<S> || std::is_integral_v<S>);
    v = static_cast<S>(0x5A);
  }
}

} // namespace fuzz
