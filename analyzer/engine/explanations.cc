#include "analyzer/engine/explanations.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

namespace wid {
namespace {

using Graph = std::map<std::string, std::set<std::string>>;  // rule id -> ids that explain it

// The ids without explanation reached from `id`; a loop (which the catalog forbids for wrappers,
// but causes could still form) ends its branch without a root.
void roots(const std::string& id, const Graph& g, std::set<std::string>& seen,
           std::set<std::string>& out) {
  if (!seen.insert(id).second) return;
  auto it = g.find(id);
  if (it == g.end() || it->second.empty()) {
    out.insert(id);
    return;
  }
  for (const std::string& next : it->second) roots(next, g, seen, out);
}

}  // namespace

void link_explanations(std::vector<Finding>& findings) {
  std::set<std::string> failing;
  for (const Finding& f : findings)
    if (f.status == FindingStatus::kFail) failing.insert(f.rule_id);
  Graph g;
  for (Finding& f : findings) {
    std::set<std::string> by;
    for (const std::string& id : f.explained_by)
      if (failing.count(id) && id != f.rule_id) by.insert(id);
    for (const std::string& id : f.caused_by)
      if (id != f.rule_id) by.insert(id);
    f.explained_by.assign(by.begin(), by.end());
    if (f.status == FindingStatus::kFail) g[f.rule_id].insert(by.begin(), by.end());
  }
  for (Finding& f : findings) {
    if (f.explained_by.empty()) continue;
    std::set<std::string> seen{f.rule_id}, out;
    for (const std::string& id : f.explained_by) roots(id, g, seen, out);
    f.fixed_by.assign(out.begin(), out.end());
  }
}

}  // namespace wid
