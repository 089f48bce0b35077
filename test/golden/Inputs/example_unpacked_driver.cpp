// Golden driver for example_unpacked.h: example_unpacked.
// Run from test/golden as `example_unpacked_driver <case>...` (see golden_case.h).
#include "example_unpacked.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<example_unpacked::Shape>(argc, argv); }
