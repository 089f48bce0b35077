// Golden driver for paths.h: paths_users.
// Run from test/golden as `paths_driver <case>...` (see golden_case.h).
#include "paths.karmem.h"

#include "golden_case.h"

int main(int argc, char **argv) { return golden::run<paths::Users>(argc, argv); }
