// The header generated for use_shapes.cpp, compiled and run under -fmodules.
#include "use_shapes.karmem.h"
#include <cstdio>
int main() {
  Shape in{{1.5f, -2.0f}, 6};
  karmem::writer w;
  if (!karmem::encode(w, in))
    return 1;
  Shape out{};
  if (!karmem::decode(w.bytes(), out))
    return 2;
  std::printf("sides %d at %g %g\n", out.sides, out.at.x, out.at.y);
  return out.sides == 6 && out.at.x == 1.5f && out.at.y == -2.0f ? 0 : 3;
}
