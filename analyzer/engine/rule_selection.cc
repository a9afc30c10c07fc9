#include "analyzer/engine/rule_selection.h"

#include <algorithm>
#include <set>

namespace wid {
namespace {

std::vector<std::string> canonical(const Catalog& catalog, std::vector<std::string> ids) {
  for (std::string& id : ids)
    if (const Rule* r = catalog.find(id)) id = r->id;
  return ids;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

RuleSelection::RuleSelection(const Catalog& catalog, std::vector<std::string> only,
                             std::vector<std::string> skip)
    : catalog_(catalog),
      only_(canonical(catalog, std::move(only))),
      skip_(canonical(catalog, std::move(skip))) {}

bool RuleSelection::selected(const std::string& id) const {
  if (!only_.empty() && !contains(only_, id)) return false;
  return !contains(skip_, id);
}

Catalog RuleSelection::scan_catalog() const {
  std::set<std::string> keep;
  // Every kind counts here: a derived cause may have no pattern of its own.
  for (const Rule& r : catalog_.rules())
    if (selected(r.id)) keep.insert(r.id);
  // Close over derivations until nothing changes (chains are short: one or two links): a kept
  // rule keeps its targets, and a kept target that a rule proves keeps that rule (its only source
  // of findings). A candidate derivation only names its target, so it keeps nothing upstream.
  for (bool grew = true; grew;) {
    grew = false;
    for (const Rule* r : catalog_.log_rules())
      for (const Derivation& d : r->derive) {
        const bool source_kept = keep.count(r->id) > 0, target_kept = keep.count(d.id) > 0;
        if (source_kept && !target_kept && catalog_.find(d.id)) {
          grew = keep.insert(catalog_.find(d.id)->id).second || grew;
        } else if (target_kept && !source_kept && d.proves) {
          grew = keep.insert(r->id).second || grew;
        }
      }
  }
  Catalog out;
  for (const Rule& r : catalog_.rules())
    if (r.kind != RuleKind::kLog || keep.count(r.id)) out.add(r);
  out.index();
  return out;
}

}  // namespace wid
