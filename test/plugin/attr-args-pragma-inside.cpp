// A pragma inside [[karmem::struct(...)]]'s argument list reaches the token
// watcher as an annotation token, which clang drops there. The watcher skips
// it too: the arguments around it are read as written (it used to return to
// idle, record the attribute without its arguments, so inline became table,
// and prepend the half-read argument to the next attribute's). In C and C++,
// diagnostics are the same with and without the plugin (both runs warn that
// each `#pragma pack(pop)` below finds an empty stack: the pushes inside the
// arguments were dropped).
// RUN: rm -rf %t && mkdir -p %t/cpp %t/c
// RUN: %clangxx -std=c++20 -fsyntax-only -Wall -Wno-unknown-attributes %s 2> %t/plain.err
// RUN: %clangxx -std=c++20 -fsyntax-only -Wall -Wno-unknown-attributes -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/cpp %s 2> %t/plugin.err
// RUN: diff %t/plain.err %t/plugin.err
// RUN: FileCheck %s < %t/cpp/attr-args-pragma-inside.km
// RUN: %clang -x c -std=gnu23 -fsyntax-only -Wall -Wno-unknown-attributes %s 2> %t/plain-c.err
// RUN: %clang -x c -std=gnu23 -fsyntax-only -Wall -Wno-unknown-attributes -fplugin=%plugin -fplugin-arg-karmem-out-dir=%t/c %s 2> %t/plugin-c.err
// RUN: diff %t/plain-c.err %t/plugin-c.err
// RUN: FileCheck %s < %t/c/attr-args-pragma-inside.km

// CHECK: struct KmWeird inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct(
#pragma pack(push, 1)
inline)]] KmWeird { int x; };

// CHECK: struct KmFirst inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
#define KM_PACKED_ARG(x) x _Pragma("pack(push, 1)")
struct [[karmem::struct(KM_PACKED_ARG(inline))]] KmFirst { int x; };
#pragma pack(pop)

// Two arguments with a pragma between them; then an attribute whose first
// argument must not inherit anything from this one.
// CHECK: struct KmBoth inline @packed(false) @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct(inline, _Pragma("pack(push, 2)") unpacked)]] KmBoth { int x; };
#pragma pack(pop)
// CHECK: struct KmSecond table @karmem.fingerprint({{0x[0-9a-f]+}}) {
struct [[karmem::struct(table)]] KmSecond { int x; };
