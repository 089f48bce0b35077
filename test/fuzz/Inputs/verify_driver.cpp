// For verify-matches-tool.test: `verify_driver ROOT FILE...` prints, per
// file, karmem::verify's verdict in the karmem tool's words ("ok", or
// "PATH: message" with "(root)" for the root).
#include "alltypes.karmem.h"
#include "bomb.karmem.h"
#include "example.karmem.h"
#include "game.karmem.h"

#include <karmem/verify.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace {

std::vector<std::byte> read(const char *path) {
  std::vector<std::byte> bytes;
  std::FILE *f = std::fopen(path, "rb");
  if (!f)
    return bytes;
  static std::byte buf[65536];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
    bytes.insert(bytes.end(), buf, buf + n);
  std::fclose(f);
  return bytes;
}

template <class T> void report(const char *file) {
  const std::vector<std::byte> bytes = read(file);
  const karmem::verify_result r = karmem::verify<T>(bytes);
  if (r)
    std::printf("%s: ok\n", file);
  else
    std::printf("%s: %s: %s\n", file, r.path.empty() ? "(root)" : r.path.c_str(), r.message.c_str());
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  for (int i = 2; i < argc; ++i) {
    if (!std::strcmp(argv[1], "Monsters"))
      report<game::Monsters>(argv[i]);
    else if (!std::strcmp(argv[1], "Shape"))
      report<example::Shape>(argv[i]);
    else if (!std::strcmp(argv[1], "Root"))
      report<alltypes::Root>(argv[i]);
    else if (!std::strcmp(argv[1], "Bomb"))
      report<bomb::Root>(argv[i]);
    else
      return 2;
  }
  return 0;
}
