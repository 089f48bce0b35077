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
#include "karmem/containers.h"
#include "karmem/form.h"
#include "karmem/limits.h"
#include "karmem/view.h"
#include "karmem/wire.h"
#include "karmem/writer.h"

#include <cstring>
#include <span>
#include <string_view>
#include <utility>

namespace karmem {

namespace detail {

// What decode() may still spend, in bytes of slice data (limits.h): every
// slice it copies is charged, however many times its bytes are reached.
struct decode_budget {
  uint64_t left;
  bool exceeded = false;
  [[gnu::always_inline]] bool spend(uint64_t bytes) noexcept {
    if (bytes <= left) [[likely]] {
      left -= bytes;
      return true;
    }
    left = 0;
    exceeded = true;
    return false;
  }
};

// Each kind of value has one set of operations (element_codec<K>), and each
// shape one (field_codec<S>) built on them; which applies to a field is the
// schema's classification of it (schema.h), never the C++ type's.

template <class T> uint64_t blocks_of(const T &v) noexcept;
template <class T> uint32_t put_struct(std::byte *base, uint32_t at, uint32_t end, const T &v) noexcept;
struct decode_budget;
template <class T> void read_struct(view<T> v, T &out, decode_budget &budget) noexcept;

// The message is already sized when anything is written, so reserving a
// block is a bump of `end`. Every `put` takes the message start and the
// current end by value and returns the new end: no writer state lives in
// memory, so the compiler keeps it in registers instead of reloading it
// after every (possibly aliasing) byte store.
//
// element_codec<K>: one value of kind K.
//   blocks(e)                    bytes reserved below it (not its own slot)
//   put<Width>(base, at, end, e) writes it into Width bytes at `at`
//   assign(dst, src)             dst = the value its reader returned
template <kind K> struct element_codec;
template <> struct element_codec<kind::scalar> {
  template <class E> static uint64_t blocks(const E &) noexcept { return 0; }
  template <uint32_t Width, class E>
  [[gnu::always_inline]] static uint32_t put(std::byte *base, uint32_t at, uint32_t end, const E &e) noexcept {
    wire::store<E>(base + at, e);
    if constexpr (Width > sizeof(E)) // an enum inside an unpacked wrapper struct
      std::memset(base + at + sizeof(E), 0, Width - sizeof(E));
    return end;
  }
  template <class E> [[gnu::always_inline]] static void assign(E &dst, E src, decode_budget &) noexcept { dst = src; }
};
template <> struct element_codec<kind::enumeration> : element_codec<kind::scalar> {};
template <> struct element_codec<kind::inline_struct> {
  template <class E> static uint64_t blocks(const E &e) noexcept { return blocks_of(e); }
  template <uint32_t Width, class E>
  static uint32_t put(std::byte *base, uint32_t at, uint32_t end, const E &e) noexcept {
    return put_struct(base, at, end, e);
  }
  template <class E> [[gnu::always_inline]] static void assign(E &dst, view<E> src, decode_budget &budget) noexcept {
    read_struct(src, dst, budget);
  }
};
template <> struct element_codec<kind::table> {
  template <class E> static uint64_t blocks(const E &e) noexcept { return schema<E>::total + blocks_of(e); }
  template <uint32_t Width, class E>
  static uint32_t put(std::byte *base, uint32_t at, uint32_t end, const E &e) noexcept {
    wire::store_u32(base + at, end);
    if constexpr (Width > 4) // a table reference inside an unpacked wrapper struct
      std::memset(base + at + 4, 0, Width - 4);
    return put_struct(base, end, end + schema<E>::total, e);
  }
  template <class E> [[gnu::always_inline]] static void assign(E &dst, view<E> src, decode_budget &budget) noexcept {
    read_struct(src, dst, budget);
  }
};

// A string element of a sequence (schema.h, kind::string): its slot is the
// slice header of its packed wrapper, and its characters are the block below.
template <> struct element_codec<kind::string> {
  template <class E> static uint64_t blocks(const E &e) noexcept { return e.size(); }
  template <uint32_t Width, class E>
  [[gnu::always_inline]] static uint32_t put(std::byte *base, uint32_t at, uint32_t end, const E &e) noexcept {
    static_assert(Width == 8, "a string element is the 8-byte slice header of a packed wrapper");
    const uint32_t n = uint32_t(e.size());
    wire::store_u32(base + at, end);
    wire::store_u32(base + at + 4, n);
    if (n)
      wire::copy(base + end, reinterpret_cast<const std::byte *>(e.data()), n);
    return end + n;
  }
  template <class E>
  [[gnu::always_inline]] static void assign(E &dst, std::string_view src, decode_budget &budget) noexcept {
    const uint32_t n = budget.spend(src.size()) ? uint32_t(src.size()) : 0; // over the limit: empty
    container<E>::resize(dst, n);
    if (n)
      wire::copy(reinterpret_cast<std::byte *>(dst.data()), reinterpret_cast<const std::byte *>(src.data()), n);
  }
};

// Whether elements of kind K can reserve blocks below them.
template <kind K>
inline constexpr bool reaches_blocks = K == kind::inline_struct || K == kind::table || K == kind::string;

// field_codec<S>: field F of shape S (F says its kind, stride and length).
//   blocks<F>(m)                   bytes reserved below the field
//   put<F, Packed>(base, s, end, m) writes it into its slot at `s`
//   assign<F>(dst, src, budget)    dst = what the field's reader returned
template <shape S> struct field_codec;
template <> struct field_codec<shape::single> {
  template <class F, class V> static uint64_t blocks(const V &m) noexcept {
    return element_codec<F::kind>::blocks(m);
  }
  template <class F, bool Packed, class V>
  [[gnu::always_inline]] static uint32_t put(std::byte *base, uint32_t s, uint32_t end, const V &m) noexcept {
    return element_codec<F::kind>::template put<F::slot>(base, s, end, m);
  }
  template <class F, class V, class R>
  [[gnu::always_inline]] static void assign(V &dst, const R &src, decode_budget &budget) noexcept {
    element_codec<F::kind>::assign(dst, src, budget);
  }
};
template <> struct field_codec<shape::array> {
  template <class F, class V> static uint64_t blocks(const V &m) noexcept {
    uint64_t n = 0;
    if constexpr (reaches_blocks<F::kind>)
      for (const auto &e : m)
        n += element_codec<F::kind>::blocks(e);
    return n;
  }
  template <class F, bool Packed, class V>
  static uint32_t put(std::byte *base, uint32_t s, uint32_t end, const V &m) noexcept {
    using E = element_t<V>;
    if constexpr (is_bulk<E, F::kind, F::stride>()) {
      std::memcpy(base + s, &m[0], sizeof(E) * F::length);
    } else {
      uint32_t at = s;
      for (const E &e : m) {
        end = element_codec<F::kind>::template put<F::stride>(base, at, end, e);
        at += F::stride;
      }
    }
    return end;
  }
  template <class F, class V, class R>
  [[gnu::always_inline]] static void assign(V &dst, const R &src, decode_budget &budget) noexcept {
    using E = element_t<V>;
    if constexpr (is_bulk<E, F::kind, F::stride>()) {
      (void)budget;
      if (src.size() == F::length)
        std::memcpy(&dst[0], src.bytes().data(), sizeof(E) * F::length);
      else
        std::memset(static_cast<void *>(&dst[0]), 0, sizeof(E) * F::length); // absent: zeros
    } else {
      for (uint32_t i = 0; i < F::length; ++i)
        element_codec<F::kind>::assign(dst[i], src[i], budget); // an absent array reads as zero elements
    }
  }
};
// []T and [<N]T. A slice of char arrives from its reader as a string_view.
template <> struct field_codec<shape::slice> {
  template <class F, class V> static uint64_t blocks(const V &m) noexcept {
    uint64_t n = uint64_t(m.size()) * F::stride;
    if constexpr (reaches_blocks<F::kind>)
      for (const auto &e : m)
        n += element_codec<F::kind>::blocks(e);
    return n;
  }
  template <class F, bool Packed, class V>
  static uint32_t put(std::byte *base, uint32_t s, uint32_t end, const V &m) noexcept {
    using E = element_t<V>;
    const uint32_t n = uint32_t(m.size());
    const uint32_t bytes = n * F::stride;
    const uint32_t block = end;
    wire::store_u32(base + s, block);
    wire::store_u32(base + s + 4, bytes);
    if constexpr (!Packed)
      wire::store_u32(base + s + 8, F::stride); // unpacked headers carry the stride
    end += bytes;
    if constexpr (is_bulk<E, F::kind, F::stride>()) {
      if (n)
        wire::copy(base + block, reinterpret_cast<const std::byte *>(m.data()), bytes);
    } else {
      uint32_t at = block;
      for (const E &e : m) {
        end = element_codec<F::kind>::template put<F::stride>(base, at, end, e);
        at += F::stride;
      }
    }
    return end;
  }
  template <class F, class V, class R>
  [[gnu::always_inline]] static void assign(V &dst, const R &src, decode_budget &budget) noexcept {
    using E = element_t<V>;
    uint32_t n = uint32_t(src.size()); // already clamped to a [<N]T's limit
    if (!budget.spend(uint64_t(n) * F::stride)) [[unlikely]]
      n = 0; // over the work limit: decode() returns false
    container<V>::resize(dst, n);
    if constexpr (std::is_same_v<E, char>) {
      if (n)
        wire::copy(reinterpret_cast<std::byte *>(dst.data()), reinterpret_cast<const std::byte *>(src.data()), n);
    } else if constexpr (is_bulk<E, F::kind, F::stride>()) {
      if (n)
        wire::copy(reinterpret_cast<std::byte *>(dst.data()), src.bytes().data(), size_t(n) * sizeof(E));
    } else {
      for (uint32_t i = 0; i < n; ++i) {
        if constexpr (F::kind == kind::scalar || F::kind == kind::enumeration)
          dst[i] = src[i]; // also through std::vector<bool>'s proxy reference
        else
          element_codec<F::kind>::assign(dst[i], src[i], budget);
      }
    }
  }
};
template <> struct field_codec<shape::limited_slice> : field_codec<shape::slice> {};

// Field I of T, through the codec of its shape. A field whose C++ type is
// not the form its schema says has already failed its static_assert in the
// generated header (form.h); it is skipped here so that the assert stays the
// only error, instead of one deep inside the codecs.
template <class T, size_t I> [[gnu::always_inline]] inline uint64_t field_blocks(const T &v) noexcept {
  using F = field_t<T, I>;
  if constexpr (has_form<F>())
    return field_codec<F::shape>::template blocks<F>(v.*F::member);
  else
    return 0;
}
template <class T, size_t I>
[[gnu::always_inline]] inline uint32_t put_field(std::byte *base, uint32_t at, uint32_t end, const T &v) noexcept {
  using F = field_t<T, I>;
  if constexpr (has_form<F>())
    return field_codec<F::shape>::template put<F, schema<T>::packed>(base, at + F::offset, end, v.*F::member);
  else
    return end;
}
// Complete: the view is complete, so the field needs no presence test.
template <size_t I, bool Complete, class T>
[[gnu::always_inline]] inline void assign_field(const view<T> &v, T &out, decode_budget &budget) noexcept {
  using F = field_t<T, I>;
  if constexpr (!has_form<F>())
    return;
  else if constexpr (Complete)
    field_codec<F::shape>::template assign<F>(out.*F::member, view_access::complete_field<I>(v), budget);
  else
    field_codec<F::shape>::template assign<F>(out.*F::member, view_access::field<I>(v), budget);
}

// Over fields, packs are expanded in braced lists, in order (schema.h).
template <class T, size_t... I> uint64_t fields_blocks(const T &v, std::index_sequence<I...>) noexcept {
  uint64_t n = 0;
  const int in_order[] = {(n += field_blocks<T, I>(v), 0)...};
  (void)in_order;
  return n;
}

// Bytes of all blocks a struct value reaches (not counting its own bytes).
template <class T> uint64_t blocks_of(const T &v) noexcept {
  return fields_blocks(v, std::make_index_sequence<field_count_v<T>>{});
}

template <class T, size_t... I>
uint32_t put_fields(std::byte *base, uint32_t at, uint32_t end, const T &v, std::index_sequence<I...>) noexcept {
  const uint32_t in_order[] = {(end = put_field<T, I>(base, at, end, v))...};
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

// Every field of T from `v`; Complete: the view is complete, so no field
// needs its own presence test. (Views are reached only through view_access:
// a user's field may be named like any member of view<T>.)
template <bool Complete, class T, size_t... I>
[[gnu::always_inline]] inline void read_fields(const view<T> v, T &out, decode_budget &budget,
                                              std::index_sequence<I...>) noexcept {
  const int in_order[] = {(assign_field<I, Complete>(v, out, budget), 0)...};
  (void)in_order;
}

// A table written with fewer fields than T has (an older schema), or absent.
template <class T> [[gnu::noinline]] void read_partial_table(const view<T> v, T &out, decode_budget &budget) noexcept {
  read_fields<false>(v, out, budget, std::make_index_sequence<field_count_v<T>>{});
}

// The view is taken by value: it stays in registers while `out` is written.
template <class T>
[[gnu::always_inline]] inline void read_struct_body(const view<T> v, T &out, decode_budget &budget) noexcept {
  if (view_access::complete(v)) [[likely]]
    read_fields<true>(v, out, budget, std::make_index_sequence<field_count_v<T>>{});
  else
    read_partial_table(v, out, budget);
}

// One function per struct type; whether it is inlined is the compiler's
// choice (forcing it would grow code exponentially with nesting). The view
// arrives as four scalars: the wasm32 C ABI would pass a view<T> argument
// through the stack, which costs more than reading a small struct.
template <class T>
void read_struct_at(const std::byte *base, uint32_t len, const std::byte *p, uint32_t size, T &out,
                    decode_budget &budget) noexcept {
  read_struct_body(view<T>(base, len, p, size), out, budget);
}

template <class T>
[[gnu::always_inline]] inline void read_struct(const view<T> v, T &out, decode_budget &budget) noexcept {
  read_struct_at(view_access::message(v), view_access::message_size(v), view_access::data(v),
                 view_access::recorded_size(v), out, budget);
}

} // namespace detail

// Encodes `value` as a Karmem message with `value` as its root, replacing
// whatever `w` held. Returns false, writing nothing, when the message would
// exceed 2^31-1 bytes or the writer cannot provide the room.
template <class Writer, class T> bool encode(Writer &w, const T &value) noexcept {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::encode"));
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

// Reads the message in `bytes` into `out`, reusing its capacity. Malformed
// input is read as Karmem's readers read it (out-of-range parts as zeros,
// spec §7). Returns false when the root itself is out of range (out is then
// all zeros), or when the message would take more work than
// traversal_limit(bytes.size()) (limits.h): then the slices past the limit
// are left empty, and `out` is not the message.
template <class T> bool decode(std::span<const std::byte> bytes, T &out) noexcept {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::decode"));
  const view<T> v = view_root<T>(bytes);
  detail::decode_budget budget{traversal_limit(bytes.size())};
  detail::read_struct(v, out, budget);
  return detail::view_access::present(v) && !budget.exceeded;
}

} // namespace karmem
