// The federated credential checks, in the failure catalog's matrix order.
#include "rules/checks/check.h"

namespace wid {

void check_issuer_matches_credentials(const CheckContext&, CheckRun&);
void check_subject_has_credential(const CheckContext&, CheckRun&);
void check_audience_matches(const CheckContext&, CheckRun&);
void check_credential_on_identity_in_use(const CheckContext&, CheckRun&);
void check_tenant_matches_identity(const CheckContext&, CheckRun&);
void check_credential_wildcard(const CheckContext&, CheckRun&);

std::vector<CheckDef> federated_credential_checks() {
  return {
      {"issuer_matches_credentials",
       "C1",
       {"ISSUER_TRAILING_SLASH_MISMATCH", "FIC_FIELD_WHITESPACE_OR_CASE", "ISSUER_CHANGED"},
       check_issuer_matches_credentials},
      {"subject_has_credential",
       "C3",
       {"FIC_SUBJECT_WRONG_SA", "ASO_SA_FIC_MISSING", "FIC_FIELD_WHITESPACE_OR_CASE"},
       check_subject_has_credential},
      {"audience_matches",
       "C4",
       {"FIC_AUDIENCE_MISMATCH", "FIC_FIELD_WHITESPACE_OR_CASE"},
       check_audience_matches},
      {"credential_on_identity_in_use", "C5", {"FIC_ON_WRONG_IDENTITY"},
       check_credential_on_identity_in_use},
      {"tenant_matches_identity", "C6", {"TENANT_ID_WRONG"}, check_tenant_matches_identity},
      {"credential_wildcard", "C3", {"FIC_WILDCARD_UNSUPPORTED"}, check_credential_wildcard},
  };
}

}  // namespace wid
