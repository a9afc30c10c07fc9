// The arm checks, in the failure catalog's matrix order.
#include "rules/checks/check.h"

namespace wid {

void check_role_assignment_covers_action(const CheckContext&, CheckRun&);
void check_propagation_window(const CheckContext&, CheckRun&);

std::vector<CheckDef> arm_checks() {
  return {
      {"role_assignment_covers_action",
       "C10",
       {"ARM_ROLE_MISSING_FOR_ACTION", "ARM_ROLE_ON_WRONG_PRINCIPAL",
        "ARM_ROLE_ASSIGNMENT_WRITE_DENIED"},
       check_role_assignment_covers_action},
      {"propagation_window",
       "C11",
       {"ARM_RBAC_PROPAGATION_DELAY", "FIC_PROPAGATION_DELAY"},
       check_propagation_window},
  };
}

}  // namespace wid
