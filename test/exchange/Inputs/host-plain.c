/* A module not built by karmem_add_exchange_module (the not-linked tests
 * link it by hand in several wrong ways). */
#define EXPORT(name) __attribute__((export_name(#name)))

static int counter = 1;
EXPORT(bump) int bump(void) { return ++counter; }
#ifdef WITH_MAIN
int main(void) { return bump() - 2; }
#endif
