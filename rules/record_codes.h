// Which of a rule's codes a matched text carried. A rule may list several codes as one failure
// (AADSTS90061 with its aliases AADSTS50166 and AADSTS501661); the finding names the ones the log
// showed, so a search of the report for the code the user saw finds it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/catalog.h"

namespace wid {

// Appends to `codes` (once each) the rule's id and aliases found in `matched` as whole codes:
// "AADSTS50166" is found in "AADSTS50166: ..." but not in "AADSTS501661".
void note_codes(const Rule& rule, std::string_view matched, std::vector<std::string>& codes);

}  // namespace wid
