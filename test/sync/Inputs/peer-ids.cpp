// The peer-name mapping computed independently of the sync engine: the low
// 32 bits of XXH3_64bits (Debian's xxHash, seed 0) of each line of stdin (a
// name's UTF-8 bytes), one "name id" line each. With --collision, searches "peer-<n>" names for
// two that map to the same id (a birthday search: about 77,000 names) and
// prints them, for the collision test of js-peer-ids.test.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>


static uint32_t id_of(const char* s) { return static_cast<uint32_t>(XXH3_64bits(s, std::strlen(s))); }

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--collision") == 0) {
    const size_t slots = size_t{1} << 22; // id -> n + 1, open addressing
    std::vector<uint32_t> key(slots), value(slots, 0);
    char name[32];
    for (uint32_t n = 0; n < 4000000; ++n) {
      std::snprintf(name, sizeof name, "peer-%u", n);
      const uint32_t id = id_of(name);
      for (size_t i = id & (slots - 1);; i = (i + 1) & (slots - 1)) {
        if (value[i] == 0) {
          key[i] = id;
          value[i] = n + 1;
          break;
        }
        if (key[i] == id) {
          std::printf("peer-%u peer-%u\n", value[i] - 1, n);
          return 0;
        }
      }
    }
    return 1;
  }
  static char line[4096];
  while (std::fgets(line, sizeof line, stdin)) {
    line[std::strcspn(line, "\n")] = '\0';
    std::printf("%s %u\n", line, id_of(line));
  }
  return 0;
}
