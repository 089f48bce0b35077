// Verifier fuzz target, all-types schema in both modes
// (test/golden/Inputs/alltypes.h and alltypes_unpacked.h, root Root: every
// primitive, enums of five widths, strings, fixed arrays, slices and limited
// slices of scalars and structs, inline structs holding tables and slices).
// The first input byte picks the mode, the rest goes through
// karmem::verify<Root> under ASan and UBSan (Inputs/verify_target.h): verify
// never crashes nor reads outside the input, and when it says ok, decode
// succeeds, every reachable byte of the view is read in bounds and agrees
// with the decoded value, and the decoded value re-encodes into a message
// that verifies. The run must take the "ok" branch (the count printed at
// exit is not 0). Seeds: the golden messages of both modes, each behind
// its mode byte, and the malformed bad_* ones.
//
// The test runs a fixed number of inputs; for a longer run, from the lit
// output directory (build-dir/test/out/.../fuzz/Output):
//   ./verify-alltypes.cpp.tmp -max_len=8192 -max_total_time=600 verify-alltypes.cpp.tmp.dir/corpus
//
// RUN: rm -rf %t.dir && mkdir -p %t.dir/corpus
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only -x c++-header %golden/Inputs/alltypes.h
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only -x c++-header %golden/Inputs/alltypes_unpacked.h
// RUN: %python -c "import sys, os; [open(os.path.join(sys.argv[1], os.path.basename(f)), 'wb').write(bytes([m]) + open(f, 'rb').read()) for m, f in zip([0] * 4 + [1] * 3, sys.argv[2:9])]; [open(os.path.join(sys.argv[1], str(m) + os.path.basename(f)), 'wb').write(bytes([m]) + open(f, 'rb').read()) for f in sys.argv[9:] for m in (0, 1)]" %t.dir/corpus %golden/alltypes_packed_empty.bin %golden/alltypes_packed_full.bin %golden/alltypes_packed_leafref_root.bin %golden/alltypes_packed_overlimit.bin %golden/alltypes_unpacked_empty.bin %golden/alltypes_unpacked_full.bin %golden/alltypes_unpacked_leafref_root.bin %golden/bad_all_ff.bin %golden/bad_path_size_7.bin %golden/bad_truncated.bin
// RUN: %clangxx -std=c++20 -I%runtime-include -I%t.dir -I%S/Inputs -I%golden/Inputs -O1 -gline-tables-only -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all %s -o %t
// RUN: %t -runs=100000 -seed=1 -max_len=2048 %t.dir/corpus 2>&1 | FileCheck %s
// CHECK: Done 100000 runs
// CHECK: verify: {{[1-9][0-9]*}} of {{[0-9]+}} inputs ok
#include "alltypes.karmem.h"
#include "alltypes_unpacked.karmem.h"
#include "verify_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0)
    return 0;
  if (data[0] % 2 == 0)
    return fuzz::verify_one<alltypes::Root>(data + 1, size - 1);
  return fuzz::verify_one<alltypes_unpacked::Root>(data + 1, size - 1);
}
