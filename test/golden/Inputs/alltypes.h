// ../schemas/alltypes_packed.km as annotated C++: every primitive, enums of
// five widths, strings, fixed arrays, slices and limited slices of scalars
// and structs, inline structs holding tables and slices. Packed mode.
#pragma once

#include <karmem/karmem.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace alltypes {

enum class Color : uint8_t { Red, Green, Blue, White = 255 };

enum class Short : uint16_t { None, Big = 300 };

// Two is 2, its position: a KarmemIDL member without a value gets its position
// (spec §2.3), not the previous value plus one as in C++.
enum class Mid : int32_t { Zero, Ten = 10, Two = 2 };

enum class Wide : uint64_t { None, Max = 18446744073709551615ull };

enum class Tiny : int8_t { Zero, Top = 127 };

struct KARMEM_STRUCT(inline) Vec2 {
  float x;
  float y;
};

struct KARMEM_STRUCT(inline) Prims {
  uint8_t u8;
  uint16_t u16;
  uint32_t u32;
  uint64_t u64;
  int8_t i8;
  int16_t i16;
  int32_t i32;
  int64_t i64;
  float f32;
  double f64;
  bool b;
  std::byte by;
};

struct KARMEM_STRUCT(inline) Box {
  Vec2 min;
  Vec2 max;
  Color c;
};

struct KARMEM_STRUCT(table) Leaf {
  uint32_t id;
  std::string label;
};

// An inline struct holding a table: its bytes are the table's offset.
struct KARMEM_STRUCT(inline) LeafRef {
  Leaf ref;
  uint16_t tag;
};

struct KARMEM_STRUCT(inline) KV {
  std::string key;
  std::vector<uint16_t> val;
};

struct KARMEM_STRUCT(table) Inner {
  Color kind;
  std::vector<Vec2> points;
  karmem::limited<int64_t, 4> values;
  Leaf deep;
};

struct KARMEM_STRUCT(table) Root {
  Prims p;
  Color e8;
  Short e16;
  Mid e32;
  Wide e64;
  Tiny e_i8; // EI8
  std::string name;
  karmem::limited<char, 8> short_name;
  std::array<uint16_t, 3> fixed;
  double fixed_f[2];
  std::array<bool, 4> fixed_b;
  Vec2 fixed_v[2];
  std::vector<std::byte> bytes;
  std::vector<int32_t> ints;
  std::vector<double> floats;
  std::vector<bool> bools;
  karmem::limited<uint8_t, 3> limited;
  std::vector<Vec2> vecs;
  karmem::limited<Vec2, 2> limited_vecs;
  Box bx;
  std::vector<Box> boxes;
  Inner child;
  std::vector<LeafRef> refs;
  std::array<LeafRef, 2> fixed_refs;
  std::vector<KV> pairs;
  bool flag;
};

} // namespace alltypes
