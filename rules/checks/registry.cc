#include "rules/checks/check.h"

namespace wid {

const std::vector<CheckDef>& check_table() {
  static const std::vector<CheckDef> table = [] {
    std::vector<CheckDef> all;
    for (auto group : {federated_credential_checks, issuer_checks, arm_checks, capz_checks,
                       webhook_checks}) {
      auto g = group();
      all.insert(all.end(), g.begin(), g.end());
    }
    return all;
  }();
  return table;
}

}  // namespace wid
