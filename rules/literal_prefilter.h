// The literal prefilter: a faster first stage behind Prefilter. Every pattern with a necessary
// literal set (required_literals, over its escape-tolerant form) is a candidate only when one of
// its literals occurs in the record, found by one Teddy pass for all patterns; the few patterns
// without a set stay on an RE2::Set of their own. Candidates over-approximate the Set path's,
// so confirmation gives the same output.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "rules/prefilter.h"
#include "rules/teddy.h"

namespace wid {

// nullptr when the residual RE2::Set does not compile.
std::unique_ptr<Prefilter> make_literal_prefilter(const std::vector<std::string>& patterns);
// The same with the literal matcher pinned to one instruction set (differential tests, bench).
std::unique_ptr<Prefilter> make_literal_prefilter(const std::vector<std::string>& patterns,
                                                  Teddy::Isa isa);

}  // namespace wid
