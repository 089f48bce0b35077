// The token watcher behind AttributeArguments.h. It follows a small state
// machine over the expanded token stream:
//
//   `karmem` `::` `struct`              -> an attribute without arguments
//   `karmem` `::` `struct` `(` ... `)`  -> its arguments, split at top-level commas
//   `using` `karmem` `:` `struct` ...   -> the same, for [[using karmem: struct]]
//   `karmem` `::` NAME, NAME not `struct` -> NAME noted (noteKarmemAttributeName)
//
// In C, `::` may arrive as two `:` tokens. The parser may re-lex tokens while
// backtracking; a second sighting at the same location simply overwrites the
// first with identical content.
//
// Pragmas (`#pragma pack`, `clang attribute push`, `float_control`, ...) reach
// the watcher as annotation tokens, whose pointer payload is the pragma's data,
// not an IdentifierInfo: they are never asked for an identifier or a spelling.
// An annotation token breaks any pattern in progress before the argument
// list, since none of `karmem :: struct (` can be one; inside the argument
// list it is skipped, as clang skips it there (the pragma has no effect), so
// `struct(inline _Pragma("pack(push, 1)"))` still reads `inline`.
//
// Each Preprocessor has its own watcher: building a module (`#pragma clang
// module build`, an `import` under -fmodules) runs a nested compilation with
// its own Preprocessor and Sema, and the plugin loaded, in the middle of the
// outer one. The watcher is owned by the token callback installed on its
// Preprocessor, so it lives exactly as long as that Preprocessor; lookups go
// through a weak reference keyed by the Preprocessor.
// Tests: test/plugin/attr-args-*.cpp, attr-c23-spelling.c, attr-misspelled.cpp,
// attr-args-pragma-inside.cpp, pragmas-as-annotation-tokens.cpp,
// pragma-corpus.test, modules-nested-build.test.
#include "AttributeArguments.h"

#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <memory>
#include <utility>

namespace karmem::plugin {

namespace {

enum class State { Idle, SawUsing, SawScope, SawOneColon, SawColons, SawName, InArguments };

struct Watcher {
  explicit Watcher(const clang::Preprocessor &preprocessor) : pp(&preprocessor) {}

  const clang::Preprocessor *pp;
  State state = State::Idle;
  clang::SourceLocation scopeLoc;
  unsigned depth = 0;
  RecordedAttribute current;
  AttributeArgument argument;
  unsigned argumentTokens = 0;
  llvm::DenseMap<clang::SourceLocation, RecordedAttribute> recorded;

  static bool isIdentifierNamed(const clang::Token &tok, llvm::StringRef name) {
    if (tok.isAnnotation())
      return false;
    const clang::IdentifierInfo *ii = tok.getIdentifierInfo();
    return ii && ii->getName() == name;
  }

  // `end` is the `,` or `)` closing the argument; a missing argument is
  // reported there.
  void finishArgument(const clang::Token &end) {
    if (argumentTokens == 0)
      argument.loc = end.getLocation();
    argument.word = argumentTokens == 1 && argument.word;
    current.arguments.push_back(argument);
    argument = {};
    argumentTokens = 0;
  }

  void appendToArgument(const clang::Token &tok) {
    std::string spelling = pp->getSpelling(tok);
    if (argumentTokens == 0) {
      argument.loc = tok.getLocation();
      argument.word = tok.getIdentifierInfo() != nullptr;
    } else {
      argument.text += ' ';
    }
    argument.text += spelling;
    ++argumentTokens;
  }

