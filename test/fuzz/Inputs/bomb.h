// The schema of test/idl/Inputs/make_bomb.py's message (bomb.km in
// test/idl/karmem-verify.test), as annotated C++.
#pragma once

#include <karmem/karmem.h>

#include <cstddef>
#include <vector>

namespace bomb {

struct KARMEM_STRUCT(table) Blob {
  std::vector<std::byte> data;
};

struct KARMEM_STRUCT(inline) Ref {
  Blob b;
};

struct KARMEM_STRUCT(table) Root {
  std::vector<Ref> refs;
};

} // namespace bomb
