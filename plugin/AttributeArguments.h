// Recovers the arguments of `[[karmem::struct(...)]]`, which clang drops for
// scoped plugin attributes (TOOLCHAIN.md): a token watcher sees every token
// after macro expansion and records `karmem :: struct ( ... )` keyed by the
// location of the `karmem` token, which is what ParsedAttr::getLoc() returns.
#pragma once

#include "clang/Basic/SourceLocation.h"

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

// Installs the watcher on `pp` and forgets what an earlier compilation in the
// same process recorded. Called when the plugin's action starts.
void watchAttributeTokens(clang::Preprocessor &pp);

// True once watchAttributeTokens ran for the current compilation.
bool isWatchingAttributeTokens();

// True when the watcher saw `karmem :: struct` at least once: without it no
// declaration can be annotated and the plugin has nothing to do.
bool hasRecordedAttributes();

// What was written after the `karmem` token at `scopeLoc`, or null when the
// watcher never saw an attribute there.
const RecordedAttribute *findRecordedAttribute(clang::SourceLocation scopeLoc);

} // namespace karmem::plugin
