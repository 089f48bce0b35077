// The plugin owns the `karmem::` attribute namespace: `[[karmem::NAME]]` for
// any NAME but `struct` is an error at the attribute, with a fix-it to
// `struct` for a near miss, instead of clang's "unknown attribute ignored"
// while the struct silently drops out of the schema. -verify fails on any
// diagnostic not expected here, clang's warning included.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify %s
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=FIXIT
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=NOWARN
// RUN: ls %t | count 0
#include <karmem/karmem.h>

// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:18-[[@LINE+1]]:23}:"struct"
struct [[karmem::stuct]] Typo { int32_t a; }; // expected-error {{unknown attribute 'karmem::stuct'; did you mean 'karmem::struct'?}}
// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:18-[[@LINE+1]]:24}:"struct"
struct [[karmem::Struct(inline)]] Case { float x; }; // expected-error {{unknown attribute 'karmem::Struct'; did you mean 'karmem::struct'?}}
// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:17-[[@LINE+1]]:23}:"struct"
class [[karmem::STRUCT]] Upper { public: int32_t a; }; // expected-error {{did you mean 'karmem::struct'?}}
// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:18-[[@LINE+1]]:24}:"struct"
struct [[karmem::sturct]] Swapped { int32_t a; }; // expected-error {{did you mean 'karmem::struct'?}}
// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:18-[[@LINE+1]]:27}:"struct"
struct [[karmem::structure]] Longer { int32_t a; }; // expected-error {{did you mean 'karmem::struct'?}}
// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:24-[[@LINE+1]]:30}:"struct"
struct [[using karmem: strcut]] Using { int32_t a; }; // expected-error {{unknown attribute 'karmem::strcut'; did you mean 'karmem::struct'?}}
// FIXIT-NOT: fix-it:
struct [[karmem::frobnicate]] Other { int32_t a; }; // expected-error {{unknown attribute 'karmem::frobnicate'; the only karmem attribute is 'karmem::struct'}}
struct [[karmem::klass]] Far { int32_t a; }; // expected-error {{unknown attribute 'karmem::klass'; the only karmem attribute is 'karmem::struct'}}
struct [[karmem::inline]] Kind { int32_t a; }; // expected-error {{unknown attribute 'karmem::inline'; the only karmem attribute is 'karmem::struct': write 'karmem::struct(inline)'}}
struct [[karmem::table]] Kind2 { int32_t a; }; // expected-error {{write 'karmem::struct(table)'}}
struct [[karmem::limited]] Runtime { int32_t a; }; // expected-error {{unknown attribute 'karmem::limited'; the only karmem attribute is 'karmem::struct'}}

// Anywhere else it is the same error (clang's own message for a misplaced
// attribute would not be given).
// FIXIT: fix-it:"{{.*}}attr-misspelled.cpp":{[[@LINE+1]]:11-[[@LINE+1]]:16}:"struct"
[[karmem::stuct]] void function(); // expected-error {{unknown attribute 'karmem::stuct'; did you mean 'karmem::struct'?}}
union [[karmem::stuct]] U { int32_t a; float b; }; // expected-error {{unknown attribute 'karmem::stuct'; did you mean 'karmem::struct'?}}
void statement() {
  [[karmem::stuct]]; // expected-error {{unknown attribute 'karmem::stuct'; did you mean 'karmem::struct'?}}
}

// The misspelled structs stay annotated: a use is not reported again as a
// field of an unannotated type.
struct [[karmem::struct]] User { Typo t; Case c; Other o; };

// KARMEM_STRUCT(...) spells the attribute right.
struct KARMEM_STRUCT(inline) ViaMacro { int32_t a; };

// The usual namespace members, written as code, are not attributes.
struct [[karmem::struct]] Plain { karmem::limited<char, 8> name; };

// NOWARN-NOT: warning:
