/* For fingerprint-byte-string.test: prints XXH3_64bits (seed 0) of standard
 * input as 0x and 16 hex digits, with Debian's xxHash and nothing of the
 * project, so the test recomputes fingerprints independently of idl/. */
#define XXH_INLINE_ALL
#include <xxhash.h>
#include <stdio.h>

int main(void) {
  static unsigned char buffer[1 << 16];
  size_t size = fread(buffer, 1, sizeof buffer, stdin);
  if (!feof(stdin) || ferror(stdin)) {
    fprintf(stderr, "xxh3_stdin: input larger than %zu bytes or unreadable\n", sizeof buffer);
    return 1;
  }
  printf("0x%016llx\n", (unsigned long long)XXH3_64bits(buffer, size));
  return 0;
}
