// The strict gate for untrusted messages: karmem::verify<T>(bytes) says
// whether a message of root type T is well formed, and if not, where the
// first fault is. Views and decode read any input leniently (spec §7: what
// is out of range reads as zero, which is what lets schemas evolve), so a
// truncated message, a message of another type or a corrupted offset all
// "decode"; verify is what tells them apart.
//
// Well formed: every reachable table lies inside the message and its size
// word covers at least itself; every reachable slice lies inside the message
// and its byte length is a whole number of elements; no limited slice holds
// more than its limit; every bool is 0 or 1; and reaching it all takes no
// more than traversal_limit(bytes.size()) (limits.h: blocks reached through
// many offsets count each time). Table fields past a table's recorded size
// are absent, not faults: that is an older writer (spec §7.3).
//
// The rules and messages are the `karmem verify` tool's (idl/src/json_codec.cpp);
// test/fuzz/verify-matches-tool.test checks that both say the same thing.
#pragma once

#include "karmem/containers.h"
#include "karmem/limits.h"
#include "karmem/schema.h"
#include "karmem/wire.h"

#include <cstddef>
#include <span>
#include <string>
#include <utility>

namespace karmem {

struct verify_result {
  bool ok = true;
  std::string path;    // "Monsters[1].Data.Name", or "" for the root
  std::string message; // "size 4294967295 past the end at offset 322"
  explicit operator bool() const noexcept { return ok; }
};

namespace detail {

// Whether the bytes of one element of type E and kind K can hold a fault: a
// bool (only 0 and 1 are valid), a table (an offset), a string (an offset
// and a size), or an inline struct
// holding one of those or a slice. Any bytes are a valid number, enum value
// or character, so arrays and slices of elements that cannot fail (Vec3's
// floats) are checked by their bounds alone, never element by element.
template <class E, kind K> constexpr bool element_can_fail();

template <class T> constexpr bool fields_can_fail() {
  bool any = false;
  for_each_field<T>([&](const auto &descriptor) {
    using F = std::remove_cvref_t<decltype(descriptor)>;
    using V = field_value_t<F>;
    if constexpr (F::shape == shape::single)
      any = any || element_can_fail<V, F::kind>();
    else if constexpr (F::shape == shape::array)
      any = any || element_can_fail<element_t<V>, F::kind>();
    else
      any = true; // a slice's offset and size
  });
  return any;
}

template <class E, kind K> constexpr bool element_can_fail() {
  if constexpr (K == kind::table || K == kind::string) // an offset (a string: and a size)
    return true;
  else if constexpr (K == kind::inline_struct)
    return fields_can_fail<E>();
  else
    return std::is_same_v<E, bool>;
}

class verifier {
public:
  verifier(std::span<const std::byte> bytes) noexcept
      : base_(bytes.data()), len_(bytes.size()), budget_(traversal_limit(bytes.size())) {}

  template <class T> bool root() {
    if constexpr (schema<T>::table)
      return table<T>(0);
    if (schema<T>::content > len_)
      return fail_inline_root(schema<T>::content);
    return fields<T>(0, UINT64_MAX, std::make_index_sequence<field_count_v<T>>{});
  }

  verify_result result() && { return {false, std::move(path_), std::move(message_)}; }

private:
  // The checks below stay inline and allocate nothing; describing a fault
  // is left to the cold functions at the end, out of the hot path (inlined
  // string building kept the checks themselves from being inlined, and cost
  // verify more than half its time).
  bool fits(uint64_t at, uint64_t size) const noexcept { return at + size <= len_; }
  uint32_t u32(uint64_t at) const noexcept { return wire::load_u32(base_ + at); }
  // As the failure unwinds, each level puts its part of the path in front.
  bool within(bool ok, std::string_view part) { return ok || prepend(part); }
  bool at_index(bool ok, uint64_t i) { return ok || prepend_index(i); }
  bool spend(uint64_t bytes) {
    if (bytes > budget_) [[unlikely]]
      return fail_traversal();
    budget_ -= bytes;
    return true;
  }

  template <class T> bool table(uint64_t at) {
    if (!fits(at, schema<T>::minimum)) [[unlikely]]
      return fail_table_past_end(at);
    const uint32_t size = u32(at);
    if (!fits(at, size)) [[unlikely]]
      return fail_size_past_end(size, at);
    if (size < 4) [[unlikely]]
      return fail_size_word(size, at);
    return spend(size) && fields<T>(at, size, std::make_index_sequence<field_count_v<T>>{});
  }

  template <class T, size_t... I> bool fields(uint64_t at, uint64_t recorded, std::index_sequence<I...>) {
    bool ok = true;
    const int in_order[] = {(ok = ok && field<T, I>(at, recorded), 0)...};
    (void)in_order;
    return ok;
  }

