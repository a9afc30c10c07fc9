// Catalog stage 2, wrappers: resolves each entry's `wraps` into the log rules it names and holds
// the declaration to what the engine relies on (see resolve_wraps in catalog_validator.h). A
// wrapper's finding is explained by a wrapped finding on the same record, so the names must be
// log rules (only they have records) and the relation must not loop.
#include <algorithm>
#include <map>
#include <set>

#include "rules/catalog_validator.h"

namespace wid {
namespace {

// The log rules one `wraps` item names, the wrapper itself left out.
std::vector<std::string> resolve_item(const std::string& item, const Rule& wrapper,
                                      const std::vector<CatalogEntry>& entries) {
  std::vector<std::string> out;
  const bool group = item.rfind("group:", 0) == 0;
  const bool prefix = !group && item.size() > 1 && item.back() == '*';
  for (const CatalogEntry& e : entries) {
    const Rule& r = e.rule;
    if (r.kind != RuleKind::kLog || r.id == wrapper.id) continue;
    const bool named = group    ? r.group == item.substr(6)
                       : prefix ? r.id.rfind(item.substr(0, item.size() - 1), 0) == 0
                                : r.id == item || std::find(r.aliases.begin(), r.aliases.end(),
                                                            item) != r.aliases.end();
    if (named) out.push_back(r.id);
  }
  return out;
}

using WrapGraph = std::map<std::string, std::set<std::string>>;

// Depth-first from `id`: the first loop found, as "A -> B -> A", or "" when none.
std::string find_loop(const std::string& id, const WrapGraph& g, std::set<std::string>& done,
                      std::vector<std::string>& path) {
  if (std::find(path.begin(), path.end(), id) != path.end()) {
    std::string out;
    for (auto it = std::find(path.begin(), path.end(), id); it != path.end(); ++it)
      out += *it + " -> ";
    return out + id;
  }
  if (done.count(id)) return "";
  auto it = g.find(id);
  if (it != g.end()) {
    path.push_back(id);
    for (const std::string& next : it->second) {
      std::string loop = find_loop(next, g, done, path);
      if (!loop.empty()) return loop;
    }
    path.pop_back();
  }
  done.insert(id);
  return "";
}

std::string find_loop(const std::string& id, const WrapGraph& g, std::set<std::string>& done) {
  std::vector<std::string> path;
  return find_loop(id, g, done, path);
}

}  // namespace

void resolve_wraps(std::vector<CatalogEntry>& entries, LoadErrors& errors) {
  WrapGraph wraps;  // wrapper id -> wrapped ids
  for (CatalogEntry& e : entries) {
    Rule& r = e.rule;
    if (r.wraps.empty()) continue;
    if (r.kind != RuleKind::kLog) {
      errors.add(r.source.path, e.node["wraps"], r.id, "wraps",
                 "only a log rule can wrap: a check's finding has no records");
      continue;
    }
    std::set<std::string> ids;
    for (const std::string& item : r.wraps) {
      if (item == r.id) {
        errors.add(r.source.path, e.node["wraps"], r.id, "wraps", "a rule cannot wrap itself");
        continue;
      }
      auto named = resolve_item(item, r, entries);
      if (named.empty())
        errors.add(r.source.path, e.node["wraps"], r.id, "wraps",
                   "'" + item + "' names no log rule (an id, group:NAME or PREFIX*)");
      ids.insert(named.begin(), named.end());
    }
    r.wrapped.assign(ids.begin(), ids.end());
    wraps[r.id] = std::move(ids);
  }
  // A loop would let findings explain each other and leave the chain without a first link.
  std::set<std::string> done;
  for (const CatalogEntry& e : entries)
    if (!e.rule.wrapped.empty() && !done.count(e.rule.id)) {
      std::string loop = find_loop(e.rule.id, wraps, done);
      if (!loop.empty())
        errors.add(e.rule.source.path, e.node["wraps"], e.rule.id, "wraps",
                   "wrappers loop: " + loop);
    }
}

}  // namespace wid
