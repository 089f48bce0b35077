// Every field type the plugin accepts, as a matrix: each container the
// runtime adapts (karmem/containers.h) over each kind of element (scalars of
// every width, bool, char, unsigned char, std::byte, an enum, an inline
// struct, a table, a string: std::string and a basic_string with another
// allocator, through the generated KarmemString wrapper), written directly, through aliases and alias templates,
// through a template parameter, with a custom allocator, and mutable; in a
// packed and an unpacked table. Round-tripped by test/fuzz/roundtrip-containers.cpp;
// plugin/SequenceTypes.cpp recognises the same containers, and a container
// added there belongs here too (docs/internals.md).
#pragma once

#include <karmem/karmem.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace containers {

// An allocator other than std::allocator: the containers' second parameter
// does not change their shape.
template <class T> struct arena_allocator {
  using value_type = T;
  arena_allocator() = default;
  template <class U> arena_allocator(const arena_allocator<U> &) noexcept {}
  T *allocate(size_t n) { return std::allocator<T>().allocate(n); }
  void deallocate(T *p, size_t n) noexcept { std::allocator<T>().deallocate(p, n); }
  template <class U> bool operator==(const arena_allocator<U> &) const noexcept { return true; }
};

enum class Mood : uint16_t { Calm, Angry = 300, Sleepy };
// A sequence of enums needs a generated wrapper, one per mode (MoodItem is
// packed): unpacked structs get their own enum.
enum class Weather : int8_t { Fair, Rain = 100, Snow };

using Meters = float;                                    // an alias of a scalar
template <class T> using list = std::vector<T>;          // an alias template
using Text = std::basic_string<char, std::char_traits<char>, arena_allocator<char>>;

struct KARMEM_STRUCT(inline) Point { int16_t x, y; };
struct KARMEM_STRUCT(table) Note { std::string text; uint8_t level; };

// The five containers over one element type, through a template parameter.
template <class E> struct KARMEM_STRUCT(table) Row {
  E single;
  E c_array[3];
  std::array<E, 2> std_array;
  std::vector<E> vector;
  std::vector<E, arena_allocator<E>> allocated;
  karmem::limited<E, 4> limited;
};

struct KARMEM_STRUCT(table) Packed {
  Row<uint8_t> u8;
  Row<int16_t> i16;
  Row<uint32_t> u32;
  Row<int64_t> i64;
  Row<float> f32;
  Row<double> f64;
  Row<bool> flags;
  Row<char> chars;
  Row<unsigned char> uchars;
  Row<std::byte> bytes;
  Row<Mood> moods;
  Row<Point> points;
  Row<Note> notes;
  Row<std::string> strings;
  Row<Text> texts;
  // Spellings of the same shapes.
  std::string text;
  Text allocated_text;
  karmem::limited<char, 8> short_text;
  list<Meters> distances;
  Meters distance_array[2];
  mutable int32_t cached;
};

template <class E> struct KARMEM_STRUCT(table, unpacked) LooseRow {
  E single;
  E c_array[3];
  std::array<E, 2> std_array;
  std::vector<E> vector;
  karmem::limited<E, 4> limited;
};
struct KARMEM_STRUCT(inline, unpacked) LoosePoint { int16_t x; int64_t y; };
struct KARMEM_STRUCT(table, unpacked) LooseNote { std::string text; uint8_t level; };

struct KARMEM_STRUCT(table, unpacked) Unpacked {
  LooseRow<uint8_t> u8;
  LooseRow<int64_t> i64;
  LooseRow<double> f64;
  LooseRow<bool> flags;
  LooseRow<char> chars;
  LooseRow<std::byte> bytes;
  LooseRow<Weather> weather;
  LooseRow<LoosePoint> points;
  LooseRow<LooseNote> notes;
  LooseRow<std::string> strings; // the same KarmemString as the packed rows': it is always packed
  std::string text;
};

struct KARMEM_STRUCT(table) Root {
  Packed packed;
  Unpacked unpacked;
};

} // namespace containers
