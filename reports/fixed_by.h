// The words every renderer shows instead of a finding's own fix when fixing other findings fixes
// it (Finding::fixed_by): its own generic fix would be the wrong command (under a proven issuer
// mismatch, AADSTS70021's "create a federated credential" would add a second credential instead
// of correcting the first). One wording, so every format says the same.
#pragma once

#include <string>
#include <vector>

#include "analyzer/model/finding.h"

namespace wid {

// "Fixed by fixing ISSUER_TRAILING_SLASH_MISMATCH." ("A and B", "A, B and C"); "" when nothing
// fixes it but its own fix. Unescaped: each renderer escapes it for its sink.
std::string fixed_by_sentence(const Finding& f);

// The codes the log carried when they say more than the rule id: empty when the only code seen
// is the id itself. "AADSTS50166" or "AADSTS50166, AADSTS90061".
std::string codes_seen(const Finding& f);

}  // namespace wid
