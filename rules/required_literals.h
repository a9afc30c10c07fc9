// A pattern's necessary literal set: literals of at least kMinLiteralBytes such that a text
// holding none of them (compared ASCII case-insensitively) cannot match the pattern. The
// literal prefilter searches records for these; `rules validate` reports patterns without one.
#pragma once

#include <string>
#include <vector>

namespace wid {

constexpr size_t kMinLiteralBytes = 3;

struct RequiredLiterals {
  std::vector<std::string> literals;  // lowercase; empty when the pattern has no usable set
  std::string why_none;               // why the set is empty (for the rule lint)
};

// Derives the set from RE2's FilteredRE2 atoms of `pattern` (compiled with dot_nl, as the
// prefilter runs it), then drops atoms greedily (words common in controller logs first, then the
// shortest) while the rest still rule the pattern out: `(QuotaExceeded|OperationNotAllowed).*quota`
// keeps the two long alternatives, not the weak `quota`. A set with a non-ASCII literal is refused
// (ASCII case folding cannot stand in for RE2's Unicode lowercasing there).
RequiredLiterals required_literals(const std::string& pattern);

}  // namespace wid
