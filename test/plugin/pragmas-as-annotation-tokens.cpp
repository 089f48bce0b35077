// Pragmas that the parser receives as annotation tokens pass through the
// plugin's token watcher untouched: no annotation anywhere, in C and C++, the
// compile succeeds with the same diagnostics as without the plugin (it used
// to crash clang with exit 139). Annotated structs next to them still work.
// RUN: rm -rf %t && mkdir -p %t/out
// RUN: %clangxx -std=c++20 -fsyntax-only -Wall %s 2> %t/plain.err
// RUN: %clangxx -std=c++20 -fsyntax-only -Wall -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/out %s 2> %t/plugin.err
// RUN: diff %t/plain.err %t/plugin.err
// RUN: ls %t/out | count 0
// RUN: %clang -x c -std=c2x -fsyntax-only -Wall %s 2> %t/plain-c.err
// RUN: %clang -x c -std=c2x -fsyntax-only -Wall -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/out %s 2> %t/plugin-c.err
// RUN: diff %t/plain-c.err %t/plugin-c.err
// RUN: ls %t/out | count 0
// RUN: %clangxx -std=c++20 -fsyntax-only -I%runtime-include -DANNOTATED -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/out %s
// RUN: FileCheck %s --check-prefix=KM < %t/out/pragmas-as-annotation-tokens.km
// KM: struct Packed inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// KM-NEXT: C uint8;
// KM-NEXT: X int32;

#pragma pack(push, 1)
struct P1 { char c; int x; };
#pragma pack(pop)
_Pragma("pack(push, 1)")
struct P2 { char c; int x; };
_Pragma("pack(pop)")
#pragma pack(2)
#pragma pack()
#pragma ms_struct on
#pragma ms_struct off
#pragma align=packed
#pragma align=reset
#pragma options align=natural
#pragma options align=reset
#pragma float_control(precise, on, push)
#pragma float_control(pop)
#pragma clang attribute push (__attribute__((cold)), apply_to = function)
static void unused_function(void) {}
#pragma clang attribute pop
#pragma clang fp contract(fast)
#pragma STDC FP_CONTRACT ON
#pragma clang diagnostic push
#pragma clang diagnostic pop
void weak_symbol(void);
#pragma weak weak_symbol

float sum(float a, float b) {
#pragma clang fp reassociate(on)
  return a + b;
}

#ifdef ANNOTATED
#include <karmem/karmem.h>
#pragma pack(push, 1)
struct [[karmem::struct(inline)]] Packed { char c; int32_t x; };
#pragma pack(pop)
#endif
