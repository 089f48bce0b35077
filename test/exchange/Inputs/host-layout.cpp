// Prints the numbers of karmem/exchange/layout.h that runtime/js/exchange.mjs
// also holds, as JSON named like its `layout` object.
#include <karmem/exchange/layout.h>
#include <cstdio>

int main() {
  using namespace karmem::exchange::layout;
  std::printf("{\"version\": %u, \"tableAddress\": %u, \"reservedEnd\": %u, \"tableMagic\": %u, \"headerSize\": %u, "
              "\"entrySize\": %u, \"moduleRecordSize\": %u, \"maxEntries\": %u, \"maxModules\": %u, "
              "\"nameCapacity\": %u, \"regionAlignment\": %u, \"kindRaw\": %u, \"kindChannel\": %u}\n",
              version, table_address, reserved_end, table_magic, table_header_size, entry_size, module_record_size,
              max_entries, max_modules, name_capacity, region_alignment, kind_raw, kind_channel);
}
