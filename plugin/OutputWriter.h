// Writes the generated files: only when their content changed (so builds
// that depend on them stay incremental), through a temporary file renamed
// into place (so a reader never sees half a file).
#pragma once

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace karmem::plugin {

// Writes `content` to `path` unless the file already holds exactly that,
// creating missing directories. Returns the reason on failure.
std::optional<std::string> writeIfChanged(llvm::StringRef path, llvm::StringRef content);

// `target` relative to the directory `fromDir`, both absolute and
// normalised, with forward slashes: ("/a/b/gen", "/a/b/game.h") -> "../game.h".
std::string relativePath(llvm::StringRef fromDir, llvm::StringRef target);

} // namespace karmem::plugin
