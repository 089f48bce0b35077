// See NameRegistry.h. Tests: test/plugin/diag-name-collision-*.cpp.
#include "NameRegistry.h"

#include "Diagnostics.h"

#include "clang/Basic/SourceManager.h"

namespace karmem::plugin {

bool NameRegistry::claim(const std::string &name, clang::SourceLocation loc,
                         const std::string &what, const std::string &declaredHere) {
  auto [it, inserted] = owners_.try_emplace(name, Owner{loc, what, declaredHere});
  if (inserted)
    return true;
  Owner newcomer{loc, what, declaredHere};
  const Owner *earlier = &it->second;
  const Owner *later = &newcomer;
  if (later->loc.isValid() && earlier->loc.isValid() &&
      sm_.isBeforeInTranslationUnit(later->loc, earlier->loc))
    std::swap(earlier, later);
  reportError(diags_, later->loc, "%0 and %1 both map to the KarmemIDL %2 name '%3'")
      << later->what << earlier->what << space_ << name;
  reportNote(diags_, earlier->loc, "%0") << earlier->declaredHere;
  return false;
}

} // namespace karmem::plugin
