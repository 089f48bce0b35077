// The wasm32 module every karmem peer of the latency benchmark runs
// (latency.mjs): nothing but the sync runtime, linked whole so that its
// karmem_sync_* exports stay; sync.mjs reserves the region inside it. The
// peers write the region from JavaScript, as the seed's users do. This file
// adds nothing to the runtime; the module is the archive itself.
#include "karmem/sync/c_api.h"
