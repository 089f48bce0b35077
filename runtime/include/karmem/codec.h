// The object API: encode a user's value into Karmem bytes and decode bytes
// back into a user's value, driven by the generated karmem::schema<T>.
//
// encode() follows Karmem's writer exactly (spec §6): the root is reserved at
// offset 0, then fields in declaration order, each block reserved when its
// field is reached and filled depth-first before the next field. It first
// measures the whole message, asks the writer for that many bytes once, and
// then writes without capacity checks: a message that does not fit is
// refused before a single byte is written.
//
// decode() reads through the views (so it has the same bounds checks and
// zero-value rules) and reuses the capacity already in the target value.
#pragma once

#include "karmem/schema.h"
#include "karmem/traits.h"
#include "karmem/view.h"
#include "karmem/wire.h"
#include "karmem/writer.h"

#include <cstring>
#include <span>
#include <string_view>

namespace karmem {

namespace detail {

// ---- measuring --------------------------------------------------------------

template <class T> uint64_t blocks_of(const T &v) noexcept;

// Bytes reserved below one element (or single field) of type E: a table's own
// block plus whatever it reaches; an inline struct's blocks; nothing for scalars.
template <class E> uint64_t blocks_below(const E &e) noexcept {
  if constexpr (traits::is_scalar_v<E>)
    return 0;
  else if constexpr (traits::is_table_v<E>)
    return schema<E>::total + blocks_of(e);
  else
    return blocks_of(e);
}

template <class V, uint32_t Stride> uint64_t field_blocks(const V &m) noexcept {
  if constexpr (traits::is_scalar_v<V>) {
    return 0;
  } else if constexpr (traits::is_slice_v<V>) {
    using E = typename traits::slice_of<V>::element;
    uint64_t n = uint64_t(m.size()) * Stride;
    if constexpr (!traits::is_scalar_v<E>)
      for (const E &e : m)
        n += blocks_below(e);
    return n;
  } else if constexpr (traits::is_array_v<V>) {
    using E = typename traits::array_of<V>::element;
    uint64_t n = 0;
    if constexpr (!traits::is_scalar_v<E>)
      for (const E &e : m)
        n += blocks_below(e);
    return n;
  } else {
    return blocks_below(m);
  }
}

// Bytes of all blocks a struct value reaches (not counting its own bytes).
template <class T> uint64_t blocks_of(const T &v) noexcept {
  uint64_t n = 0;
  for_each_field<T>([&](const auto &f) {
    using F = std::remove_cvref_t<decltype(f)>;
    n += field_blocks<field_value_t<F>, F::stride>(v.*F::member);
  });
  return n;
}

// ---- writing ----------------------------------------------------------------

// The message being written: already sized, so reserving is a bump.
struct out {
  std::byte *base;
  uint32_t end;
  uint32_t reserve(uint32_t n) noexcept {
    uint32_t at = end;
    end += n;
    return at;
  }
};

template <class T> void put_struct(out &o, uint32_t at, const T &v) noexcept;

// One element (or single value) of type E at `at`, `width` bytes of slot.
template <class E> void put_element(out &o, uint32_t at, const E &e, uint32_t width) noexcept {
  if constexpr (traits::is_scalar_v<E>) {
    wire::store<E>(o.base + at, e);
    if (width > sizeof(E)) // an enum inside an unpacked wrapper struct
      std::memset(o.base + at + sizeof(E), 0, width - sizeof(E));
  } else if constexpr (traits::is_table_v<E>) {
    const uint32_t block = o.reserve(schema<E>::total);
    wire::store_u32(o.base + at, block);
    if (width > 4) // a table reference inside an unpacked wrapper struct
      std::memset(o.base + at + 4, 0, width - 4);
    put_struct(o, block, e);
  } else {
    put_struct(o, at, e);
  }
}

template <class Owner, class V, uint32_t Stride>
void put_field(out &o, uint32_t s, const V &m) noexcept {
  if constexpr (traits::is_scalar_v<V>) {
    wire::store<V>(o.base + s, m);
  } else if constexpr (traits::is_slice_v<V>) {
    using E = typename traits::slice_of<V>::element;
    const uint32_t n = uint32_t(m.size());
    const uint32_t bytes = n * Stride;
    const uint32_t block = o.reserve(bytes);
    wire::store_u32(o.base + s, block);
    wire::store_u32(o.base + s + 4, bytes);
    if constexpr (!schema<Owner>::packed)
      wire::store_u32(o.base + s + 8, Stride); // unpacked headers carry the stride
    if constexpr (traits::is_bulk_v<E, Stride>) {
      if (n)
        std::memcpy(o.base + block, m.data(), bytes);
    } else {
      uint32_t at = block;
      for (const E &e : m) {
        put_element(o, at, e, Stride);
        at += Stride;
      }
    }
  } else if constexpr (traits::is_array_v<V>) {
    using E = typename traits::array_of<V>::element;
    if constexpr (traits::is_bulk_v<E, Stride>) {
      std::memcpy(o.base + s, &m[0], sizeof(E) * traits::array_of<V>::length);
    } else {
      uint32_t at = s;
      for (const E &e : m) {
        put_element(o, at, e, Stride);
        at += Stride;
      }
    }
  } else {
    put_element(o, s, m, traits::is_table_v<V> ? 4 : schema<V>::total);
  }
}

template <class T> void put_struct(out &o, uint32_t at, const T &v) noexcept {
  if constexpr (schema<T>::table)
    wire::store_u32(o.base + at, schema<T>::content);
  for_each_field<T>([&](const auto &f) {
    using F = std::remove_cvref_t<decltype(f)>;
    put_field<T, field_value_t<F>, F::stride>(o, at + F::offset, v.*F::member);
  });
  if constexpr (schema<T>::total > schema<T>::content) // unpacked inline padding
    std::memset(o.base + at + schema<T>::content, 0, schema<T>::total - schema<T>::content);
}

// ---- reading ----------------------------------------------------------------

template <class T> void read_struct(const view<T> &v, T &out) noexcept;

template <class V, class R> void assign(V &dst, const R &src) noexcept {
  if constexpr (traits::is_scalar_v<V>) {
    dst = src;
  } else if constexpr (traits::is_string_v<V>) {
    dst.assign(src.begin(), src.end()); // src is a string_view, already clamped
  } else if constexpr (traits::is_slice_v<V>) {
    using E = typename traits::slice_of<V>::element;
    dst.resize(src.size()); // never above a limited<>'s N: views clamp first
    if constexpr (traits::is_bulk_v<E, R::stride>) {
      if (src.size())
        std::memcpy(dst.data(), src.bytes().data(), src.bytes().size());
    } else {
      for (uint32_t i = 0; i < src.size(); ++i) {
        if constexpr (traits::is_scalar_v<E>)
          dst[i] = src[i]; // also through std::vector<bool>'s proxy reference
        else
          assign(dst[i], src[i]);
      }
    }
  } else if constexpr (traits::is_array_v<V>) {
    using E = typename traits::array_of<V>::element;
    constexpr uint32_t n = traits::array_of<V>::length;
    if constexpr (traits::is_bulk_v<E, R::stride>) {
      if (src.size() == n)
        std::memcpy(&dst[0], src.bytes().data(), sizeof(E) * n);
      else
        std::memset(static_cast<void *>(&dst[0]), 0, sizeof(E) * n); // absent: zeros
    } else {
      for (uint32_t i = 0; i < n; ++i)
        assign(dst[i], src[i]); // an absent array reads as zero elements
    }
  } else {
    read_struct(src, dst);
  }
}

template <class T> void read_struct(const view<T> &v, T &out) noexcept {
  [&]<size_t... I>(std::index_sequence<I...>) {
    (assign(out.*field_t<T, I>::member, v.template karmem_field<I>()), ...);
  }(std::make_index_sequence<field_count_v<T>>{});
}

} // namespace detail

// Encodes `value` as a Karmem message with `value` as its root, replacing
// whatever `w` held. Returns false, writing nothing, when the message would
// exceed 2^31-1 bytes or the writer cannot provide the room.
template <class Writer, class T> bool encode(Writer &w, const T &value) noexcept {
  static_assert(is_annotated_v<T>, "karmem::encode: T is not a [[karmem::struct]] type");
  const uint64_t size = schema<T>::total + detail::blocks_of(value);
  if (size > max_message_size) {
    w.clear();
    return false;
  }
  std::byte *base = w.prepare(size_t(size));
  if (!base)
    return false;
  detail::out o{base, 0};
  detail::put_struct(o, o.reserve(schema<T>::total), value);
  return true;
}

// The size encode() would produce for `value`.
template <class T> uint64_t encoded_size(const T &value) noexcept {
  return schema<T>::total + detail::blocks_of(value);
}

// Reads the message in `bytes` into `out`, reusing its capacity. Never fails
// on malformed input (out-of-range parts read as zeros, spec §7); returns
// false when the root itself is out of range (out is then all zeros).
template <class T> bool decode(std::span<const std::byte> bytes, T &out) noexcept {
  static_assert(is_annotated_v<T>, "karmem::decode: T is not a [[karmem::struct]] type");
  const view<T> v = view_root<T>(bytes);
  detail::read_struct(v, out);
  return v.karmem_present();
}

} // namespace karmem
