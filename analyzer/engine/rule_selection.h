// Which rules a run asks for (--only / --skip), decided once, before anything is scanned: the
// log scanner is built from the selected log rules only, so a skipped rule costs no scan time.
#pragma once

#include <string>
#include <vector>

#include "rules/catalog.h"

namespace wid {

class RuleSelection {
 public:
  // `only` and `skip` hold rule ids or aliases; an empty `only` selects every rule.
  RuleSelection(const Catalog& catalog, std::vector<std::string> only,
                std::vector<std::string> skip);

  bool all() const { return only_.empty() && skip_.empty(); }
  // Whether rule `id` (a canonical id) was asked for.
  bool selected(const std::string& id) const;

  // The log rules the scan needs: the selected ones, plus the rules a selected rule derives its
  // causes into and the rules whose text proves a selected one. A derivation still sees its
  // source's records and its target's entry, so a selected finding reads the same as in an
  // unfiltered run; findings of the unselected extras are dropped afterwards.
  Catalog scan_catalog() const;

 private:
  const Catalog& catalog_;
  std::vector<std::string> only_;  // canonical ids
  std::vector<std::string> skip_;  // canonical ids
};

}  // namespace wid
