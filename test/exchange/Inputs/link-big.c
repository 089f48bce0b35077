/* 300,000 bytes of static data: more than a 128 KiB slot holds. */
#define EXPORT(name) __attribute__((export_name(#name)))
static char big[300000] = {1};
EXPORT(get) int get(int i) { return big[i]; }
