// The webhook checks, in the failure catalog's matrix order.
#include "rules/checks/check.h"

namespace wid {

void check_pod_injected(const CheckContext&, CheckRun&);

std::vector<CheckDef> webhook_checks() {
  return {
      {"pod_injected",
       "C12",
       {"WEBHOOK_POD_LABEL_MISSING", "TOKEN_ENV_NOT_INJECTED", "POD_NOT_RESTARTED_AFTER_CHANGE",
        "SA_CLIENT_ID_ANNOTATION_MISSING"},
       check_pod_injected},
  };
}

}  // namespace wid
