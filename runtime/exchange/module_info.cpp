// The module's range, recorded twice: in the custom section `karmem.module`
// (docs/exchange-layout.md §2), which the host reads before instantiating
// the module, and as functions the module itself calls (malloc.cpp takes its
// arena's end from karmem_module_limit()).
//
// karmem_add_exchange_module compiles this file alone with the three
// KARMEM_MODULE_* defines, so they reach no other source.
#include "karmem_module.h"

#if !defined(KARMEM_MODULE_BASE) || !defined(KARMEM_MODULE_LIMIT) || !defined(KARMEM_MODULE_FLAGS)
#error "compile module_info.cpp through karmem_add_exchange_module: it defines KARMEM_MODULE_BASE, _LIMIT and _FLAGS"
#endif
static_assert(KARMEM_MODULE_BASE >= 65536, "a module range may not overlap the first 64 KiB (the region table)");
static_assert(KARMEM_MODULE_BASE < KARMEM_MODULE_LIMIT, "a module range is [base, limit) with base < limit");
static_assert(KARMEM_MODULE_LIMIT <= 0xFFFFFFFFull, "a module range ends below 4 GiB");
static_assert(KARMEM_MODULE_MAGIC == 0x444F4D4B && KARMEM_MODULE_VERSION == 1, "the section below spells both out");

#define KARMEM_STR2(x) #x
#define KARMEM_STR(x) KARMEM_STR2(x)

// A data object with a section attribute stays a data segment in wasm
// objects; only a section named .custom_section.* written in assembly becomes
// a custom section, which wasm-ld copies into the module.
__asm__(".section .custom_section.karmem.module,\"\",@\n"
        ".int32 0x444F4D4B\n" // KARMEM_MODULE_MAGIC, "KMOD"
        ".int32 1\n"          // KARMEM_MODULE_VERSION
        ".int32 " KARMEM_STR(KARMEM_MODULE_BASE) "\n"
        ".int32 " KARMEM_STR(KARMEM_MODULE_LIMIT) "\n"
        ".int32 " KARMEM_STR(KARMEM_MODULE_FLAGS) "\n"
        ".text\n");

extern "C" {
uint32_t karmem_module_base(void) { return uint32_t(KARMEM_MODULE_BASE); }
uint32_t karmem_module_limit(void) { return uint32_t(KARMEM_MODULE_LIMIT); }
uint32_t karmem_module_flags(void) { return uint32_t(KARMEM_MODULE_FLAGS); }
}
