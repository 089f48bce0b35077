// One KarmemIDL namespace: the type names of a schema, the field names of a
// struct, or the member names of an enum. Two C++ entities that map to the
// same Karmem name are an error, reported at the one declared later with a
// note at the other.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringMap.h"

#include <string>

namespace clang {
class DiagnosticsEngine;
class SourceManager;
} // namespace clang

namespace karmem::plugin {

class NameRegistry {
public:
  // `space` names the namespace in messages: "type", "field", "enum member".
  NameRegistry(clang::DiagnosticsEngine &diags, const clang::SourceManager &sm, const char *space)
      : diags_(diags), sm_(sm), space_(space) {}

  // Claims `name` for the entity `what` (e.g. "'::game::Vec3'"), located at
  // `loc`. `declaredHere` is the note shown when the other entity is the later
  // one (e.g. "'::game::Vec3' is declared here"). Returns false after
  // reporting a clash.
  bool claim(const std::string &name, clang::SourceLocation loc, const std::string &what,
             const std::string &declaredHere);

private:
  struct Owner {
    clang::SourceLocation loc;
    std::string what;
    std::string declaredHere;
  };
  clang::DiagnosticsEngine &diags_;
  const clang::SourceManager &sm_;
  const char *space_;
  llvm::StringMap<Owner> owners_;
};

} // namespace karmem::plugin
