// The simd128 XXH3-64 kernel gives exactly XXH3_64bits' results: in a wasm32
// simd128 build xxh3_64 (the kernel for inputs over 240 bytes) is compared
// with xxh3_64_library (Debian's xxHash) on every length up to 4096, lengths
// at and around the 1 KiB block edges, every page size, random lengths up to
// 256 KiB, and unaligned starts. The digest of all results is the same in
// the simd128 build and in a wasm32 build without simd128 (the scalar
// fallback, xxHash alone).
//
// RUN: %sync-cxx-wasm -I%S/Inputs %s %sync-lib-wasm -o %t.simd.wasm
// RUN: %run-wasm %t.simd.wasm --kernel | FileCheck --check-prefix=SIMD %s
// RUN: %run-wasm %t.simd.wasm > %t.simd.txt
// RUN: %sync-cxx-wasm -mno-simd128 -I%S/Inputs -I%{binary_root}/runtime/sync/xxhash-include %s %srcroot/runtime/sync/xxh3.cpp %srcroot/runtime/sync/xxh3_simd128.cpp -o %t.scalar.wasm
// RUN: %run-wasm %t.scalar.wasm --kernel | FileCheck --check-prefix=SCALAR %s
// RUN: %run-wasm %t.scalar.wasm > %t.scalar.txt
// RUN: diff %t.simd.txt %t.scalar.txt
// RUN: FileCheck --input-file=%t.simd.txt %s
// SIMD: kernel: simd128
// SCALAR: kernel: library
// CHECK: xxh3: {{[0-9]+}} inputs equal, digest {{[0-9a-f]+$}}
#include "sync_test.h"

#include "karmem/sync/detail/xxh3.h"

using namespace karmem::sync;

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--kernel") == 0) {
    std::printf("kernel: %s\n", xxh3_kernel_name());
    return 0;
  }
  sync_test::rng r(1234);
  std::vector<uint8_t> buf((256 << 10) + 64);
  r.fill(buf.data(), buf.size());
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 4096; ++n) lengths.push_back(n);
  for (size_t k = 1; k <= 64; ++k)
    for (int d = -65; d <= 65; d += 5) lengths.push_back(k * 1024 + d);
  for (size_t p = 1024; p <= 65536; p *= 2) lengths.push_back(p);
  for (int i = 0; i < 300; ++i) lengths.push_back(241 + r.below(256 << 10));
  uint64_t digest = 0, n = 0;
  for (size_t len : lengths)
    for (size_t start : {size_t{0}, static_cast<size_t>(1 + r.below(63))}) {
      const uint8_t* p = buf.data() + start;
      const uint64_t a = xxh3_64(p, len), b = xxh3_64_library(p, len);
      SYNC_CHECK(a == b, "length %zu at +%zu: %016llx, library %016llx", len, start, (unsigned long long)a,
                 (unsigned long long)b);
      digest = (digest ^ a) * 0x100000001B3ull;
      ++n;
    }
  std::printf("xxh3: %llu inputs equal, digest %016llx\n", (unsigned long long)n, (unsigned long long)digest);
}
