#include <karmem/karmem.h>
enum class Kind : uint16_t { None, Sword, Bow };
struct [[karmem::struct(table)]] Item { int32_t weight; std::string label; };
struct [[karmem::struct]] Bag {
  std::vector<Item> items;             // []ItemItem: Karmem has no slices of tables
  std::array<Kind, 3> kinds;           // [3]KindItem: nor arrays of enums
  karmem::limited<Item, 4> few;        // [<4]ItemItem: the wrapper is shared
  std::vector<Kind> more_kinds;        // []KindItem
  Item best[2];                        // [2]ItemItem
  std::string note;                    // []char
  std::vector<bool> flags;             // []bool
  std::vector<std::byte> raw;          // []byte
};
