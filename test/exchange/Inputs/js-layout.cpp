// Prints the channel numbers of karmem/exchange/layout.h that
// runtime/js/channel.mjs holds, as JSON named like its `channelLayout`.
#include <karmem/exchange/layout.h>
#include <cstdio>

int main() {
  using namespace karmem::exchange::layout;
  std::printf("{\"channelMagic\": %u, \"maxSubscribers\": %u, \"channelHeaderSize\": %u, \"maxSlots\": %u, "
              "\"slotHeaderSize\": %u, \"magic\": %u, \"version\": %u, \"policy\": %u, \"slotCount\": %u, "
              "\"slotCapacity\": %u, \"structId\": %u, \"lock\": %u, \"active\": %u, \"publisher\": %u, \"wake\": %u, "
              "\"waiters\": %u, \"next\": %u, \"cursors\": %u, \"sequence\": %u, \"pending\": %u, \"size\": %u, "
              "\"message\": %u, \"stride100\": %u}\n",
              channel_magic, max_subscribers, channel_header_size, max_slots, slot_header_size, channel_field::magic,
              channel_field::version, channel_field::policy, channel_field::slot_count, channel_field::slot_capacity,
              channel_field::struct_id, channel_field::lock, channel_field::active, channel_field::publisher,
              channel_field::wake, channel_field::waiters, channel_field::next, channel_field::cursors,
              slot_field::sequence, slot_field::pending, slot_field::size, slot_field::message,
              unsigned(slot_stride(100)));
}
