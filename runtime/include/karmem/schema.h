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
//     static constexpr auto fields = std::tuple{
//         karmem::field<&::Vec3::x, 0, 4, 0>{"X"}, ...};
//   };
#pragma once

#include "karmem/version.h"

#include <cstdint>
#include <string_view>
#include <tuple>
#include <type_traits>

namespace karmem {

// Specialised by generated code for every annotated type.
template <class T> struct schema;

// One field of an annotated struct. `Member` is the C++ data member,
// `Offset` its position inside the struct's bytes (a table's size word is at
// 0), `Slot` the bytes it takes there, and `Stride` the wire size of one
// element for arrays and slices (0 for single values).
template <auto Member, uint32_t Offset, uint32_t Slot, uint32_t Stride> struct field {
  std::string_view name; // the Karmem (PascalCase) name
  static constexpr auto member = Member;
  static constexpr uint32_t offset = Offset;
  static constexpr uint32_t slot = Slot;
  static constexpr uint32_t stride = Stride;
};

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

// The C++ type of a field descriptor's data member.
template <class Field>
using field_value_t = typename detail::member_traits<std::remove_cv_t<decltype(Field::member)>>::value_type;

// Number of fields of an annotated type.
template <class T>
inline constexpr size_t field_count_v = std::tuple_size_v<std::remove_const_t<decltype(schema<T>::fields)>>;

// The descriptor type of field I of T.
template <class T, size_t I>
using field_t = std::remove_cvref_t<decltype(std::get<I>(schema<T>::fields))>;

// Calls fn(descriptor) for every field of T, in declaration (= wire) order.
template <class T, class Fn> constexpr void for_each_field(Fn &&fn) {
  std::apply([&](const auto &...f) { (fn(f), ...); }, schema<T>::fields);
}

} // namespace karmem
