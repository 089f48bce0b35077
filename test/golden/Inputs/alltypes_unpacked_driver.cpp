// Golden driver for alltypes_unpacked.h: alltypes_unpacked_*: Root, and LeafRef (an inline struct) as root.
// Run from test/golden as `alltypes_unpacked_driver <case>...` (see golden_case.h).
#include "alltypes_unpacked.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<alltypes_unpacked::Root, alltypes_unpacked::LeafRef>(argc, argv); }
