// The compile-time description of an annotated type, declared here and
// specialised by generated code only (`<stem>.karmem.h`). Everything the
// runtime knows about a user type's wire layout comes from these constants,
// which the plugin computed with the layout rules in idl/: the runtime itself
// never computes an offset.
//
// A specialisation looks like:
//
//   template <> struct karmem::schema<::Vec3> {
//     static constexpr std::string_view name = "Vec3";   // Karmem name
//     static constexpr bool table = false, packed = true;
//     static constexpr uint32_t content = 12, total = 12, minimum = 12;
//     static constexpr uint64_t id = 10268726485798425099ull; // PacketIdentifier
//     static constexpr uint64_t fingerprint = 0x...ull;        // of the wire layout
//     static constexpr auto fields = karmem::field_list{
//         karmem::field<&::Vec3::x, 0, 4, 0, shape::single, kind::scalar>{"X"}, ...};
//   };
//
// Each field carries the schema's classification of it (its shape and the
// kind of its elements), decided once by the plugin or the .km reader: the
// runtime dispatches on it and never re-derives it from the C++ type, which
// generated code only checks against it (form.h, one static_assert a field).
#pragma once

#include "karmem/version.h"

#include <cstdint>
#include <string_view>
#include <utility>
#include <type_traits>

namespace karmem {

// Specialised by generated code for every annotated type.
template <class T> struct schema;

// How a field holds its values (spec §2.5): T, [N]T, []T, [<N]T.
enum class shape : uint8_t { single, array, slice, limited_slice };

// What one value of a field is. An enumeration travels as its underlying
// integer (in a sequence, inside a wrapper struct that unpacked schemas pad);
// a table is reached through a 4-byte offset, in a sequence through its
// wrapper's one offset (spec §2.6). std::byte is a scalar, not an enumeration.
// A string (std::string) as an element of a sequence travels in the
// generated wrapper `struct KarmemString inline @packed(true) { Value []char; }`,
// so one value of kind `string` is an 8-byte slice header of characters.
enum class kind : uint8_t { scalar, enumeration, inline_struct, table, string };

// One field of an annotated struct. `Member` is the C++ data member,
// `Offset` its position inside the struct's bytes (a table's size word is at
// 0), `Slot` the bytes it takes there, and `Stride` the wire size of one
// element for arrays and slices (0 for single values). `Shape` and `Kind`
// classify it; `Length` is the N of [N]T and [<N]T (0 otherwise).
template <auto Member, uint32_t Offset, uint32_t Slot, uint32_t Stride, karmem::shape Shape,
          karmem::kind Kind, uint32_t Length = 0>
struct field {
  std::string_view name; // the Karmem (PascalCase) name
  static constexpr auto member = Member;
  static constexpr uint32_t offset = Offset;
  static constexpr uint32_t slot = Slot;
  static constexpr uint32_t stride = Stride;
  static constexpr karmem::shape shape = Shape;
  static constexpr karmem::kind kind = Kind;
  static constexpr uint32_t length = Length;
};

namespace detail {
template <size_t I, class F> struct field_slot {
  F descriptor;
};
template <class Indices, class... F> struct field_slots;
template <size_t... I, class... F>
struct field_slots<std::index_sequence<I...>, F...> : field_slot<I, F>... {};

// Field I of a list: found by conversion to its one field_slot<I, F> base,
// so no template recursion, whatever the number of fields.
template <size_t I, class F> constexpr const F &slot_of(const field_slot<I, F> &s) noexcept {
  return s.descriptor;
}
} // namespace detail

// The fields of an annotated struct, in declaration (= wire) order. A flat
// list rather than a std::tuple: libstdc++'s tuple nests one level per
// element, and a table of 1000 fields went past the instantiation depth.
// For the same reason code that visits every field expands the pack in a
// braced list (`int in_order[] = {(visit<I>(), 0)...}`, evaluated in order)
// and never in a fold expression, which clang limits to 256 elements.
template <class... F> struct field_list : detail::field_slots<std::index_sequence_for<F...>, F...> {
  static constexpr size_t size = sizeof...(F);
  constexpr field_list(F... f) noexcept
      : detail::field_slots<std::index_sequence_for<F...>, F...>{{f}...} {}
};
template <class... F> field_list(F...) -> field_list<F...>;

namespace detail {
template <class T, class = void> struct is_annotated : std::false_type {};
template <class T>
struct is_annotated<T, std::void_t<decltype(schema<T>::total)>> : std::true_type {};

template <class M> struct member_traits;
template <class C, class V> struct member_traits<V C::*> {
  using owner = C;
  using value_type = V;
};
} // namespace detail

// True when T is an annotated struct with a generated schema.
template <class T> inline constexpr bool is_annotated_v = detail::is_annotated<T>::value;

// The message of the static_assert(is_annotated_v<T>, ...) of an API that
// needs T's generated schema (`api` names the API): what T lacks and how to
// generate it (README.md, cmake/KarmemGenerate.cmake).
// Tests: test/plugin/not-annotated-says-how-to-generate.cpp.
#define KARMEM_DETAIL_NOT_ANNOTATED(api)                                                            \
  api ": T is not a [[karmem::struct]] type with a generated schema. Annotate it "                  \
      "[[karmem::struct]] (or KARMEM_STRUCT(...)), generate <stem>.karmem.h from its header with "  \
      "the karmem plugin, `clang++-19 -std=c++20 -fplugin=<path>/libkarmem.so "                     \
      "-fplugin-arg-karmem-out-dir=<dir> -fsyntax-only -x c++-header <header>` or CMake's "         \
      "`karmem_generate(TARGET <name> SOURCES <header> OUTPUT_DIR <dir>)`, and include "            \
      "<dir>/<stem>.karmem.h"

// T's layout fingerprint: a hash of its wire layout (every field's offset,
// size and wire type, the struct's mode and size, and the same of the structs
// it holds), where schema<T>::id is Karmem's hash of its name. Two builds of T
// with equal fingerprints read each other's bytes field by field; any layout
// change gives another one. The byte string hashed: idl/include/karmem/idl/
// fingerprint.h; what changes it and what does not: docs/evolution.md. The
// same value is recorded in the .km as @karmem.fingerprint(0x...).
template <class T> inline constexpr uint64_t fingerprint_of = schema<T>::fingerprint;

// The C++ type of a field descriptor's data member.
template <class Field>
using field_value_t = typename detail::member_traits<std::remove_cv_t<decltype(Field::member)>>::value_type;

// Number of fields of an annotated type.
template <class T> inline constexpr size_t field_count_v = std::remove_const_t<decltype(schema<T>::fields)>::size;

// The descriptor of field I of T (its `name`), and its type.
template <class T, size_t I> constexpr const auto &field_descriptor() noexcept {
  return detail::slot_of<I>(schema<T>::fields);
}
template <class T, size_t I> using field_t = std::remove_cvref_t<decltype(field_descriptor<T, I>())>;

// Calls fn(descriptor) for every field of T, in declaration (= wire) order.
template <class T, class Fn> constexpr void for_each_field(Fn &&fn) {
  [&]<size_t... I>(std::index_sequence<I...>) {
    const int in_order[] = {(fn(field_descriptor<T, I>()), 0)...};
    (void)in_order;
  }(std::make_index_sequence<field_count_v<T>>{});
}

} // namespace karmem
