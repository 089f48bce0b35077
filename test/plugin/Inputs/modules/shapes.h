// An annotated header that -fmodules builds as module Shapes
// (module.modulemap): the importing TU never lexes these tokens.
#pragma once
#include <stdint.h>
struct [[karmem::struct(inline)]] Vec2 { float x; float y; };
struct [[karmem::struct(table)]] Shape { Vec2 at; int32_t sides; };
