#include "templates.karmem.h"
#include <cstdio>
int main() {
  UsesPairs in{{1, -2}, {0.5f, 1.5f}, {{1, 2, 3}, {4, 5, 6}}, {{{7, 8, 9, 10}}}};
  karmem::writer w;
  if (!karmem::encode(w, in))
    return 1;
  auto v = karmem::view_root<UsesPairs>(w.bytes());
  UsesPairs out{};
  karmem::decode(w.bytes(), out);
  std::printf("%d %d %.1f %.1f %.0f %u | %d %.0f %u\n", v.ints().first(), v.ints().second(),
              v.floats().second(), double(v.vecs().second().z()), double(v.vecs().first().x()),
              unsigned(v.grid().cells()[3]), out.ints.second, double(out.vecs.second.y),
              unsigned(out.grid.cells[0]));
}
