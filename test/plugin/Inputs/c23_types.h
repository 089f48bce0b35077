#include <stdbool.h>
#include <stdint.h>
struct [[karmem::struct(inline)]] Vec { float x; float y; };
enum Shade : uint8_t { Dark, Light };
struct [[karmem::struct]] Thing { struct Vec v; int32_t id; bool ok; enum Shade shade; };
