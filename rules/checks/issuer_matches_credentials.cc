// The issuer the cluster presents equals, byte for byte, the issuer of every federated
// credential meant for it. Entra matches (issuer, subject, audience) exactly, case-sensitively,
// so a credential off by a trailing slash, a space or a letter's case never matches
// (AADSTS70021 / AADSTS700211), and one made for an earlier issuer silently stops matching after
// the cluster is re-created or moved.
#include "rules/checks/arm_ids.h"
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"
#include "rules/checks/credential_fix.h"
#include "rules/checks/difference.h"

namespace wid {
namespace {

constexpr const char* kTrailingSlash = "ISSUER_TRAILING_SLASH_MISMATCH";
constexpr const char* kWhitespaceOrCase = "FIC_FIELD_WHITESPACE_OR_CASE";
constexpr const char* kChanged = "ISSUER_CHANGED";

bool subject_in_use(const FederatedCredential& fc, const std::vector<Sourced>& subjects) {
  if (subjects.empty()) return true;  // unknown: every credential may be the one in use
  for (auto& s : subjects)
    if (trim(to_lower_ascii(s.value)) == trim(to_lower_ascii(fc.subject))) return true;
  return false;
}

bool accepted_by_apiserver(const std::string& issuer, const EvidenceStore& store) {
  for (auto& a : store.apiservers)
    for (size_t i = 1; i < a.issuers.size(); ++i)
      if (a.issuers[i] == issuer) return true;
  return false;
}

// Another credential of the same identity and subject already trusts a presented issuer: this
// one is for another cluster (an identity may federate several), not a stale copy.
bool sibling_trusts_presented(const FederatedCredential& fc,
                              const std::vector<FederatedCredential>& fics,
                              const std::vector<Sourced>& issuers) {
  for (auto& other : fics) {
    if (other.identity_id != fc.identity_id || other.identity_name != fc.identity_name ||
        other.subject != fc.subject)
      continue;
    for (auto& i : issuers)
      if (other.issuer == i.value) return true;
  }
  return false;
}

// The credential's values for the fix, with the issuer it must change to.
void fill_issuer_values(CheckResult& r, const FederatedCredential& fc, const Sourced& issuer) {
  fill_credential_values(r, fc);
  r.values["issuer"] = issuer.value;
  r.values["fic_issuer"] = fc.issuer;
  r.values["field"] = "issuer";
  r.values["fic_value"] = fc.issuer;
  r.values["token_value"] = issuer.value;
  r.key_values = {{"issuer", issuer.value}, {"fic_issuer", fc.issuer}};
}

}  // namespace

void check_issuer_matches_credentials(const CheckContext& ctx, CheckRun& run) {
  const std::vector<Sourced> issuers = presented_issuers(ctx);
  const auto& fics = ctx.store.federated_credentials;
  if (issuers.empty()) {
    run.needs.push_back(
        "kubectl get --raw /.well-known/openid-configuration > openid-configuration.json");
    return;
  }
  if (fics.empty()) {
    run.needs.push_back(
        "az identity federated-credential list --identity-name <IDENTITY_NAME> --resource-group "
        "<RESOURCE_GROUP> -o json > fic.json");
    // Entra said no credential matched: that is a symptom pointing here, so the gap is a finding.
    // The in-cluster default issuer is its own cause (apiserver_issuer_consistent), whatever
    // the credentials say.
    if (!captured(ctx, "issuer", {"AADSTS70021", "AADSTS700211"}).empty() &&
        !is_kubeadm_default_issuer(issuers[0].value)) {
      auto& r = run.add(kTrailingSlash, FindingStatus::kUnknown, issuers[0].value);
      r.needs = run.needs;
      r.detail = "Entra found no federated credential for issuer " + issuers[0].value +
                 ", and no credential list was given to compare it with.";
      r.evidence.push_back(evidence_at(issuers[0].source, issuers[0].value));
    }
    return;
  }

  const std::vector<Sourced> subjects = presented_subjects(ctx);
  for (const FederatedCredential& fc : fics) {
    const Sourced* exact = nullptr;
    for (auto& i : issuers)
      if (i.value == fc.issuer) exact = &i;
    const std::string subject = fic_subject(fc);
    if (exact) {
      for (const char* id : {kTrailingSlash, kWhitespaceOrCase, kChanged}) {
        auto& r = run.add(id, FindingStatus::kPass, subject);
        r.detail = "The credential's issuer equals the presented issuer " + exact->value +
                   " byte for byte.";
        r.evidence.push_back(evidence_at(fc.source, fc.issuer, exact->value));
        r.key_values = {{"issuer", fc.issuer}};
      }
      continue;
    }
    // Compared with the presented issuer it is closest to (the first whose difference is
    // cosmetic, else the first).
    const Sourced* best = &issuers[0];
    Difference diff = classify_difference(fc.issuer, best->value);
    for (auto& i : issuers) {
      Difference d = classify_difference(fc.issuer, i.value);
      if (d != Difference::kOther && d != Difference::kKubeadmDefault) {
        best = &i;
        diff = d;
        break;
      }
    }
    // The in-cluster default issuer is its own cause, and a credential for an issuer the API
    // server also accepts (a non-first --service-account-issuer) is an ordering problem: both
    // belong to apiserver_issuer_consistent.
    if (diff == Difference::kKubeadmDefault || accepted_by_apiserver(fc.issuer, ctx.store))
      continue;
    const char* rule = diff == Difference::kTrailingSlash ? kTrailingSlash
                       : diff == Difference::kWhitespace || diff == Difference::kCase
                           ? kWhitespaceOrCase
                           : kChanged;
    // A credential for another issuer is only wrong when it is the one meant for a subject in
    // use: an identity may federate several clusters.
    if (rule == kChanged && !subject_in_use(fc, subjects)) continue;
    if (rule == kChanged && sibling_trusts_presented(fc, fics, issuers)) continue;
    auto& r = run.add(rule, FindingStatus::kFail, subject);
    fill_issuer_values(r, fc, *best);
    r.values["difference"] = difference_name(diff);
    EvidenceItem e = evidence_at(fc.source, fc.issuer, best->value, diff);
    r.evidence.push_back(std::move(e));
    r.evidence.push_back(evidence_at(best->source, best->value, ""));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + best->origin;
  }
}

// Reads through presented_issuers, presented_subjects.
const CheckDef kIssuerMatchesCredentialsCheck{
    "issuer_matches_credentials",
    {"ISSUER_TRAILING_SLASH_MISMATCH", "FIC_FIELD_WHITESPACE_OR_CASE", "ISSUER_CHANGED"},
    {{"AADSTS70021", "issuer"},
     {"AADSTS700211", "issuer"},
     {"ISSUER_DEFAULT_NOT_PUBLIC", "issuer"},
     {"AADSTS70021", "subject"},
     {"AADSTS700213", "subject"},
     {"AADSTS7002138", "subject"}},
    {"audience", "credential", "difference", "fic_issuer", "fic_value", "field", "identity",
     "issuer", "resource_group", "subject", "token_value"},
    check_issuer_matches_credentials,
};

}  // namespace wid
