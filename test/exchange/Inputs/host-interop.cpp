// The core's region table (karmem/exchange/table.h) inside a module, against
// the host's (runtime/js/exchange.mjs) on the same memory: each finds what
// the other created, and reports the other's damage the same way.
#include <karmem/exchange/table.h>
#include <karmem_module.h>

#define EXPORT(name) extern "C" __attribute__((export_name(#name)))

namespace {
char name[32];
karmem::exchange::region_table table() { return karmem::exchange::region_table(karmem::exchange::memory::linear()); }
std::string_view name_of(uint32_t n) { return std::string_view(name, n < sizeof name ? n : sizeof name); }
// An offset, or minus the error (karmem::exchange::error).
int64_t result(const karmem::exchange::region_result &r) { return r ? int64_t(r.value.offset) : -int64_t(r.status); }
} // namespace

EXPORT(name_buffer) uint32_t name_buffer() { return uint32_t(uintptr_t(name)); }
EXPORT(find) int64_t find(uint32_t n) { return result(table().find(name_of(n))); }
EXPORT(create) int64_t create(uint32_t n, uint32_t size, uint32_t owner) {
  return result(table().create(name_of(n), size, karmem::exchange::layout::kind_raw, 0xC0FFEEull, owner));
}
EXPORT(found_size) uint32_t found_size(uint32_t n) { return table().find(name_of(n)).value.size; }
EXPORT(error_name) uint32_t error_name(int32_t code) {
  const char *s = karmem::exchange::error_name(karmem::exchange::error(-code));
  size_t i = 0;
  for (; s[i] && i < sizeof name - 1; ++i) name[i] = s[i];
  name[i] = 0;
  return uint32_t(i);
}
