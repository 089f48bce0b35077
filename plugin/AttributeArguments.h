// Recovers the arguments of `[[karmem::struct(...)]]`, which clang drops for
// scoped plugin attributes (TOOLCHAIN.md): a token watcher sees every token
// after macro expansion and records `karmem :: struct ( ... )` keyed by the
// location of the `karmem` token, which is what ParsedAttr::getLoc() returns.
#pragma once

#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class Preprocessor;
}

namespace karmem::plugin {

// One comma-separated argument as written. `word` is true when it is a single
// identifier or keyword (`inline`, `table`); `text` is empty for a missing
// argument, as in `(table,)`.
struct AttributeArgument {
  std::string text;
  bool word = false;
  clang::SourceLocation loc;
};

struct RecordedAttribute {
  bool hasParentheses = false;
  std::vector<AttributeArgument> arguments;
};

// Installs a watcher on `pp` for the compilation it belongs to. Called when
// the plugin's action starts; a nested compilation (a module build) installs
// its own on its own Preprocessor, and each is asked through its Preprocessor.
void watchAttributeTokens(clang::Preprocessor &pp);

// True once watchAttributeTokens ran for `pp`'s compilation.
bool isWatchingAttributeTokens(const clang::Preprocessor &pp);

// True when `pp`'s watcher saw `karmem :: struct` at least once: without it no
// declaration of that compilation can be annotated.
bool hasRecordedAttributes(const clang::Preprocessor &pp);

// What was written after the `karmem` token at `scopeLoc`, or nullopt when
// `pp`'s watcher never saw an attribute there.
std::optional<RecordedAttribute> findRecordedAttribute(const clang::Preprocessor &pp,
                                                       clang::SourceLocation scopeLoc);

// Makes `karmem::<name>` (any name but `struct`, which the watcher saw after
// `karmem ::`) a spelling the plugin knows, so that using it as an attribute
// is the plugin's error with a fix-it instead of an attribute clang ignores.
// Defined in KarmemAttribute.cpp.
void noteKarmemAttributeName(llvm::StringRef name);

} // namespace karmem::plugin
