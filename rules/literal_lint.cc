#include "rules/literal_lint.h"

#include "rules/prefilter.h"
#include "rules/required_literals.h"

namespace wid {

std::vector<LiteralLintProblem> lint_required_literals(const Catalog& catalog) {
  std::vector<LiteralLintProblem> out;
  for (const auto& r : catalog.rules()) {
    if (r.kind != RuleKind::kLog) continue;
    for (const auto& p : r.patterns) {
      // The prefilter sees the escape-tolerant form: its literals are the ones that count.
      RequiredLiterals req = required_literals(escape_tolerant(p));
      if (req.literals.empty()) out.push_back({r.id, p, req.why_none});
    }
  }
  return out;
}

}  // namespace wid
