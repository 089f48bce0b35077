// A struct whose Karmem layout exceeds 4 GiB is an error at the field that
// takes it past the limit (it used to be reported at 1:1 of the main file).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify %s
// RUN: ls %t | count 0
#include <karmem/karmem.h>
#include <array>

struct [[karmem::struct(inline)]] Block { std::array<uint64_t, 0x10000000> words; }; // 2 GiB

struct [[karmem::struct(table)]] Big {
  int32_t small;
  Block first;
  Block second; // expected-error {{cannot lay out the Karmem schema: struct 'Big' is larger than 4 GiB at field 'Second'}}
};
