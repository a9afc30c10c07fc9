// The capz checks, in the failure catalog's matrix order.
#include "rules/checks/check.h"

namespace wid {

void check_cluster_namespace_allowed(const CheckContext&, CheckRun&);
void check_cluster_identity_ref(const CheckContext&, CheckRun&);
void check_machine_identity_providerid(const CheckContext&, CheckRun&);
void check_cluster_identity_type(const CheckContext&, CheckRun&);

std::vector<CheckDef> capz_checks() {
  return {
      {"cluster_namespace_allowed", "C13", {"CAPZ_IDENTITY_NAMESPACE_NOT_ALLOWED"},
       check_cluster_namespace_allowed},
      {"cluster_identity_ref", "C14", {"CAPZ_IDENTITY_REF_INVALID"}, check_cluster_identity_ref},
      {"machine_identity_providerid",
       "C15",
       {"CAPZ_PROVIDERID_FORMAT", "CAPZ_UAMI_WITHOUT_IDENTITY_TYPE"},
       check_machine_identity_providerid},
      // Catalog 2F; no matrix row of its own.
      {"cluster_identity_type", "2F", {"CAPZ_IDENTITY_TYPE_MISMATCH"}, check_cluster_identity_type},
  };
}

}  // namespace wid
