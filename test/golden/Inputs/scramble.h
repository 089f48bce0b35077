// Helpers for checking that karmem::decode reuses the target value: fill a
// value with non-zero garbage and longer sequences (so that a decoder that
// forgets to reset a field, or to shrink a sequence, is caught), and list the
// heap buffers of its sequence fields (so that a decoder that throws away
// capacity it could have reused is caught).
#pragma once

#include "json_reflect.h"
#include "shapes.h"

#include <karmem/schema.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace golden {

// Makes every scalar non-zero and every sequence 3 elements longer (within
// its limit), recursively.
template <class S> void scramble(S &v) {
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
  } else if constexpr (std::is_same_v<S, char>) {
    v = '#';
  } else if constexpr (std::is_floating_point_v<S>) {
    v = S(1234.5);
  } else if constexpr (std::is_enum_v<S> || std::is_integral_v<S>) {
    v = static_cast<S>(0x5A);
  } else {
    static_assert(unsupported_field_type<S>, "golden harness: cannot scramble this field type");
  }
}

// A sequence field's heap buffer, found by following struct fields from the
// root (not sequence elements, whose own buffers a decoder may legitimately
// move when it resizes the outer sequence).
struct buffer {
  std::string path;
  const void *data;
  size_t capacity;
  size_t size;
};

template <class S> void list_buffers(const S &v, trail &t, std::vector<buffer> &out) {
  if constexpr (shape::is_struct_v<S>) {
    karmem::for_each_field<S>([&](const auto &f) {
      using F = std::remove_cvref_t<decltype(f)>;
      const size_t mark = t.field(f.name);
      list_buffers(v.*F::member, t, out);
      t.back(mark);
    });
  } else if constexpr (shape::is_sequence_v<S>) {
    if constexpr (!std::is_same_v<shape::element_t<S>, bool>) // std::vector<bool> has no data()
      out.push_back({t.where(), static_cast<const void *>(v.data()), v.capacity(), v.size()});
  }
}

} // namespace golden
