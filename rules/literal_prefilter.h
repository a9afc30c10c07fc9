// The literal prefilter: a first stage behind Prefilter, used when ScanOptions::literal_prefilter
// is set (off by default: with the built-in catalog's 212 patterns the Teddy buckets pass most
// lines and the whole run was slower than the Set alone; bench/README.md). One Teddy pass looks for
// every pattern's necessary literals (required_literals, over its escape-tolerant form); a record
// with none of them cannot match those patterns and skips the RE2::Set (the ~350 MB/s DFA)
// entirely. A record with one goes to the Set, which names the exact candidates; patterns without a
// literal set keep an RE2::Set of their own that sees every record. The candidates are exactly
// the Set path's, so the output is too.
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
