// operator new and delete land in the module heap, inside slot 4.
#include "one.h"
#include <karmem_module.h>
#include <stdint.h>

extern "C" __attribute__((export_name("answer"))) int answer() { return one_answer; }
extern "C" __attribute__((export_name("new_inside"))) int new_inside() {
  int *p = new int[1000];
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  const bool inside = a > karmem_module_base() && a + 4000 <= karmem_module_limit();
  delete[] p;
  return inside;
}
