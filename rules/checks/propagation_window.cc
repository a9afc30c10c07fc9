// A failure logged minutes after the credential or role assignment that would have prevented
// it was created is propagation, not misconfiguration. Entra takes minutes to see a new federated
// credential ("a token request made several minutes after configuring the FIC may fail") and ARM
// up to about ten minutes to apply a new role assignment. The fix is to wait and retry, not to
// change anything. A record created after the last failure means the log predates the fix.
#include <optional>

#include "analyzer/model/rfc3339.h"
#include "rules/checks/arm_ids.h"
#include "rules/checks/builtin_roles.h"
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"
#include "rules/checks/difference.h"

namespace wid {
namespace {

constexpr long long kWindowSeconds = 10LL * 60;
constexpr const char* kFic = "FIC_PROPAGATION_DELAY";
constexpr const char* kRbac = "ARM_RBAC_PROPAGATION_DELAY";

std::string first_capture(const Finding& f, const std::string& name) {
  auto it = f.captures.find(name);
  return it == f.captures.end() || it->second.empty() ? "" : it->second.front();
}

// Judges one (created, failed) pair: fail inside the window, pass when the record came after
// the failure or long before it (then the delay is not the reason).
void judge(CheckRun& run, const char* rule, const std::string& subject, const Finding& symptom,
           const std::string& created, const SourceRef& where, const std::string& what) {
  auto c = rfc3339_seconds(created);
  auto last = rfc3339_seconds(symptom.last_seen);
  if (!c || !last) return;
  const long long gap = *last - *c;
  const bool inside = gap >= 0 && gap <= kWindowSeconds;
  auto& r = run.add(rule, inside ? FindingStatus::kFail : FindingStatus::kPass, subject);
  r.values = {{"created", created},
              {"last_failure", symptom.last_seen},
              {"minutes", std::to_string(gap / 60)},
              {"what", what},
              {"symptom", symptom.rule_id}};
  r.key_values = {{"created", created}};
  r.evidence.push_back(evidence_at(where, created));
  r.evidence.back().locator +=
      (r.evidence.back().locator.empty() ? "" : ", ") + std::string("created");
  if (symptom.last) r.evidence.push_back(evidence_at(*symptom.last, symptom.last_seen, ""));
  if (!inside)
    r.detail = gap < 0
                   ? what + " was created at " + created + ", after the last " + symptom.rule_id +
                         " at " + symptom.last_seen +
                         ": the log predates it, so it says nothing about the record as it is now."
                   : what + " was created at " + created + ", " + std::to_string(gap / 60) +
                         " minutes before the last " + symptom.rule_id +
                         ": long enough to have propagated, so delay does not explain it.";
}

}  // namespace

void check_propagation_window(const CheckContext& ctx, CheckRun& run) {
  bool looked = false;
  for (const Finding& f : ctx.symptoms) {
    if (f.last_seen.empty()) continue;
    if (f.rule_id == "AADSTS70021" || f.rule_id == "AADSTS700211" || f.rule_id == "AADSTS700213") {
      const std::string issuer = first_capture(f, "issuer");
      const std::string subject = first_capture(f, "subject");
      for (const FederatedCredential& fc : ctx.store.federated_credentials) {
        // Only the credential that matches what Entra was shown: it exists now, so if it was
        // made just before the failure, the failure was the wait.
        if (fc.created_at.empty() || (!issuer.empty() && fc.issuer != issuer) ||
            (!subject.empty() && fc.subject != subject) || (issuer.empty() && subject.empty()))
          continue;
        looked = true;
        judge(run, kFic, fic_subject(fc), f, fc.created_at, fc.source,
              "Federated credential " + fc.name);
      }
    }
    if (f.rule_id == "ARM_AUTHORIZATION_FAILED") {
      const std::string principal = to_lower_ascii(first_capture(f, "object_id"));
      const std::string scope = first_capture(f, "scope");
      if (principal.empty() || scope.empty()) continue;
      for (const RoleAssignment& ra : ctx.store.role_assignments) {
        if (ra.created_on.empty() || to_lower_ascii(ra.principal_id) != principal ||
            !scope_covers(ra.scope, scope))
          continue;
        looked = true;
        judge(
            run, kRbac, principal, f, ra.created_on, ra.source,
            "Role assignment " +
                (ra.role_definition_name.empty() ? last_segment(ra.id) : ra.role_definition_name) +
                " at " + ra.scope);
      }
    }
  }
  if (!looked) {
    run.needs.push_back(
        "az identity federated-credential list --identity-name <IDENTITY_NAME> --resource-group "
        "<RESOURCE_GROUP> -o json > fic.json (with systemData.createdAt), and logs with times");
  }
}

const CheckDef kPropagationWindowCheck{
    "propagation_window",
    {"ARM_RBAC_PROPAGATION_DELAY", "FIC_PROPAGATION_DELAY"},
    {{"AADSTS70021", "issuer"},
     {"AADSTS70021", "subject"},
     {"AADSTS700211", "issuer"},
     {"AADSTS700213", "subject"},
     {"ARM_AUTHORIZATION_FAILED", "object_id"},
     {"ARM_AUTHORIZATION_FAILED", "scope"}},
    {"created", "last_failure", "minutes", "symptom", "what"},
    check_propagation_window,
};

}  // namespace wid
