// Golden driver for example.h: example_packed and the bad_* cases (malformed input).
// Run from test/golden as `example_driver <case>...` (see golden_case.h).
#include "example.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<example::Shape>(argc, argv); }
