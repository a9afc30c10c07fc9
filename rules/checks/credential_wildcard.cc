// A federated credential never matches by pattern: "Wildcard characters aren't supported in any
// federated identity credential property value", so system:serviceaccount:capz-system:* matches
// no token at all. Flexible credentials (claimsMatchingExpression) exist only for GitHub, GitLab
// and Terraform Cloud issuers on app registrations, never for Kubernetes issuers.
#include "rules/checks/checks.h"
#include "rules/checks/credential_fix.h"
#include "rules/checks/workloads.h"

namespace wid {

void check_credential_wildcard(const CheckContext& ctx, CheckRun& run) {
  const auto& fics = ctx.store.federated_credentials;
  if (fics.empty()) {
    run.needs.push_back(fic_list_command(ctx));
    return;
  }
  for (const FederatedCredential& fc : fics) {
    // `?` is only a wildcard in the subject: in an issuer it starts a query, which
    // ISSUER_URL_INVALID reports.
    const char* field = fc.subject.find_first_of("*?") != std::string::npos ? "subject"
                        : fc.issuer.find('*') != std::string::npos          ? "issuer"
                                                                            : nullptr;
    if (!field) {
      auto& r = run.add("FIC_WILDCARD_UNSUPPORTED", FindingStatus::kPass, fic_subject(fc));
      r.detail = "The credential's issuer and subject are literal values.";
      r.key_values = {{"subject", fc.subject}};
      continue;
    }
    auto& r = run.add("FIC_WILDCARD_UNSUPPORTED", FindingStatus::kFail, fic_subject(fc));
    fill_credential_values(r, fc);
    const std::string value = field == std::string("subject") ? fc.subject : fc.issuer;
    r.values["field"] = field;
    r.values["fic_value"] = value;
    r.key_values = {{"field", field}, {"fic_value", value}};
    r.evidence.push_back(evidence_at(fc.source, value, "", Difference::kOther));
    r.evidence.back().locator += std::string(r.evidence.back().locator.empty() ? "" : ", ") + field;
  }
}

// Reads through fic_list_command.
const CheckDef kCredentialWildcardCheck{
    "credential_wildcard",
    {"FIC_WILDCARD_UNSUPPORTED"},
    {{"AADSTS700016", "client_id"}},
    {"audience", "credential", "fic_value", "field", "identity", "issuer", "resource_group",
     "subject"},
    check_credential_wildcard,
};

}  // namespace wid
