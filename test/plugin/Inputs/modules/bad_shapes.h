// A schema error inside a module: reported at the field, in the module's
// own compilation.
#pragma once
struct [[karmem::struct(table)]] BadShape { long sides; };
