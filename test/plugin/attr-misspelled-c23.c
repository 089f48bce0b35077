// The C23 spelling: a misspelled `[[karmem::NAME]]` in a C header is the same
// error with the same fix-it, and clang's "unknown attribute ignored" does not
// fire (-verify fails on any diagnostic not expected here).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -std=c23 -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify -x c-header %s
// RUN: not %clang -std=c23 -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t -fsyntax-only -fdiagnostics-parseable-fixits -x c-header %s 2>&1 | FileCheck %s
// RUN: ls %t | count 0
#include <stdint.h>

// CHECK: fix-it:"{{.*}}attr-misspelled-c23.c":{[[@LINE+1]]:18-[[@LINE+1]]:24}:"struct"
struct [[karmem::Struct]] Vec { float x, y; }; // expected-error {{unknown attribute 'karmem::Struct'; did you mean 'karmem::struct'?}}
// CHECK: fix-it:"{{.*}}attr-misspelled-c23.c":{[[@LINE+1]]:18-[[@LINE+1]]:23}:"struct"
struct [[karmem::stuct]] Thing { struct Vec v; int32_t id; }; // expected-error {{unknown attribute 'karmem::stuct'; did you mean 'karmem::struct'?}}
// CHECK-NOT: fix-it:
struct [[karmem::gizmo]] Other { int32_t id; }; // expected-error {{unknown attribute 'karmem::gizmo'; the only karmem attribute is 'karmem::struct'}}
struct [[karmem::struct]] User { struct Thing t; struct Other o; };
