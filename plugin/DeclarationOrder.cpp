// Kahn's topological sort, always taking the ready declaration that comes
// first in the source (ties: the order the builder discovered them in).
// Tests: test/plugin/declaration-order.test, sequences-of-tables-and-enums.cpp.
#include "DeclarationOrder.h"

#include "clang/Basic/SourceManager.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <tuple>

namespace karmem::plugin {

std::vector<size_t> declarationOrder(const std::vector<OrderNode> &nodes,
                                     const clang::SourceManager &sm) {
  const size_t n = nodes.size();
  // Rank the C++ declarations by source position.
  std::vector<size_t> bySource;
  for (size_t i = 0; i < n; ++i)
    if (!nodes[i].wrapperOf)
      bySource.push_back(i);
  // Ties (template instantiations share their template's location) keep
  // discovery order.
  std::sort(bySource.begin(), bySource.end(), [&](size_t a, size_t b) {
    clang::SourceLocation la = nodes[a].loc, lb = nodes[b].loc;
    if (la.isValid() && lb.isValid() && la != lb)
      return sm.isBeforeInTranslationUnit(la, lb);
    return a < b;
  });
  std::vector<size_t> rank(n, 0);
  for (size_t r = 0; r < bySource.size(); ++r)
    rank[bySource[r]] = r;
  // A wrapper ranks right after its element.
  using Key = std::tuple<size_t, int, size_t>; // rank, 0 = declaration / 1 = wrapper, node
  auto keyOf = [&](size_t i) {
    return nodes[i].wrapperOf ? Key{rank[*nodes[i].wrapperOf], 1, i} : Key{rank[i], 0, i};
  };

  std::vector<size_t> pending(n, 0);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t i = 0; i < n; ++i) {
    for (size_t d : nodes[i].dependencies) {
      if (d == i)
        continue;
      ++pending[i];
      dependents[d].push_back(i);
    }
  }
  std::set<Key> ready;
  for (size_t i = 0; i < n; ++i)
    if (pending[i] == 0)
      ready.insert(keyOf(i));

  std::vector<size_t> order;
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    size_t i = std::get<2>(*ready.begin());
    ready.erase(ready.begin());
    order.push_back(i);
    placed[i] = true;
    for (size_t d : dependents[i])
      if (--pending[d] == 0)
        ready.insert(keyOf(d));
  }
  if (order.size() < n) {
    std::vector<Key> rest;
    for (size_t i = 0; i < n; ++i)
      if (!placed[i])
        rest.push_back(keyOf(i));
    std::sort(rest.begin(), rest.end());
    for (const Key &k : rest)
      order.push_back(std::get<2>(k));
  }
  return order;
}

} // namespace karmem::plugin
