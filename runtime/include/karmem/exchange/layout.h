// The numbers of docs/exchange-layout.md, in one place: where the region
// table is, the sizes and field offsets of its header, entries and module
// records, and of a channel's header and slots. runtime/js/exchange.mjs
// holds the same numbers for the host; test/exchange checks they agree.
#pragma once

#include <cstdint>

namespace karmem::exchange::layout {

inline constexpr uint32_t version = 1;

// The region table (§1).
inline constexpr uint32_t table_address = 1024;
inline constexpr uint32_t reserved_end = 64 * 1024; // no module range below this
inline constexpr uint32_t table_magic = 0x54584D4Bu; // "KMXT"
inline constexpr uint32_t table_header_size = 64;
inline constexpr uint32_t entry_size = 64;
inline constexpr uint32_t module_record_size = 16;
inline constexpr uint32_t max_entries = 512;
inline constexpr uint32_t max_modules = 64;
inline constexpr uint32_t name_capacity = 32; // 31 bytes and a NUL
inline constexpr uint32_t region_alignment = 64;

namespace table_field {
inline constexpr uint32_t magic = 0, version = 4, entry_capacity = 6, lock = 8, entry_count = 12,
                          heap_next = 16, heap_limit = 20, module_capacity = 24, module_count = 26,
                          heap_base = 28;
}
namespace entry_field {
inline constexpr uint32_t name = 0, offset = 32, size = 36, struct_id = 40, owner = 48, kind = 52,
                          state = 56;
}
namespace module_field {
inline constexpr uint32_t base = 0, limit = 4, id = 8, flags = 12;
}
inline constexpr uint32_t kind_raw = 1, kind_channel = 2;
inline constexpr uint32_t state_ready = 1;

// A channel (§3).
inline constexpr uint32_t channel_magic = 0x43584D4Bu; // "KMXC"
inline constexpr uint32_t max_subscribers = 32;
inline constexpr uint32_t channel_header_size = 64 + 8 * max_subscribers; // 320
inline constexpr uint32_t max_slots = 65536;
inline constexpr uint32_t slot_header_size = 16;
inline constexpr uint64_t never_used = ~uint64_t(0);
namespace channel_field {
inline constexpr uint32_t magic = 0, version = 4, policy = 6, slot_count = 8, slot_capacity = 12,
                          struct_id = 16, lock = 24, active = 28, publisher = 32, wake = 36,
                          waiters = 40, next = 48, cursors = 64;
}
namespace slot_field {
inline constexpr uint32_t sequence = 0, pending = 8, size = 12, message = 16;
}

// Bytes from one slot to the next: its header and capacity, rounded to 64 so
// two slots never share a cache line.
constexpr uint64_t slot_stride(uint32_t capacity) { return (uint64_t(slot_header_size) + capacity + 63) / 64 * 64; }

} // namespace karmem::exchange::layout
