// Golden driver for evo_v2.h: evo_v2, and evo_v1_read_as_v2 (old data, new reader).
// Run from test/golden as `evo_v2_driver <case>...` (see golden_case.h).
#include "evo_v2.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<evo::Envelope>(argc, argv); }
