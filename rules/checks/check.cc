// The run-time half of a check's declaration: what CheckDef allows, and refusing the rest.
#include "rules/checks/check.h"

#include <algorithm>

namespace wid {

bool CheckDef::declares_read(std::string_view rule_id, std::string_view capture) const {
  return std::any_of(reads.begin(), reads.end(), [&](const CaptureRead& r) {
    return r.capture == capture && (r.rule_id == rule_id || r.rule_id == kAnyRule);
  });
}

bool CheckDef::declares_fill(std::string_view key) const {
  return std::find(fills.begin(), fills.end(), key) != fills.end();
}

const CheckDef* find_check(CheckFn fn) {
  for (const CheckDef& def : check_table())
    if (def.run == fn) return &def;
  return nullptr;
}

void enforce_declared_fills(const CheckDef& def, const CheckResult& result) {
  for (const auto& [key, value] : result.values)
    if (!def.declares_fill(key))
      throw CheckContractError("check " + std::string(def.name) + " fills value '" + key +
                               "' for " + result.rule_id +
                               " but does not declare it in its CheckDef fills");
}

}  // namespace wid
