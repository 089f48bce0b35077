#include <stdint.h>
struct [[karmem::struct(inline)]] Vec2 { float x, y; };
