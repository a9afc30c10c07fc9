// How findings explain each other, after the catalog's causes are linked: a wrapper finding is
// explained by the more specific findings on its records, a symptom by its proven causes; what
// nothing explains is where the fixing starts, and every explained finding is fixed by fixing it.
#pragma once

#include <vector>

#include "analyzer/model/finding.h"

namespace wid {

// Fills each finding's `explained_by` (the wrapped rule ids the scan put there, kept only when a
// failing finding of that rule is in the report, plus its `caused_by`) and `fixed_by` (the rule
// ids nothing explains that `explained_by` leads to, followed transitively).
void link_explanations(std::vector<Finding>& findings);

}  // namespace wid
