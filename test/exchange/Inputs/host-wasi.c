/* Uses the WASI calls a reactor typically makes: stdout and stderr, clocks,
 * random bytes, the environment, a file, exit. */
#define _DEFAULT_SOURCE /* clock_gettime, getentropy under -std=c11 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define EXPORT(name) __attribute__((export_name(#name)))

EXPORT(run) void run(void) {
  printf("hello from the module\n");
  printf("a line in ");
  printf("three writes");
  printf("\n");
  fflush(stdout);
  fprintf(stderr, "to stderr\n");
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (volatile int i = 0; i < 100000; ++i) {
  }
  clock_gettime(CLOCK_MONOTONIC, &b);
  const int monotonic = b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec);
  const int realtime = time(NULL) > 1700000000; /* after November 2023 */
  unsigned char bytes[300] = {0};
  int random = getentropy(bytes, 256) == 0;
  int nonzero = 0;
  for (int i = 0; i < 256; ++i)
    nonzero += bytes[i] != 0;
  random = random && nonzero > 200;
  const int no_env = getenv("HOME") == NULL;
  const int no_file = fopen("/etc/passwd", "r") == NULL;
  printf("monotonic %d, realtime %d, random %d, no environment %d, no files %d\n", monotonic, realtime, random, no_env, no_file);
  fflush(stdout);
}

EXPORT(quit) void quit(int code) { exit(code); }
