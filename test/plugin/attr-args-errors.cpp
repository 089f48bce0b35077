// Arguments the plugin cannot use are errors at the argument, never a silent
// fall-back to the default kind; a near-miss gets a fix-it.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify %s
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -fdiagnostics-parseable-fixits %s 2>&1 | FileCheck %s --check-prefix=FIXIT
// RUN: ls %t | count 0
#include <karmem/karmem.h>

// FIXIT: fix-it:"{{.*}}attr-args-errors.cpp":{[[@LINE+1]]:25-[[@LINE+1]]:30}:"inline"
struct [[karmem::struct(inlin)]] Typo { int32_t a; }; // expected-error {{unknown argument 'inlin' to 'karmem::struct'; did you mean 'inline'? (valid arguments are}}
struct [[karmem::struct(tabel)]] Typo2 { int32_t a; }; // expected-error {{did you mean 'table'?}}
struct [[karmem::struct(frobnicate)]] Unknown { int32_t a; }; // expected-error {{unknown argument 'frobnicate' to 'karmem::struct'; valid arguments are}}
struct [[karmem::struct(42)]] Number { int32_t a; }; // expected-error {{unknown argument '42' to 'karmem::struct'}}
struct [[karmem::struct(inline, table)]] Both { int32_t a; }; // expected-error {{conflicting arguments 'inline' and 'table' to 'karmem::struct': a struct is either 'table' or 'inline'}}
struct [[karmem::struct(packed, unpacked)]] Modes { int32_t a; }; // expected-error {{conflicting arguments 'packed' and 'unpacked' to 'karmem::struct': a struct is either 'packed' or 'unpacked'}}
struct [[karmem::struct(inline, inline)]] Twice { int32_t a; }; // expected-error {{argument 'inline' given twice to 'karmem::struct'}}
struct [[karmem::struct(inline,)]] Trailing { int32_t a; }; // expected-error {{missing argument to 'karmem::struct'}}
struct KARMEM_STRUCT(inlined) ViaMacro { int32_t a; }; // expected-error {{did you mean 'inline'?}}
// A type used after an argument error is not reported again as unannotated.
struct [[karmem::struct]] User { Typo t; };