  void onToken(const clang::Token &tok) {
    if (tok.isAnnotation()) {
      if (state != State::InArguments)
        state = State::Idle;
      return;
    }
    switch (state) {
    case State::InArguments:
      if (tok.is(clang::tok::eof)) {
        state = State::Idle;
        return;
      }
      if (tok.is(clang::tok::l_paren)) {
        ++depth;
      } else if (tok.is(clang::tok::r_paren) && --depth == 0) {
        if (argumentTokens > 0 || !current.arguments.empty())
          finishArgument(tok);
        recorded[scopeLoc] = current;
        state = State::Idle;
        return;
      } else if (tok.is(clang::tok::comma) && depth == 1) {
        finishArgument(tok);
        return;
      }
      appendToArgument(tok);
      return;
    case State::SawName:
      if (tok.is(clang::tok::l_paren)) {
        current.hasParentheses = true;
        depth = 1;
        state = State::InArguments;
        return;
      }
      break;
    case State::SawColons:
      if (tok.is(clang::tok::kw_struct)) {
        current = {};
        argument = {};
        argumentTokens = 0;
        recorded[scopeLoc] = current;
        state = State::SawName;
        return;
      }
      // `karmem :: stuct`: made a known spelling before the parser looks the
      // attribute up, so that a misspelled attribute is the plugin's error
      // and not clang's "unknown attribute ignored" (KarmemAttribute.cpp).
      if (const clang::IdentifierInfo *ii = tok.getIdentifierInfo())
        noteKarmemAttributeName(ii->getName());
      break;
    case State::SawOneColon:
      if (tok.is(clang::tok::colon)) {
        state = State::SawColons;
        return;
      }
      break;
    case State::SawScope:
      if (tok.is(clang::tok::coloncolon)) {
        state = State::SawColons;
        return;
      }
      if (tok.is(clang::tok::colon)) {
        state = State::SawOneColon;
        return;
      }
      break;
    case State::SawUsing:
      if (isIdentifierNamed(tok, "karmem")) {
        scopeLoc = tok.getLocation();
        state = State::SawOneColon; // `using karmem:` has a single colon
        return;
      }
      break;
    case State::Idle:
      break;
    }
    // The token does not continue a pattern: it may start a new one.
    state = State::Idle;
    if (isIdentifierNamed(tok, "karmem")) {
      scopeLoc = tok.getLocation();
      state = State::SawScope;
    } else if (tok.is(clang::tok::kw_using)) {
      state = State::SawUsing;
    }
  }
};

// The live watchers, by Preprocessor. Entries whose Preprocessor is gone have
// expired and are dropped when the next watcher is installed; a new
// Preprocessor at a freed one's address replaces its entry.
std::vector<std::pair<const clang::Preprocessor *, std::weak_ptr<Watcher>>> &watchers() {
  static std::vector<std::pair<const clang::Preprocessor *, std::weak_ptr<Watcher>>> all;
  return all;
}

std::shared_ptr<Watcher> watcherOf(const clang::Preprocessor &pp) {
  for (const auto &[key, weak] : watchers())
    if (key == &pp)
      return weak.lock();
  return nullptr;
}

} // namespace

void watchAttributeTokens(clang::Preprocessor &pp) {
  auto &all = watchers();
  all.erase(std::remove_if(all.begin(), all.end(),
                           [&](const auto &entry) {
                             return entry.first == &pp || entry.second.expired();
                           }),
            all.end());
  auto watcher = std::make_shared<Watcher>(pp);
  all.emplace_back(&pp, watcher);
  pp.setTokenWatcher([watcher](const clang::Token &tok) { watcher->onToken(tok); });
}

bool isWatchingAttributeTokens(const clang::Preprocessor &pp) { return watcherOf(pp) != nullptr; }

bool hasRecordedAttributes(const clang::Preprocessor &pp) {
  std::shared_ptr<Watcher> watcher = watcherOf(pp);
  return watcher && !watcher->recorded.empty();
}

std::optional<RecordedAttribute> findRecordedAttribute(const clang::Preprocessor &pp,
                                                       clang::SourceLocation scopeLoc) {
  std::shared_ptr<Watcher> watcher = watcherOf(pp);
  if (!watcher)
    return std::nullopt;
  auto it = watcher->recorded.find(scopeLoc);
  if (it == watcher->recorded.end())
    return std::nullopt;
  return it->second;
}

} // namespace karmem::plugin
