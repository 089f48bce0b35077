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
#include <utility>

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

// Over fields, packs are expanded in braced lists, in order (schema.h).
template <class T, size_t... I> uint64_t fields_blocks(const T &v, std::index_sequence<I...>) noexcept {
  uint64_t n = 0;
  const int in_order[] = {(n += field_blocks<field_value_t<field_t<T, I>>, field_t<T, I>::stride>(v.*field_t<T, I>::member), 0)...};
  (void)in_order;
  return n;
}

// Bytes of all blocks a struct value reaches (not counting its own bytes).
template <class T> uint64_t blocks_of(const T &v) noexcept {
  return fields_blocks(v, std::make_index_sequence<field_count_v<T>>{});
}

// ---- writing ----------------------------------------------------------------
//
// The message is already sized, so reserving a block is a bump of `end`.
// Every function takes the message start and the current end by value and
// returns the new end: no writer state lives in memory, so the compiler keeps
// it in registers instead of reloading it after every (possibly aliasing)
// byte store.

template <class T> uint32_t put_struct(std::byte *base, uint32_t at, uint32_t end, const T &v) noexcept;

// One element (or single value) of type E at `at`, `width` bytes of slot.
template <class E, uint32_t Width>
uint32_t put_element(std::byte *base, uint32_t at, uint32_t end, const E &e) noexcept {
  if constexpr (traits::is_scalar_v<E>) {
    wire::store<E>(base + at, e);
    if constexpr (Width > sizeof(E)) // an enum inside an unpacked wrapper struct
      std::memset(base + at + sizeof(E), 0, Width - sizeof(E));
    return end;
  } else if constexpr (traits::is_table_v<E>) {
    wire::store_u32(base + at, end);
    if constexpr (Width > 4) // a table reference inside an unpacked wrapper struct
      std::memset(base + at + 4, 0, Width - 4);
    return put_struct(base, end, end + schema<E>::total, e);
  } else {
    return put_struct(base, at, end, e);
  }
}

template <class Owner, class V, uint32_t Stride>
uint32_t put_field(std::byte *base, uint32_t s, uint32_t end, const V &m) noexcept {
  if constexpr (traits::is_scalar_v<V>) {
    wire::store<V>(base + s, m);
    return end;
  } else if constexpr (traits::is_slice_v<V>) {
    using E = typename traits::slice_of<V>::element;
    const uint32_t n = uint32_t(m.size());
    const uint32_t bytes = n * Stride;
    const uint32_t block = end;
    wire::store_u32(base + s, block);
    wire::store_u32(base + s + 4, bytes);
    if constexpr (!schema<Owner>::packed)
      wire::store_u32(base + s + 8, Stride); // unpacked headers carry the stride
    end += bytes;
    if constexpr (traits::is_bulk_v<E, Stride>) {
      if (n)
        wire::copy(base + block, reinterpret_cast<const std::byte *>(m.data()), bytes);
    } else {
      uint32_t at = block;
      for (const E &e : m) {
        end = put_element<E, Stride>(base, at, end, e);
        at += Stride;
      }
    }
    return end;
  } else if constexpr (traits::is_array_v<V>) {
    using E = typename traits::array_of<V>::element;
    if constexpr (traits::is_bulk_v<E, Stride>) {
      std::memcpy(base + s, &m[0], sizeof(E) * traits::array_of<V>::length);
    } else {
      uint32_t at = s;
      for (const E &e : m) {
        end = put_element<E, Stride>(base, at, end, e);
        at += Stride;
      }
    }
    return end;
  } else {
    return put_element<V, traits::is_table_v<V> ? 4 : schema<V>::total>(base, s, end, m);
  }
}

template <class T, size_t... I>
uint32_t put_fields(std::byte *base, uint32_t at, uint32_t end, const T &v, std::index_sequence<I...>) noexcept {
  const uint32_t in_order[] = {(end = put_field<T, field_value_t<field_t<T, I>>, field_t<T, I>::stride>(
                                   base, at + field_t<T, I>::offset, end, v.*field_t<T, I>::member))...};
  (void)in_order;
  return end;
}

