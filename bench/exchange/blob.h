// The message of the exchange benchmark's size sweep: a sequence number and
// a byte payload, sized so that the whole encoded message is 64 B, 4 KiB,
// 64 KiB or 16 MiB (the 1.5 MiB point is the game message, game.h).
#pragma once
#include <karmem/karmem.h>
#include <cstdint>
#include <vector>

struct KARMEM_STRUCT(table) Blob {
  uint64_t seq;
  std::vector<uint8_t> payload;
};

// Payload byte j (what the consumer checks at the end of the payload).
inline uint8_t blob_byte(uint32_t j) { return uint8_t(j * 131u + 7u); }
