// Zero-copy, bounds-checked views over an encoded message (spec §7).
//
// `karmem::view<T>` is specialised by generated code with one accessor per
// field, named as the C++ field; each accessor forwards to
// `struct_view<T>::karmem_field<I>()` here. Reading never fails: whatever is
// out of range reads as the zero value, exactly as Karmem's readers do.
//
// What an accessor returns, by field type:
//   scalar / enum                 the value
//   std::string, limited<char,N>  std::string_view (clamped to N)
//   vector / limited / array      karmem::range<E, Stride, Kind>: size(), [], begin/end
//     (of std::string             ... whose elements read as std::string_view)
//   annotated struct              karmem::view<E>
//
// A view is four words (message start and length, struct start, recorded
// size) and is meant to be passed by value.
#pragma once

#include "karmem/containers.h"
#include "karmem/form.h"
#include "karmem/schema.h"
#include "karmem/wire.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <string_view>

namespace karmem {

// Specialised by generated code for every annotated type.
template <class T> class view;

namespace detail {
// Absent structs are read from zeros, as Karmem does. Sized per struct so that
// every field of an absent inline struct is in range.
template <uint32_t N> inline constexpr std::byte zero_bytes[N ? N : 1] = {};

template <class T> view<T> absent() noexcept {
  constexpr uint32_t total = schema<T>::total;
  // An empty message: nothing reachable from a zero struct resolves.
  return view<T>(zero_bytes<total>, 0, zero_bytes<total>, schema<T>::table ? 0 : total);
}

// Spec §7.1: a table at `off` needs `minimum` bytes and then its size word's
// worth of bytes inside the message; otherwise it is absent (all zero).
//
// The first branch is the common case, a table whose writer knew all of T's
// fields (recorded >= content) lying inside the message: the same checks,
// but on that path the compiler knows the recorded size covers every field,
// so the accessors' presence tests (struct_view::read_formed) fold away
// instead of costing one compare per field read. Anything else takes the
// general path below, which gives the same view for such a table too.
template <class T> [[gnu::always_inline]] inline view<T> locate_table(const std::byte *base, uint32_t len, uint64_t off) noexcept {
  constexpr uint32_t full = schema<T>::content > schema<T>::minimum ? schema<T>::content : schema<T>::minimum;
  if (off + full <= len) [[likely]] {
    const uint32_t recorded = wire::load_u32(base + off);
    if (recorded >= full && off + recorded <= len) [[likely]]
      return view<T>(base, len, base + off, recorded);
  }
  if (off + schema<T>::minimum > len)
    return absent<T>();
  const uint32_t recorded = wire::load_u32(base + off);
  if (off + recorded > len)
    return absent<T>();
  return view<T>(base, len, base + off, recorded);
}

// One value of each kind at `p`, and the value an absent one reads as.
template <kind K> struct element_reader;
template <> struct element_reader<kind::scalar> {
  template <class E> static E read(const std::byte *, uint32_t, const std::byte *p) noexcept {
    return wire::load<E>(p);
  }
  template <class E> static E zero() noexcept { return E{}; }
};
template <> struct element_reader<kind::enumeration> : element_reader<kind::scalar> {};
template <> struct element_reader<kind::inline_struct> {
  template <class E> static view<E> read(const std::byte *base, uint32_t len, const std::byte *p) noexcept {
    return view<E>(base, len, p, schema<E>::total);
  }
  template <class E> static view<E> zero() noexcept { return absent<E>(); }
};
template <> struct element_reader<kind::table> {
  template <class E> static view<E> read(const std::byte *base, uint32_t len, const std::byte *p) noexcept {
    return locate_table<E>(base, len, wire::load_u32(p));
  }
  template <class E> static view<E> zero() noexcept { return absent<E>(); }
};
} // namespace detail

// A fixed array or a slice of E (of kind Kind), Stride bytes per element on
// the wire. Indexing past the end reads the zero element (Karmem's readers
// never fail).
template <class E, uint32_t Stride, kind Kind> class range {
  static_assert(Stride > 0);
  using reader = detail::element_reader<Kind>;

public:
  using value_type = decltype(reader::template zero<E>());
  static constexpr uint32_t stride = Stride;

  class iterator {
  public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = range::value_type;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = value_type;
    iterator() = default;
    iterator(const range &r, uint32_t i) : r_(r), i_(i) {}
    // Iterators stay inside [0, size()), checked once when the range was made.
    value_type operator*() const noexcept { return r_.element(i_); }
    value_type operator[](difference_type n) const noexcept { return r_[i_ + n]; }
    iterator &operator++() noexcept { return ++i_, *this; }
    iterator operator++(int) noexcept { auto t = *this; ++i_; return t; }
    iterator &operator--() noexcept { return --i_, *this; }
    iterator operator--(int) noexcept { auto t = *this; --i_; return t; }
    iterator &operator+=(difference_type n) noexcept { return i_ += n, *this; }
    iterator &operator-=(difference_type n) noexcept { return i_ -= n, *this; }
    friend iterator operator+(iterator a, difference_type n) noexcept { return a += n; }
    friend iterator operator+(difference_type n, iterator a) noexcept { return a += n; }
    friend iterator operator-(iterator a, difference_type n) noexcept { return a -= n; }
    friend difference_type operator-(iterator a, iterator b) noexcept {
      return difference_type(a.i_) - difference_type(b.i_);
    }
    friend bool operator==(iterator a, iterator b) noexcept { return a.i_ == b.i_; }
    friend auto operator<=>(iterator a, iterator b) noexcept { return a.i_ <=> b.i_; }

  private:
    // A copy, not a pointer: the range is four words, and a copy keeps it in
    // registers (a pointer would make the compiler keep it in memory).
    range r_;
    uint32_t i_ = 0;
  };

  range() noexcept = default;
  range(const std::byte *base, uint32_t len, const std::byte *data, uint32_t count) noexcept
      : base_(base), len_(len), data_(data), count_(count) {}

  uint32_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  value_type operator[](uint32_t i) const noexcept {
    if (i >= count_)
      return reader::template zero<E>();
    return element(i);
  }
  iterator begin() const noexcept { return iterator(*this, 0); }
  iterator end() const noexcept { return iterator(*this, count_); }
  // The elements' wire bytes (count × Stride), e.g. for a bulk copy.
  std::span<const std::byte> bytes() const noexcept { return {data_, size_t(count_) * Stride}; }

private:
  value_type element(uint32_t i) const noexcept {
    return reader::template read<E>(base_, len_, data_ + size_t(i) * Stride);
  }

  const std::byte *base_ = nullptr;
  uint32_t len_ = 0;
  const std::byte *data_ = detail::zero_bytes<1>;
  uint32_t count_ = 0;
};

namespace detail {
// Spec §7.4: a slice header (offset, byte length) at `s`; out of range reads
// as empty; count = bytes / stride, clamped to the limit of [<N]T.
struct slice_span {
  const std::byte *data;
  uint32_t count;
};
template <uint32_t Stride, size_t Limit>
[[gnu::always_inline]] inline slice_span resolve_slice(const std::byte *base, uint32_t len, const std::byte *s) noexcept {
  const uint32_t off = wire::load_u32(s);
  const uint32_t bytes = wire::load_u32(s + 4);
  if (uint64_t(off) + bytes > len)
    return {zero_bytes<1>, 0};
  uint32_t count = bytes / Stride;
  if constexpr (Limit != 0)
    count = count < Limit ? count : uint32_t(Limit);
  return {base + off, count};
}

// A string element of a sequence: the slice header of its generated wrapper
// (schema.h, kind::string), read as the characters it points at.
template <> struct element_reader<kind::string> {
  template <class E> static std::string_view read(const std::byte *base, uint32_t len, const std::byte *p) noexcept {
    const slice_span sl = resolve_slice<1, 0>(base, len, p);
    return std::string_view(reinterpret_cast<const char *>(sl.data), sl.count);
  }
  template <class E> static std::string_view zero() noexcept { return std::string_view(); }
};

// The value of field F, whose slot starts at `s`, one reader per shape.
template <shape S> struct field_reader;
template <> struct field_reader<shape::single> {
  template <class F> [[gnu::always_inline]] static auto read(bool present, const std::byte *base, uint32_t len, const std::byte *s) noexcept {
    using reader = element_reader<F::kind>;
    using V = field_value_t<F>;
    return present ? reader::template read<V>(base, len, s) : reader::template zero<V>();
  }
};
template <> struct field_reader<shape::array> {
  template <class F> [[gnu::always_inline]] static auto read(bool present, const std::byte *base, uint32_t len, const std::byte *s) noexcept {
    return range<element_t<field_value_t<F>>, F::stride, F::kind>(base, len, s, present ? F::length : 0);
  }
};
// []T and [<N]T; a sequence of char reads as a std::string_view.
template <> struct field_reader<shape::slice> {
  template <class F> [[gnu::always_inline]] static auto read(bool present, const std::byte *base, uint32_t len, const std::byte *s) noexcept {
    using E = element_t<field_value_t<F>>;
    constexpr uint32_t limit = F::shape == shape::limited_slice ? F::length : 0;
    if constexpr (std::is_same_v<E, char>) {
      if (!present)
        return std::string_view();
      auto sl = resolve_slice<1, limit>(base, len, s);
      return std::string_view(reinterpret_cast<const char *>(sl.data), sl.count);
    } else {
      if (!present)
        return range<E, F::stride, F::kind>();
      auto sl = resolve_slice<F::stride, limit>(base, len, s);
      return range<E, F::stride, F::kind>(base, len, sl.data, sl.count);
    }
  }
};
template <> struct field_reader<shape::limited_slice> : field_reader<shape::slice> {};
} // namespace detail

namespace detail {
struct view_access;
// What the accessor of a field whose C++ type no longer matches its schema
// returns: nothing; the generated header's static_assert names the field.
struct misformed_field {};
}

// The state and generic field access shared by every generated view<T>.
//
// Generated views derive from this class and add one accessor per field,
// named as the user's field, so a name in view<T> may be the user's. The
// runtime and generated code therefore never call a member of a view by
// name: they convert it to struct_view<T> and go through detail::view_access,
// which no field name can hide. The members below are for users; the plugin
// rejects fields named `view` or starting with `karmem_` (idl/cpp_emitter.h)
// so that an accessor cannot hide them either.
template <class T> class struct_view {
public:
  struct_view(const std::byte *base, uint32_t len, const std::byte *p, uint32_t size) noexcept
      : km_base_(base), km_len_(len), km_p_(p), km_size_(size) {}

  // Field I (declaration order) of T, as its accessor returns it. A table
  // field is present only if it lies entirely inside the table's recorded
  // size (spec §7.2: older writers wrote fewer fields).
  template <size_t I> auto karmem_field() const noexcept { return read<I, false>(); }

  // Whether every field of T lies inside the struct's bytes: always for an
  // inline struct; for a table, when its writer knew all of T's fields.
  bool karmem_complete() const noexcept { return !schema<T>::table || km_size_ >= schema<T>::content; }

  // The view's words: the message (start, length) and the struct's bytes.
  // view<T>(message, length, struct, recorded size) makes the same view again,
  // e.g. on the far side of a call that should get four scalars, not a struct
  // in memory (the wasm32 C ABI passes a struct argument through the stack).
  const std::byte *karmem_message() const noexcept { return km_base_; }
  uint32_t karmem_message_size() const noexcept { return km_len_; }
  const std::byte *karmem_data() const noexcept { return km_p_; }

  // False when the struct was out of range and reads as zeros.
  bool karmem_present() const noexcept { return km_len_ != 0; }
  // For a table, the size its writer recorded (its size word).
  uint32_t karmem_recorded_size() const noexcept { return km_size_; }

private:
  friend struct detail::view_access;

  // Complete: the caller knows karmem_complete() holds, so no presence test.
  template <size_t I, bool Complete> auto read() const noexcept {
    using F = field_t<T, I>;
    if constexpr (!detail::has_form<F>())
      return detail::misformed_field{}; // its static_assert in the generated header is the error
    else
      return read_formed<F, Complete>();
  }
  template <class F, bool Complete> auto read_formed() const noexcept {
    bool present = true;
    if constexpr (schema<T>::table && !Complete)
      present = F::offset + F::slot <= km_size_;
    return detail::field_reader<F::shape>::template read<F>(present, km_base_, km_len_, km_p_ + F::offset);
  }

  const std::byte *km_base_;
  uint32_t km_len_;
  const std::byte *km_p_;
  uint32_t km_size_;
};

namespace detail {
// The runtime's only way into a view (see struct_view). Every function takes
// the base class, so a view<T> converts to it whatever its accessors are named.
struct view_access {
  template <size_t I, class T> static auto field(const struct_view<T> &v) noexcept {
    return v.template read<I, false>();
  }
  template <size_t I, class T> static auto complete_field(const struct_view<T> &v) noexcept {
    return v.template read<I, true>();
  }
  // Through the base class, these find struct_view's members, never an accessor.
  template <class T> static bool complete(const struct_view<T> &v) noexcept { return v.karmem_complete(); }
  template <class T> static bool present(const struct_view<T> &v) noexcept { return v.karmem_present(); }
  template <class T> static const std::byte *message(const struct_view<T> &v) noexcept { return v.karmem_message(); }
  template <class T> static uint32_t message_size(const struct_view<T> &v) noexcept { return v.karmem_message_size(); }
  template <class T> static const std::byte *data(const struct_view<T> &v) noexcept { return v.karmem_data(); }
  template <class T> static uint32_t recorded_size(const struct_view<T> &v) noexcept { return v.karmem_recorded_size(); }
};

// What a generated accessor returns: field I of the view.
template <size_t I, class T> [[gnu::always_inline]] inline auto field_of(const struct_view<T> &v) noexcept {
  return view_access::field<I>(v);
}
} // namespace detail

// The root of a message: the struct at offset 0 (spec §7.1). Bytes after the
// message are ignored, so `bytes` may be a larger buffer.
template <class T> view<T> view_root(std::span<const std::byte> bytes) noexcept {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::view_root"));
  const std::byte *base = bytes.data();
  const uint32_t len = bytes.size() > 0xffffffffu ? 0xffffffffu : uint32_t(bytes.size());
  if (len == 0)
    return detail::absent<T>();
  if constexpr (schema<T>::table) {
    return detail::locate_table<T>(base, len, 0);
  } else {
    if (schema<T>::content > len)
      return detail::absent<T>();
    return view<T>(base, len, base, schema<T>::total);
  }
}

} // namespace karmem
