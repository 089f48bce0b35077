// An annotation on a struct that is declared but never defined generates
// nothing; that is a warning at the declaration, not silence. -Werror makes it
// an error and -w drops it (the plugin applies both itself: clang 19 does not
// to custom warnings). A declaration annotated and defined later is fine.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Xclang -verify %s
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -Werror %s 2>&1 | FileCheck %s --check-prefix=WERROR
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t -fsyntax-only -w %s 2>&1 | count 0
// WERROR: diag-undefined-annotated.cpp:[[@LINE+3]]:27: error: 'karmem::struct' type 'Later' is declared but never defined
#include <karmem/karmem.h>

struct [[karmem::struct]] Later; // expected-warning {{'karmem::struct' type 'Later' is declared but never defined in this translation unit, so nothing is generated for it}}

struct [[karmem::struct]] DefinedBelow;
struct DefinedBelow { int32_t x; };

struct [[karmem::struct]] Used { int32_t y; };
