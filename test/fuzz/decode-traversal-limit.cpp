// karmem::decode's work limit (runtime/include/karmem/limits.h): a
// 145,560-byte message whose 20,000 refs all point at one table holding a
// 64 KiB blob describes 1.3 GB of values. decode() must return false having
// copied no more than traversal_limit(size) bytes of slice data -- natively
// and in wasm32, where 1.3 GB would abort -- while a message of the same
// shape that does not repeat its bytes still decodes completely.
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %karmem-cxx -fplugin-arg-karmem-out-dir=%t.dir -fsyntax-only -x c++-header %S/Inputs/bomb.h
// RUN: %python %srcroot/test/idl/Inputs/make_bomb.py %t.dir/bomb.bin
// RUN: %native-cxx -Wall -Wextra -Werror -I%t.dir -I%S/Inputs %s -o %t
// RUN: %t %t.dir/bomb.bin | FileCheck %s
// RUN: %wasm-link -Wall -Wextra -Werror -I%t.dir -I%S/Inputs %s -o %t.wasm
// RUN: cd %t.dir && %run-wasm %t.wasm bomb.bin | FileCheck %s
// CHECK: honest: 20 blobs of 65536 bytes, decode true
// CHECK: bomb: 145560 bytes, decode false, {{[0-9]+}} of 20000 blobs copied, within the limit: yes
#include "bomb.karmem.h"

#include <cstdio>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 2)
    return 2;
  // Twenty blobs of their own: 1.3 MB of slice data in a 1.3 MB message.
  bomb::Root honest;
  honest.refs.resize(20);
  for (bomb::Ref &r : honest.refs)
    r.b.data.assign(65536, std::byte{7});
  karmem::writer w;
  if (!karmem::encode(w, honest))
    return 1;
  bomb::Root back;
  const bool ok = karmem::decode(w.bytes(), back);
  std::printf("honest: %zu blobs of %zu bytes, decode %s\n", back.refs.size(),
              back.refs.empty() ? size_t(0) : back.refs.back().b.data.size(), ok ? "true" : "false");

  std::FILE *f = std::fopen(argv[1], "rb");
  if (!f)
    return 1;
  std::vector<std::byte> bytes;
  static std::byte buf[65536]; // not on the stack: wasm32 has 64 KiB of it
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
    bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  bomb::Root out;
  const bool decoded = karmem::decode(bytes, out);
  uint64_t copied = 0, filled = 0;
  for (const bomb::Ref &r : out.refs) {
    copied += r.b.data.size();
    filled += !r.b.data.empty();
  }
  std::printf("bomb: %zu bytes, decode %s, %llu of %zu blobs copied, within the limit: %s\n",
              bytes.size(), decoded ? "true" : "false", static_cast<unsigned long long>(filled),
              out.refs.size(), copied <= karmem::traversal_limit(bytes.size()) ? "yes" : "no");
  return 0;
}
