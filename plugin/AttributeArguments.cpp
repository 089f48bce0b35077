// The token watcher behind AttributeArguments.h. It follows a small state
// machine over the expanded token stream:
//
//   `karmem` `::` `struct`              -> an attribute without arguments
//   `karmem` `::` `struct` `(` ... `)`  -> its arguments, split at top-level commas
//   `using` `karmem` `:` `struct` ...   -> the same, for [[using karmem: struct]]
//
// In C, `::` may arrive as two `:` tokens. The parser may re-lex tokens while
// backtracking; a second sighting at the same location simply overwrites the
// first with identical content.
//
// Pragmas (`#pragma pack`, `clang attribute push`, `float_control`, ...) reach
// the watcher as annotation tokens, whose pointer payload is the pragma's data,
// not an IdentifierInfo: they are never asked for an identifier or a spelling.
// An annotation token breaks any pattern in progress, since none of the
// attribute's tokens can be one.
// Tests: test/plugin/attr-args-*.cpp, attr-c23-spelling.c.
#include "AttributeArguments.h"

#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"

namespace karmem::plugin {

namespace {

enum class State { Idle, SawUsing, SawScope, SawOneColon, SawColons, SawName, InArguments };

struct Watcher {
  clang::Preprocessor *pp = nullptr;
  State state = State::Idle;
  clang::SourceLocation scopeLoc;
  unsigned depth = 0;
  RecordedAttribute current;
  AttributeArgument argument;
  unsigned argumentTokens = 0;
  llvm::DenseMap<clang::SourceLocation, RecordedAttribute> recorded;

  void reset(clang::Preprocessor &preprocessor) {
    pp = &preprocessor;
    state = State::Idle;
    depth = 0;
    current = {};
    argument = {};
    argumentTokens = 0;
    recorded.clear();
  }

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
        recorded[scopeLoc] = current;
        state = State::SawName;
        return;
      }
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

// One compilation at a time runs in a clang process; a driver running several
// -cc1 jobs in-process reinstalls (and so resets) the watcher for each.
Watcher &watcher() {
  static Watcher instance;
  return instance;
}

} // namespace

void watchAttributeTokens(clang::Preprocessor &pp) {
  Watcher &w = watcher();
  w.reset(pp);
  pp.setTokenWatcher([](const clang::Token &tok) { watcher().onToken(tok); });
}

bool isWatchingAttributeTokens() { return watcher().pp != nullptr; }

bool hasRecordedAttributes() { return !watcher().recorded.empty(); }

const RecordedAttribute *findRecordedAttribute(clang::SourceLocation scopeLoc) {
  auto &recorded = watcher().recorded;
  auto it = recorded.find(scopeLoc);
  return it == recorded.end() ? nullptr : &it->second;
}

} // namespace karmem::plugin
