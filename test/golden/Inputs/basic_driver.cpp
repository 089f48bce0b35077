// Golden driver for basic.h: basic_user.
// Run from test/golden as `basic_driver <case>...` (see golden_case.h).
#include "basic.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<basic::User>(argc, argv); }
