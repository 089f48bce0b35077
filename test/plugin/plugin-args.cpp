// The plugin's only argument is out-dir; anything else is an error that says
// what it accepts, and an out-dir that cannot be written is an error too.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not %karmem-cxx -fplugin-arg-karmem-outdir=%t -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir= -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=EMPTY
// RUN: touch %t/file
// RUN: not %karmem-cxx -fplugin-arg-karmem-out-dir=%t/file/sub -fsyntax-only %s 2>&1 | FileCheck %s --check-prefix=UNWRITABLE
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t/new/dir -fsyntax-only %s
// RUN: ls %t/new/dir | FileCheck %s --check-prefix=CREATED
// UNKNOWN: error: unknown karmem plugin argument 'outdir={{.*}}'; the plugin accepts -fplugin-arg-karmem-out-dir=<directory>
// EMPTY: error: -fplugin-arg-karmem-out-dir= needs a directory
// UNWRITABLE: plugin-args.cpp:1:1: error: cannot write '{{.*}}file/sub/plugin-args.km':
// CREATED: plugin-args.karmem.h
// CREATED-NEXT: plugin-args.km
#include <karmem/karmem.h>
struct [[karmem::struct]] Thing { int32_t id; };
