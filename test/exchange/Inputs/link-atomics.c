/* What -matomics does in a module linked WITHOUT --shared-memory (the
 * single-threaded case): atomics, thread_local, and waiting. */
#include <stdatomic.h>
#include <stdint.h>

#define EXPORT(name) __attribute__((export_name(#name)))

_Thread_local int tl = 5;
static _Atomic int counter;

EXPORT(add) int add(int n) { return atomic_fetch_add(&counter, n) + n; }
EXPORT(tl_value) int tl_value(void) { return tl; }
EXPORT(tl_address) uint32_t tl_address(void) { return (uint32_t)(uintptr_t)&tl; }
#ifdef __wasm_atomics__
static int word;
EXPORT(wait_not_equal) int wait_not_equal(void) { return __builtin_wasm_memory_atomic_wait32(&word, 1, 0); }
#endif
