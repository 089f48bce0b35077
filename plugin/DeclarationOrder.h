// The order declarations are written in a .km file (and laid out in): every
// type after the types it refers to (KarmemIDL has no forward references),
// otherwise in source order, and each generated wrapper right after its
// element type (KarmemString, which has none, where its first user's field is
// written: just before that struct).
#pragma once

#include "clang/Basic/SourceLocation.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace clang {
class SourceManager;
}

namespace karmem::plugin {

struct OrderNode {
  clang::SourceLocation loc;        // where the C++ type is declared
  std::optional<size_t> wrapperOf;  // for a generated wrapper: its element's node
  std::vector<size_t> dependencies; // nodes this one refers to
};

// Node indices in declaration order. Dependencies must form no cycle (the
// schema builder reports and drops cyclic references); should one remain,
// its nodes are appended in source order.
std::vector<size_t> declarationOrder(const std::vector<OrderNode> &nodes,
                                     const clang::SourceManager &sm);

} // namespace karmem::plugin
