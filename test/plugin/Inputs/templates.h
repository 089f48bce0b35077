#include <karmem/karmem.h>
namespace geo { struct [[karmem::struct(inline)]] Vec3 { float x, y, z; }; }
template <class T> struct [[karmem::struct(inline)]] Pair { T first; T second; };
template <class T, int N> struct KARMEM_STRUCT(table, unpacked) Grid { std::array<T, N> cells; };
struct [[karmem::struct]] UsesPairs {
  Pair<int32_t> ints;
  Pair<float> floats;
  Pair<geo::Vec3> vecs;
  Grid<uint8_t, 4> grid;
};
