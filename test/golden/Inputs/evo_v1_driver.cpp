// Golden driver for evo_v1.h: evo_v1, and evo_v2_read_as_v1 (new data, old reader).
// Run from test/golden as `evo_v1_driver <case>...` (see golden_case.h).
#include "evo_v1.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<evo::Envelope>(argc, argv); }
