// The one table of checks, in priority order: the order decides the order of their findings in
// the report. A check is listed here once; its declaration lives in its own file (checks.h).
#include "rules/checks/checks.h"

namespace wid {

const std::vector<CheckDef>& check_table() {
  static const std::vector<CheckDef> table = {
      kIssuerMatchesCredentialsCheck,
      kSubjectHasCredentialCheck,
      kAudienceMatchesCheck,
      kCredentialOnIdentityInUseCheck,
      kTenantMatchesIdentityCheck,
      kCredentialWildcardCheck,
      kApiserverIssuerConsistentCheck,
      kTokenKidPublishedCheck,
      kSigningAlgRs256Check,
      kJwksUriWellFormedCheck,
      kRoleAssignmentCoversActionCheck,
      kPropagationWindowCheck,
      kClusterNamespaceAllowedCheck,
      kClusterIdentityRefCheck,
      kMachineIdentityProvideridCheck,
      kClusterIdentityTypeCheck,
      kPodInjectedCheck,
      kTokenFileMountedCheck,
      kIssuerPubliclyReachableCheck,
      kApiserverCertificateVerifiedCheck,
      // add_check.py: entries above this line
  };
  return table;
}

}  // namespace wid
