#include "c23_types.karmem.h"
#include <cstdio>
int main() {
  Thing in{{1.5f, -2.0f}, 42, true, Light};
  karmem::writer w;
  if (!karmem::encode(w, in))
    return 1;
  auto v = karmem::view_root<Thing>(w.bytes());
  std::printf("%zu bytes: %.1f %.1f %d %d %d\n", w.bytes().size(), double(v.v().x()), double(v.v().y()),
              v.id(), int(v.ok()), int(v.shade()));
}
