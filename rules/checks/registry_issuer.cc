// The issuer checks, in the failure catalog's matrix order.
#include "rules/checks/check.h"

namespace wid {

void check_apiserver_issuer_consistent(const CheckContext&, CheckRun&);
void check_token_kid_published(const CheckContext&, CheckRun&);
void check_signing_alg_rs256(const CheckContext&, CheckRun&);
void check_jwks_uri_well_formed(const CheckContext&, CheckRun&);

std::vector<CheckDef> issuer_checks() {
  return {
      {"apiserver_issuer_consistent",
       "C2",
       {"ISSUER_DEFAULT_NOT_PUBLIC", "ISSUER_URL_INVALID", "DISCOVERY_DOC_ISSUER_MISMATCH",
        "MULTIPLE_ISSUERS_ORDER"},
       check_apiserver_issuer_consistent},
      {"token_kid_published",
       "C7",
       {"JWKS_STALE_AFTER_KEY_ROTATION", "SA_SIGNING_KEY_MISMATCH"},
       check_token_kid_published},
      {"signing_alg_rs256", "C8", {"SA_SIGNING_ALG_UNSUPPORTED"}, check_signing_alg_rs256},
      {"jwks_uri_well_formed", "C9", {"JWKS_URI_MALFORMED"}, check_jwks_uri_well_formed},
  };
}

}  // namespace wid
