// The region table (docs/exchange-layout.md §1): named regions in the shared
// memory, found by any module or the host. Regions are bump-allocated from
// the table's heap and never move, shrink or disappear, so an offset found
// once stays valid whatever grows the memory later.
//
// Every read validates what it uses (magic, version, capacities, counts,
// each entry's bounds): a table written by something else, or by a
// misbehaving module sharing the memory, is reported as `corrupt`, never
// followed out of bounds.
#pragma once

#include "karmem/exchange/error.h"
#include "karmem/exchange/layout.h"
#include "karmem/exchange/memory.h"

#include <string_view>

namespace karmem::exchange {

struct region {
  uint32_t offset = 0, size = 0;
  uint64_t struct_id = 0;
  uint32_t owner = 0, kind = 0;
};

struct region_result {
  error status = error::ok;
  region value;
  explicit operator bool() const noexcept { return status == error::ok; }
};

class region_table {
public:
  explicit region_table(memory mem) noexcept : mem_(mem) {}

  const memory &mem() const noexcept { return mem_; }

  // Writes an empty table; what the host does when it creates the memory
  // (here for native use and tests). Regions go in [heap_base, heap_limit).
  error format(uint32_t entry_capacity, uint32_t module_capacity, uint32_t heap_base, uint32_t heap_limit) const noexcept {
    using namespace layout;
    if (entry_capacity == 0 || entry_capacity > max_entries || module_capacity > max_modules ||
        table_end(entry_capacity, module_capacity) > reserved_end || heap_base < reserved_end ||
        heap_base % region_alignment || heap_limit < heap_base)
      return error::invalid_argument;
    if (!mem_.ensure(reserved_end))
      return error::out_of_memory;
    std::byte *t = mem_.at(table_address);
    std::memset(t, 0, table_end(entry_capacity, module_capacity) - table_address);
    store<uint16_t>(t + table_field::version, uint16_t(version));
    store<uint16_t>(t + table_field::entry_capacity, uint16_t(entry_capacity));
    store<uint32_t>(t + table_field::heap_next, heap_base);
    store<uint32_t>(t + table_field::heap_limit, heap_limit);
    store<uint16_t>(t + table_field::module_capacity, uint16_t(module_capacity));
    store<uint32_t>(t + table_field::heap_base, heap_base);
    shared<uint32_t>(t + table_field::magic).store(table_magic, std::memory_order_release);
    return error::ok;
  }

  // The ready region named `name`.
  region_result find(std::string_view name) const noexcept {
    header h;
    if (error e = read_header(h); e != error::ok)
      return {e, {}};
    return find_in(h, name);
  }

  // Creates a region of `size` bytes, zeroed, then `init(context, bytes)`
  // fills it before anyone can find it. `exists` (with the existing region)
  // when the name is taken.
  using init_fn = void (*)(void *context, std::byte *bytes);
  region_result create(std::string_view name, uint32_t size, uint32_t kind, uint64_t struct_id, uint32_t owner,
                       init_fn init = nullptr, void *context = nullptr) const noexcept {
    using namespace layout;
    if (!valid_name(name) || size == 0 || (kind != kind_raw && kind != kind_channel))
      return {error::invalid_argument, {}};
    std::byte *t = mem_.at(table_address);
    header h;
    if (error e = read_header(h); e != error::ok)
      return {e, {}};
    lock_guard held(t + table_field::lock, owner);
    if (error e = read_header(h); e != error::ok) // again, now that nobody can change it
      return {e, {}};
    if (region_result found = find_in(h, name); found.status != error::not_found)
      return {found.status == error::ok ? error::exists : found.status, found.value};
    if (h.count >= h.entry_capacity)
      return {error::table_full, {}};
    const uint64_t offset = (uint64_t(h.heap_next) + region_alignment - 1) / region_alignment * region_alignment;
    const uint64_t end = offset + size;
    if (end > h.heap_limit || !mem_.ensure(end))
      return {error::out_of_memory, {}};
    std::byte *bytes = mem_.at(uint32_t(offset));
    std::memset(bytes, 0, size);
    if (init)
      init(context, bytes);
    std::byte *e = entry_at(h.count);
    std::memset(e, 0, entry_size);
    std::memcpy(e + entry_field::name, name.data(), name.size());
    store<uint32_t>(e + entry_field::offset, uint32_t(offset));
    store<uint32_t>(e + entry_field::size, size);
    store<uint64_t>(e + entry_field::struct_id, struct_id);
    store<uint32_t>(e + entry_field::owner, owner);
    store<uint32_t>(e + entry_field::kind, kind);
    // heap next stays 64-aligned (docs/exchange-layout.md §1), capped at the limit.
    const uint64_t next = (end + region_alignment - 1) / region_alignment * region_alignment;
    store<uint32_t>(t + table_field::heap_next, uint32_t(next < h.heap_limit ? next : h.heap_limit));
    shared<uint32_t>(e + entry_field::state).store(state_ready, std::memory_order_release);
    shared<uint32_t>(t + table_field::entry_count).store(h.count + 1, std::memory_order_release);
    return {error::ok, region{uint32_t(offset), size, struct_id, owner, kind}};
  }