template <class T> uint32_t put_struct(std::byte *base, uint32_t at, uint32_t end, const T &v) noexcept {
  if constexpr (schema<T>::table)
    wire::store_u32(base + at, schema<T>::content);
  end = put_fields(base, at, end, v, std::make_index_sequence<field_count_v<T>>{});
  if constexpr (schema<T>::total > schema<T>::content) // unpacked inline padding
    std::memset(base + at + schema<T>::content, 0, schema<T>::total - schema<T>::content);
  return end;
}

// ---- reading ----------------------------------------------------------------

template <class T> void read_struct(view<T> v, T &out) noexcept;

template <class V, class R> [[gnu::always_inline]] inline void assign(V &dst, const R &src) noexcept {
  if constexpr (traits::is_scalar_v<V>) {
    dst = src;
  } else if constexpr (traits::is_string_v<V>) {
    const size_t n = src.size(); // src is a string_view, already clamped
    dst.resize(n);
    if (n)
      wire::copy(reinterpret_cast<std::byte *>(dst.data()), reinterpret_cast<const std::byte *>(src.data()), n);
  } else if constexpr (traits::is_slice_v<V>) {
    using E = typename traits::slice_of<V>::element;
    const uint32_t n = src.size();
    dst.resize(n); // never above a limited<>'s N: views clamp first
    if constexpr (traits::is_bulk_v<E, R::stride>) {
      if (n)
        wire::copy(reinterpret_cast<std::byte *>(dst.data()), src.bytes().data(), size_t(n) * sizeof(E));
    } else {
      for (uint32_t i = 0; i < n; ++i) {
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

// Every field of T from `v`; Complete: the view is complete, so no field
// needs its own presence test. (Views are reached only through view_access:
// a user's field may be named like any member of view<T>.)
template <bool Complete, class T, size_t... I>
[[gnu::always_inline]] inline void read_fields(const view<T> v, T &out, std::index_sequence<I...>) noexcept {
  if constexpr (Complete) {
    const int in_order[] = {(assign(out.*field_t<T, I>::member, view_access::complete_field<I>(v)), 0)...};
    (void)in_order;
  } else {
    const int in_order[] = {(assign(out.*field_t<T, I>::member, view_access::field<I>(v)), 0)...};
    (void)in_order;
  }
}

// A table written with fewer fields than T has (an older schema), or absent.
template <class T> [[gnu::noinline]] void read_partial_table(const view<T> v, T &out) noexcept {
  read_fields<false>(v, out, std::make_index_sequence<field_count_v<T>>{});
}

// The view is taken by value: it stays in registers while `out` is written.
template <class T> [[gnu::always_inline]] inline void read_struct_body(const view<T> v, T &out) noexcept {
  if (view_access::complete(v)) [[likely]]
    read_fields<true>(v, out, std::make_index_sequence<field_count_v<T>>{});
  else
    read_partial_table(v, out);
}

// One function per struct type; whether it is inlined is the compiler's
// choice (forcing it would grow code exponentially with nesting). The view
// arrives as four scalars: the wasm32 C ABI would pass a view<T> argument
// through the stack, which costs more than reading a small struct.
template <class T>
void read_struct_at(const std::byte *base, uint32_t len, const std::byte *p, uint32_t size, T &out) noexcept {
  read_struct_body(view<T>(base, len, p, size), out);
}

template <class T> [[gnu::always_inline]] inline void read_struct(const view<T> v, T &out) noexcept {
  read_struct_at(view_access::message(v), view_access::message_size(v), view_access::data(v),
                 view_access::recorded_size(v), out);
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
  detail::put_struct(base, 0, schema<T>::total, value);
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
  return detail::view_access::present(v);
}

} // namespace karmem
