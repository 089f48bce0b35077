// The header users include in their own type declarations.
//
//   #include <karmem/karmem.h>
//   struct KARMEM_STRUCT(inline) Vec3 { float x, y, z; };
//   struct [[karmem::struct]] Monster { karmem::limited<char, 64> name; ... };
//
// `[[karmem::struct]]` is understood by the karmem-clang plugin. KARMEM_STRUCT
// expands to it only when the plugin is loaded (the plugin predefines
// __KARMEM_PLUGIN__), so the same header compiles with any compiler, and
// without the plugin nobody warns about an unknown attribute.
#pragma once

#include "karmem/limited.h"
#include "karmem/version.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#if defined(__KARMEM_PLUGIN__)
#define KARMEM_STRUCT(...) [[karmem::struct(__VA_ARGS__)]]
#else
#define KARMEM_STRUCT(...)
#endif
