// Preloaded (LD_PRELOAD) into clang-19 by test/plugin/wrong-clang-simulated.test:
// it interposes clang::getClangFullVersion(), which the plugin asks when it
// is loaded, so that clang-19 reports the version in FAKE_CLANG_FULL_VERSION.
// The plugin itself has no switch for this.
#include <cstdlib>
#include <string>

namespace clang {
std::string getClangFullVersion() {
  const char *fake = std::getenv("FAKE_CLANG_FULL_VERSION");
  return fake ? fake : "";
}
} // namespace clang
