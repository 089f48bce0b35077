// libc's errno for THREADS modules, whose -matomics code cannot name it
// directly (errno_shim.h says why). Compiled without -matomics.
#include <errno.h>

extern "C" int *karmem_module_errno(void) { return &errno; }
