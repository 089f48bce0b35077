/* Force-included (-include) into the sources of a THREADS exchange module.
 *
 * wasi-libc declares errno thread_local; code compiled with -matomics then
 * reaches it through TLS relocations, which wasm-ld refuses against the
 * plain errno of Debian's non-threaded libc ("relocation
 * R_WASM_MEMORY_ADDR_TLS_SLEB cannot be used against non-TLS symbol errno").
 * So errno goes through a function compiled without -matomics (errno.cpp),
 * which returns libc's own errno: the one malloc, strtol & co set. Safe
 * because each module instance runs on one thread. */
#ifndef KARMEM_ERRNO_SHIM_H
#define KARMEM_ERRNO_SHIM_H
#include <errno.h>
#ifdef __cplusplus
extern "C"
#endif
int *karmem_module_errno(void);
#undef errno
#define errno (*karmem_module_errno())
#endif
