// KARMEM_STRUCT(...) expands to the attribute only when the plugin is loaded
// (it predefines __KARMEM_PLUGIN__): without it, the header compiles cleanly
// under -Wall -Wextra -Werror with clang and with g++.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clangxx -std=c++20 -I%runtime-include -Wall -Wextra -Werror -fsyntax-only %s
// RUN: g++ -std=c++20 -I%runtime-include -Wall -Wextra -Werror -fsyntax-only %s
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify %s
// RUN: FileCheck %s < %t/macro-without-plugin.km
// CHECK: struct Vec2 inline @karmem.fingerprint({{0x[0-9a-f]+}}) {
// CHECK: struct Named table @karmem.fingerprint({{0x[0-9a-f]+}}) {
#include <karmem/karmem.h>
#ifdef __KARMEM_PLUGIN__
static_assert(__KARMEM_PLUGIN__ == 1);
#endif
struct KARMEM_STRUCT(inline) Vec2 { float x, y; };
struct KARMEM_STRUCT() Named { Vec2 at; std::string name; };
// expected-no-diagnostics
