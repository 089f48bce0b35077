// Tables of 5 to 7 bytes (a size word and 1 to 3 bytes of fields), in both
// modes, as the root, as fields and as sequence elements, so that they are
// often the last block of a message (spec §11 bug 2: Karmem's readers ask 8
// bytes of an unpacked table). Used by test/fuzz/small-tables.cpp.
#pragma once
#include <karmem/karmem.h>
#include <cstdint>
#include <vector>

namespace small_tables {

struct KARMEM_STRUCT(table, unpacked) Small { uint16_t x; };
struct KARMEM_STRUCT(table, unpacked) Byte { uint8_t b; };
struct KARMEM_STRUCT(table, unpacked) Trio { uint8_t a; uint16_t b; };
struct KARMEM_STRUCT(table, unpacked) Holder {
  uint32_t a;
  Small s;
  std::vector<Trio> trios;
  Byte t;
};

struct KARMEM_STRUCT(table, packed) PSmall { uint16_t x; };
struct KARMEM_STRUCT(table, packed) PByte { uint8_t b; };
struct KARMEM_STRUCT(table, packed) PTrio { uint8_t a; uint16_t b; };
struct KARMEM_STRUCT(table, packed) PHolder {
  uint32_t a;
  PSmall s;
  std::vector<PTrio> trios;
  PByte t;
};

} // namespace small_tables
