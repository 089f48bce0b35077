// karmem::sync::region<T>: the atomic units (karmem/sync/units.h) of a synced
// region that holds one T as Karmem encodes it, from the region's first byte
// (or from `offset`), derived from T's generated schema (karmem/schema.h):
//
//   std::array<E, N>, E an inline struct   N records of schema<E>::total bytes:
//                                          one unit per element
//   an inline struct                       one record of schema<T>::total bytes
//   a table (a message: its strings and    the whole region: editing a slice
//   slices move when one grows)            moves the bytes after it
//
// An inline struct with schema<E>::native_layout has the same bytes in memory
// as on the wire, so a region may hold the C++ std::array<E, N> object itself.
//
//   options o;
//   o.units = karmem::sync::region<std::array<Monster, 64>>::units();
//   auto t = karmem::sync::tracker::create(peer, world, size, o);
//
// Tests: test/sync/region-units.test.
#pragma once

#include "karmem/schema.h"
#include "karmem/sync/units.h"

#include <array>
#include <cstddef>
#include <cstdint>

namespace karmem::sync {

template <class T> struct region {
  static_assert(is_annotated_v<T>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::sync::region"));
  // True when T's encoding has a fixed size (an inline struct).
  static constexpr bool fixed_size = !schema<T>::table;
  // The bytes one T takes in a region (fixed_size only; a table's message
  // has no fixed size).
  static constexpr uint64_t bytes = fixed_size ? schema<T>::total : 0;
  // An inline struct at region offset `offset`: one unit.
  static unit_policy units(uint64_t offset = 0)
    requires fixed_size
  {
    return unit_policy::records(offset, schema<T>::total, 1);
  }
  // A table's message: the region is one unit.
  static unit_policy units()
    requires(!fixed_size)
  {
    return unit_policy::whole_region();
  }
};

template <class E, size_t N> struct region<std::array<E, N>> {
  static_assert(is_annotated_v<E>, KARMEM_DETAIL_NOT_ANNOTATED("karmem::sync::region<std::array<E, N>>"));
  static_assert(!schema<E>::table,
                "karmem::sync::region<std::array<E, N>>: E is a table, whose encoding has no fixed size; sync the "
                "region holding its message as region<Message> (the whole region is one unit)");
  static_assert(N > 0, "karmem::sync::region<std::array<E, 0>>: no elements, no units");
  static constexpr bool fixed_size = true;
  static constexpr uint64_t record_bytes = schema<E>::total;
  static constexpr uint64_t count = N;
  static constexpr uint64_t bytes = record_bytes * N;
  static unit_policy units(uint64_t offset = 0) { return unit_policy::records(offset, record_bytes, N); }
};

} // namespace karmem::sync