  template <class T, size_t I> bool field(uint64_t at, uint64_t recorded) {
    using F = field_t<T, I>;
    using V = field_value_t<F>;
    if constexpr (F::shape == shape::array) {
      if constexpr (!element_can_fail<element_t<V>, F::kind>())
        return true; // any bytes are valid elements, and the slot lies in its struct
    }
    if (uint64_t(F::offset) + F::slot > recorded)
      return true; // absent: written by an older schema
    const uint64_t slot = at + F::offset;
    bool ok = true;
    if constexpr (F::shape == shape::single) {
      ok = element<V, F::kind>(slot);
    } else if constexpr (F::shape == shape::array) {
      for (uint32_t i = 0; ok && i < F::length; ++i)
        ok = at_index(element<element_t<V>, F::kind>(slot + uint64_t(i) * F::stride), i);
    } else {
      ok = slice<F, element_t<V>>(slot);
    }
    return within(ok, field_descriptor<T, I>().name);
  }

  template <class F, class E> bool slice(uint64_t slot) {
    const uint64_t off = u32(slot), bytes = u32(slot + 4);
    if (!fits(off, bytes)) [[unlikely]]
      return fail_size_past_end(bytes, off);
    if (!spend(bytes))
      return false;
    if (bytes % F::stride) [[unlikely]]
      return fail_not_whole(bytes, slot, F::stride);
    const uint64_t count = bytes / F::stride;
    if (F::shape == shape::limited_slice && count > F::length) [[unlikely]]
      return fail_over_limit(count, F::length);
    if constexpr (!element_can_fail<E, F::kind>())
      return true; // any bytes are valid elements
    for (uint64_t i = 0; i < count; ++i)
      if (!at_index(element<E, F::kind>(off + i * F::stride), i))
        return false;
    return true;
  }

  // The []char whose slice header is at `slot` (a string element's wrapper).
  bool characters(uint64_t slot) {
    const uint64_t off = u32(slot), bytes = u32(slot + 4);
    if (!fits(off, bytes)) [[unlikely]]
      return fail_size_past_end(bytes, off);
    return spend(bytes);
  }

  template <class E, kind K> bool element(uint64_t at) {
    if constexpr (K == kind::table) {
      return table<E>(u32(at));
    } else if constexpr (K == kind::inline_struct) {
      return fields<E>(at, UINT64_MAX, std::make_index_sequence<field_count_v<E>>{});
    } else if constexpr (K == kind::string) {
      return within(characters(at), "Value"); // the wrapper's one field, as the tool names it
    } else if constexpr (std::is_same_v<E, bool>) {
      const unsigned byte = unsigned(base_[at]);
      return byte <= 1 || fail_bool(byte, at);
    } else {
      return true;
    }
  }

  // What was wrong, the message `karmem verify` prints (idl/src/json_codec.cpp).
  [[gnu::cold, gnu::noinline]] bool fail(std::string message) {
    message_ = std::move(message);
    return false;
  }
  [[gnu::cold, gnu::noinline]] bool fail_inline_root(uint64_t content) {
    return fail("the inline root needs " + std::to_string(content) + " bytes, the message has " +
                std::to_string(len_));
  }
  [[gnu::cold, gnu::noinline]] bool fail_traversal() {
    return fail("traversal limit exceeded: the message refers to its bytes more than " +
                std::to_string(traversal_factor) + " times over");
  }
  [[gnu::cold, gnu::noinline]] bool fail_table_past_end(uint64_t at) {
    return fail("table at offset " + std::to_string(at) + " past the end (" + std::to_string(len_) +
                " bytes)");
  }
  [[gnu::cold, gnu::noinline]] bool fail_size_past_end(uint64_t size, uint64_t at) {
    return fail("size " + std::to_string(size) + " past the end at offset " + std::to_string(at));
  }
  [[gnu::cold, gnu::noinline]] bool fail_size_word(uint64_t size, uint64_t at) {
    return fail("size word " + std::to_string(size) + " at offset " + std::to_string(at) +
                " does not cover itself");
  }
  [[gnu::cold, gnu::noinline]] bool fail_not_whole(uint64_t bytes, uint64_t slot, uint64_t stride) {
    return fail("byte length " + std::to_string(bytes) + " at offset " + std::to_string(slot) +
                " is not a whole number of " + std::to_string(stride) + "-byte elements");
  }
  [[gnu::cold, gnu::noinline]] bool fail_over_limit(uint64_t count, uint64_t limit) {
    return fail(std::to_string(count) + " elements, more than its limit of " + std::to_string(limit));
  }
  [[gnu::cold, gnu::noinline]] bool fail_bool(unsigned byte, uint64_t at) {
    return fail("bool byte " + std::to_string(byte) + " at offset " + std::to_string(at) +
                " is neither 0 nor 1");
  }
  [[gnu::cold, gnu::noinline]] bool prepend(std::string_view part) {
    path_ = path_.empty() ? std::string(part)
                          : std::string(part) + (path_.front() == '[' ? "" : ".") + path_;
    return false;
  }
  [[gnu::cold, gnu::noinline]] bool prepend_index(uint64_t i) {
    return prepend("[" + std::to_string(i) + "]");
  }

  const std::byte *base_;
  uint64_t len_;
  uint64_t budget_;
  std::string path_, message_;
};

} // namespace detail

// Whether `bytes` holds a well-formed message whose root is T (see above).
// Allocates only to describe a fault.
template <class T> verify_result verify(std::span<const std::byte> bytes) {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::verify"));
  detail::verifier v(bytes);
  if (v.template root<T>())
    return {};
  return std::move(v).result();
}

} // namespace karmem