  static bool valid_name(std::string_view name) noexcept {
    return !name.empty() && name.size() < layout::name_capacity && name.find('\0') == std::string_view::npos;
  }

private:
  struct header {
    uint32_t entry_capacity, module_capacity, count, heap_base, heap_next, heap_limit;
  };

  static constexpr uint32_t table_end(uint32_t entries, uint32_t modules) {
    using namespace layout;
    return table_address + table_header_size + entries * entry_size + modules * module_record_size;
  }

  std::byte *entry_at(uint32_t i) const noexcept {
    return mem_.at(layout::table_address + layout::table_header_size + i * layout::entry_size);
  }

  error read_header(header &h) const noexcept {
    using namespace layout;
    if (!mem_.contains(0, reserved_end))
      return error::corrupt;
    std::byte *t = mem_.at(table_address);
    if (shared<uint32_t>(t + table_field::magic).load(std::memory_order_acquire) != table_magic)
      return error::corrupt;
    if (load<uint16_t>(t + table_field::version) != version)
      return error::version_mismatch;
    h.entry_capacity = load<uint16_t>(t + table_field::entry_capacity);
    h.module_capacity = load<uint16_t>(t + table_field::module_capacity);
    h.count = shared<uint32_t>(t + table_field::entry_count).load(std::memory_order_acquire);
    h.heap_base = load<uint32_t>(t + table_field::heap_base);
    h.heap_next = load<uint32_t>(t + table_field::heap_next);
    h.heap_limit = load<uint32_t>(t + table_field::heap_limit);
    if (h.entry_capacity == 0 || h.entry_capacity > max_entries || h.module_capacity > max_modules ||
        table_end(h.entry_capacity, h.module_capacity) > reserved_end || h.count > h.entry_capacity ||
        h.heap_base < reserved_end || h.heap_next < h.heap_base || h.heap_limit < h.heap_next)
      return error::corrupt;
    return error::ok;
  }

  // Entries are appended and published by the count, so an entry below the
  // count is complete; each is still checked against the heap's bounds.
  region_result find_in(const header &h, std::string_view name) const noexcept {
    using namespace layout;
    for (uint32_t i = 0; i < h.count; ++i) {
      std::byte *e = entry_at(i);
      if (shared<uint32_t>(e + entry_field::state).load(std::memory_order_acquire) != state_ready)
        return {error::corrupt, {}};
      const char *stored = reinterpret_cast<const char *>(e + entry_field::name);
      const size_t len = strnlen(stored, name_capacity);
      if (len == 0 || len == name_capacity)
        return {error::corrupt, {}};
      region r{load<uint32_t>(e + entry_field::offset), load<uint32_t>(e + entry_field::size), load<uint64_t>(e + entry_field::struct_id),
               load<uint32_t>(e + entry_field::owner), load<uint32_t>(e + entry_field::kind)};
      if (r.offset < h.heap_base || uint64_t(r.offset) + r.size > h.heap_next || !mem_.contains(r.offset, r.size) ||
          (r.kind != kind_raw && r.kind != kind_channel))
        return {error::corrupt, {}};
      if (std::string_view(stored, len) == name)
        return {error::ok, r};
    }
    return {error::not_found, {}};
  }

  memory mem_;
};

} // namespace karmem::exchange
