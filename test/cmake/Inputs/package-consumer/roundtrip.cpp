// Encodes a Scene, decodes it back, then keeps two sync regions identical:
// the message is written into region A, A's scan becomes a batch, region B
// applies it, and B's copy is read back. Same output natively and in wasm32.
#include "scene_io.h"

#include <karmem/sync/c_api.h>
#include <cstring>

int main() {
  karmem::writer w;
  if (!karmem::encode(w, make_scene(7)))
    return 1;
  char line[256];
  describe(w.bytes(), line, sizeof line);
  std::printf("%zu-byte pointers: encoded %zu bytes: %s\n", sizeof(void*), w.size(), line);

  const uint32_t page = 4096;
  const size_t size = 4 * page;
  auto* a = static_cast<uint8_t*>(karmem_sync_reserve(size, page));
  auto* b = static_cast<uint8_t*>(karmem_sync_reserve(size, page));
  karmem_sync* sa = a ? karmem_sync_create(1, a, size, size, page) : nullptr;
  karmem_sync* sb = b ? karmem_sync_create(2, b, size, size, page) : nullptr;
  if (!sa || !sb) {
    std::printf("sync: %s\n", karmem_sync_create_error());
    return 2;
  }
  std::memcpy(a + page + 16, w.bytes().data(), w.size());
  if (karmem_sync_scan(sa, 0) != 0)
    return 3;
  size_t n = karmem_sync_batch_size(sa);
  uint8_t* in = karmem_sync_input_buffer(sb, n);
  std::memcpy(in, karmem_sync_batch_data(sa), n);
  if (karmem_sync_apply(sb, in, n) != 0) {
    std::printf("apply: %s\n", karmem_sync_last_error(sb));
    return 4;
  }
  describe({reinterpret_cast<const std::byte*>(b + page + 16), w.size()}, line, sizeof line);
  std::printf("synced %zu-byte batch, regions %s: %s\n", n, std::memcmp(a, b, size) == 0 ? "identical" : "DIFFER",
              line);
  karmem_sync_destroy(sa);
  karmem_sync_destroy(sb);
}
