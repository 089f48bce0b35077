// A wasm32 reactor that host.mjs drives through the installed sync.mjs: the
// sync runtime's karmem_sync_* exports (Karmem::sync_wasm32 links them whole)
// plus an encoder and a reader of the region's message. The message sits at
// base + 16 and its size at base.
#include "scene_io.h"

#include <karmem/sync/c_api.h>
#include <cstring>

extern "C" {
__attribute__((export_name("app_reserve"))) void* app_reserve(uint32_t capacity, uint32_t page_size) {
  return karmem_sync_reserve(capacity, page_size);
}

__attribute__((export_name("app_write"))) uint32_t app_write(uint8_t* base, uint32_t frame) {
  karmem::writer w;
  if (!karmem::encode(w, make_scene(frame)))
    return 0;
  uint32_t n = uint32_t(w.size());
  std::memcpy(base, &n, 4);
  std::memcpy(base + 16, w.bytes().data(), n);
  return n;
}

__attribute__((export_name("app_describe"))) const char* app_describe(const uint8_t* base) {
  static char line[256];
  uint32_t n;
  std::memcpy(&n, base, 4);
  describe({reinterpret_cast<const std::byte*>(base + 16), n}, line, sizeof line);
  return line;
}
}
