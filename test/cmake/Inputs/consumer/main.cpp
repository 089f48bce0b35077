#include "gen/shapes.karmem.h"
#include <cstdio>
int main() {
  Shape s{{3, -2}, {{1, 2}, {-1, -2}}, "ab"};
  karmem::writer w;
  if (!karmem::encode(w, s))
    return 1;
  auto v = karmem::view_root<Shape>(w.bytes());
  std::printf("bytes=%zu center=%d,%d path=%u name=%.*s\n", w.size(), v.center().x(), v.center().y(),
              v.path().size(), int(v.name().size()), v.name().data());
}
