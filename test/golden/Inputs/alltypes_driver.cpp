// Golden driver for alltypes.h: alltypes_packed_*: Root, and LeafRef (an inline struct) as root.
// Run from test/golden as `alltypes_driver <case>...` (see golden_case.h).
#include "alltypes.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<alltypes::Root, alltypes::LeafRef>(argc, argv); }
