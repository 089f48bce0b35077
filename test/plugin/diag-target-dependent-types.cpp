// Integer types whose size depends on the target (long is 8 bytes on x86-64
// and 4 in wasm32) would give one schema two wire formats: each is an error
// at the field, on both targets, with a fix-it to the fixed-width type. The
// fixed-width typedefs (int64_t is `long` on x86-64 Linux) are accepted.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: %karmem-cxx --target=wasm32-wasi -fplugin-arg-karmem-out-dir=%t -fsyntax-only -ferror-limit=0 -Xclang -verify %s
// RUN: ls %t | count 0
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=FIX
#include <karmem/karmem.h>
#include <cstddef>
#include <array>
#include <vector>

using count_t = long;

struct [[karmem::struct]] Targeted {
  long a;                     // expected-error {{field 'a' has type 'long': its size depends on the target ('long' is 8 bytes on x86-64 and 4 in wasm32), which would change the wire format; use a fixed-width type such as int64_t}} expected-note {{use 'int64_t'}}
  unsigned long b;            // expected-error {{field 'b' has type 'unsigned long': its size depends on the target}} expected-note {{use 'uint64_t'}}
  size_t c;                   // expected-error {{field 'c' has type 'size_t'}} expected-note {{use 'uint64_t'}}
  std::size_t d;              // expected-error {{field 'd' has type 'std::size_t'}} expected-note {{use 'uint64_t'}}
  ptrdiff_t e;                // expected-error {{field 'e' has type 'ptrdiff_t'}} expected-note {{use 'int64_t'}}
  count_t f;                  // expected-error {{field 'f' has type 'count_t' (aka 'long'): its size depends}} expected-note {{use 'int64_t'}}
  std::vector<size_t> g;      // expected-error {{field 'g' has elements of type 'size_t'}} expected-note {{use 'uint64_t'}}
  std::array<long, 3> h;      // expected-error {{field 'h' has elements of type 'long': its size depends}} expected-note {{use 'int64_t'}}
  long i[2];                  // expected-error {{field 'i' has elements of type 'long': its size depends}} expected-note {{use 'int64_t'}}
  intptr_t j;                 // expected-error {{field 'j' has type 'intptr_t'}} expected-note {{use 'int64_t'}}
  uintptr_t k;                // expected-error {{field 'k' has type 'uintptr_t'}} expected-note {{use 'uint64_t'}}
  // Fixed width whatever the target.
  int64_t ok1;
  uint64_t ok2;
  std::int64_t ok3;
  std::vector<int64_t> ok4;
  std::array<uint64_t, 2> ok5;
  int64_t ok6[2];
  int_least64_t ok7;
  intmax_t ok8;
  long long ok9;
  int ok10;
};


// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{18:3-18:7}:"int64_t"
// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{19:3-19:16}:"uint64_t"
// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{20:3-20:9}:"uint64_t"
// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{21:3-21:14}:"uint64_t"
// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{24:15-24:21}:"uint64_t"
// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{25:14-25:18}:"int64_t"
// FIX: fix-it:"{{.*}}diag-target-dependent-types.cpp":{26:3-26:7}:"int64_t"
