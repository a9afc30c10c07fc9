// The prefilter lint of `rules validate`: a log rule whose pattern has no necessary literal
// (required_literals) runs on the slow RE2::Set path for every record, so it is reported with
// the reason. The built-in catalog has none (a test holds it to that).
#pragma once

#include <string>
#include <vector>

#include "rules/catalog.h"

namespace wid {

struct LiteralLintProblem {
  std::string rule_id;
  std::string pattern;
  std::string why;
};

std::vector<LiteralLintProblem> lint_required_literals(const Catalog& catalog);

}  // namespace wid
