// The plugin runs only in the clang it was built for. Loaded into another
// one (Debian's default `clang++` is clang 14), libkarmem.so still loads:
// it needs no library of its own, and the few Clang symbols it calls while
// loading (the plugin registries' add_node) exist in every clang under the
// same names. Clang 14 then neither runs the action nor recognises the
// attribute (what it is handed has clang 19's class layouts): it warns
// "unknown attribute 'struct' ignored" and exits 0 with nothing generated. So, before anything else of the plugin
// runs, a load-time constructor asks the clang it was loaded into for its
// version, clang::getClangFullVersion() (resolved in the host, whichever
// clang that is), and compares its major version with the one the plugin
// was compiled against. On a mismatch it prints an error naming the clang it
// needs and exits with status 1: nothing of the plugin is used.
//
// Clang keeps its C++ interface stable within a major version (19.1.x), not
// across, so the major version is what must match.
//
// wrong-clang.test runs clang-14 where it is installed; wrong-clang-simulated
// runs clang-19 with getClangFullVersion interposed by LD_PRELOAD (the plugin
// has no switch of its own for this).
// Tests: test/plugin/wrong-clang.test, wrong-clang-simulated.test.
#include "HostClang.h"

#include "clang/Basic/Version.h"

#include <dlfcn.h>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace karmem::plugin {

std::optional<unsigned> clangMajorVersion(std::string_view fullVersion) {
  // "Debian clang version 19.1.7 (3+b1)", "clang version 19.1.7 (https://...)".
  constexpr std::string_view marker = "clang version ";
  const size_t at = fullVersion.find(marker);
  if (at == std::string_view::npos)
    return std::nullopt;
  size_t i = at + marker.size();
  unsigned major = 0;
  size_t digits = 0;
  for (; i < fullVersion.size() && fullVersion[i] >= '0' && fullVersion[i] <= '9'; ++i, ++digits) {
    if (digits == 6)
      return std::nullopt;
    major = major * 10 + unsigned(fullVersion[i] - '0');
  }
  if (digits == 0)
    return std::nullopt;
  return major;
}

namespace {

// Runs when the plugin is loaded, before its registrations (priority 101
// comes before the default priority of C++ static initialisers).
[[gnu::constructor(101)]] void checkHostClang() {
  const std::string host = clang::getClangFullVersion();
  if (clangMajorVersion(host) == unsigned(CLANG_VERSION_MAJOR))
    return;
  Dl_info self{};
  const char *path = dladdr(reinterpret_cast<void *>(&checkHostClang), &self) && self.dli_fname
                         ? self.dli_fname
                         : "libkarmem.so";
  std::fprintf(stderr,
               "error: %s is a plugin for clang " CLANG_VERSION_MAJOR_STRING
               " (built against clang " CLANG_VERSION_STRING
               ") and was loaded into another clang (%s); compile with clang++-" CLANG_VERSION_MAJOR_STRING
               " (clang-" CLANG_VERSION_MAJOR_STRING " for C) -fplugin=%s\n",
               path, host.c_str(), path);
  std::fflush(stderr);
  // Not exit(): the host's own destructors would run with the plugin half
  // registered in a clang it does not fit.
  std::_Exit(1);
}

} // namespace

} // namespace karmem::plugin
