// The patch checksum: low 32 bits of XXH3-64 (docs/sync-patch-format.md §3).
#include "karmem/sync/patch_format.h"

#include "karmem/sync/xxh3.h"

namespace karmem::sync::format {

uint32_t checksum(const uint8_t* bytes, size_t n) noexcept {
  return static_cast<uint32_t>(xxh3_64(bytes, n));
}

} // namespace karmem::sync::format
