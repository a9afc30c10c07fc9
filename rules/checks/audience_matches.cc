// The credential's single audience is one of the token's `aud` values, byte for byte. The
// webhook and CAPZ project tokens for api://AzureADTokenExchange; a credential made for another
// cloud's audience, a custom audience, or the official ARM template's " api://AzureADTokenExchange"
// (leading space) never matches (AADSTS70021 / AADSTS700212).
#include "rules/checks/checks.h"
#include "rules/checks/credential_fix.h"
#include "rules/checks/workloads.h"

namespace wid {
namespace {

constexpr const char* kMismatch = "FIC_AUDIENCE_MISMATCH";
constexpr const char* kWhitespaceOrCase = "FIC_FIELD_WHITESPACE_OR_CASE";

void add_unique(std::vector<Sourced>& out, Sourced s) {
  for (auto& o : out)
    if (o.value == s.value) return;
  out.push_back(std::move(s));
}

// The audiences tokens are presented with: Entra's echo, tokens' `aud` (array or string), then
// the audience of the projected token volume of workload-identity pods (what kubelet will ask
// for when no token was saved).
std::vector<Sourced> presented_audiences(const CheckContext& ctx) {
  std::vector<Sourced> out;
  for (auto& c : captured(ctx, "audience", {"AADSTS70021", "AADSTS700212"}))
    add_unique(out, {c.value, c.finding->first.value_or(SourceRef{}),
                     c.finding->rule_id + " assertion audience"});
  for (auto& t : ctx.store.tokens) {
    if (!t.claims.is_object() || !t.claims.contains("aud")) continue;
    const auto& aud = t.claims["aud"];
    if (aud.is_string()) add_unique(out, {aud.get<std::string>(), t.source, "token aud"});
    if (aud.is_array())
      for (auto& a : aud)
        if (a.is_string()) add_unique(out, {a.get<std::string>(), t.source, "token aud"});
  }
  if (!out.empty()) return out;
  for (const Workload* w : pod_workloads(ctx.store))
    for (const ProjectedToken& t : w->projected_tokens)
      if (!t.audience.empty())
        add_unique(out, {t.audience, w->object.source,
                         object_subject(w->object) + " projected token audience"});
  return out;
}

// A credential is relevant when it is for a subject in use (or when no subject is known).
bool relevant(const FederatedCredential& fc, const std::vector<Sourced>& subjects) {
  if (subjects.empty()) return true;
  for (auto& s : subjects)
    if (trim(to_lower_ascii(s.value)) == trim(to_lower_ascii(fc.subject))) return true;
  return false;
}

}  // namespace

void check_audience_matches(const CheckContext& ctx, CheckRun& run) {
  const std::vector<Sourced> audiences = presented_audiences(ctx);
  if (ctx.store.federated_credentials.empty()) {
    run.needs.push_back(fic_list_command(ctx));
    // Only AADSTS700212 says the audience was the part that failed; AADSTS70021 names all three
    // fields and issuer_matches_credentials already asks for the list.
    for (auto& c : captured(ctx, "audience", {"AADSTS700212"})) {
      auto& r = run.add(kMismatch, FindingStatus::kUnknown, c.value);
      r.needs = run.needs;
      r.detail = "Entra found no federated credential for audience " + c.value +
                 ", and no credential list was given to compare it with.";
      r.evidence.push_back(evidence_at(c.finding->first.value_or(SourceRef{}), c.value));
    }
    return;
  }
  if (audiences.empty()) {
    run.needs.push_back(
        "kubectl exec <POD> -- cat /var/run/secrets/azure/tokens/azure-identity-token > token.jwt");
    return;
  }
  const std::vector<Sourced> subjects = subjects_in_use(ctx);
  for (const FederatedCredential* fc : credentials_in_use(ctx)) {
    if (!relevant(*fc, subjects) || fc->audiences.empty()) continue;
    const std::string& fic_aud = fc->audiences[0];
    const Sourced* exact = nullptr;
    for (auto& a : audiences)
      if (a.value == fic_aud) exact = &a;
    const std::string subject = fic_subject(*fc);
    if (exact) {
      auto& r = run.add(kMismatch, FindingStatus::kPass, subject);
      r.detail =
          "The credential's audience equals the token audience " + exact->value + " byte for byte.";
      r.evidence.push_back(evidence_at(fc->source, fic_aud, exact->value));
      r.key_values = {{"audience", fic_aud}};
      continue;
    }
    const Sourced* best = &audiences[0];
    Difference diff = classify_difference(fic_aud, best->value);
    for (auto& a : audiences) {
      Difference d = classify_difference(fic_aud, a.value);
      if (d == Difference::kWhitespace || d == Difference::kCase) {
        best = &a;
        diff = d;
        break;
      }
    }
    const bool cosmetic = diff == Difference::kWhitespace || diff == Difference::kCase;
    auto& r = run.add(cosmetic ? kWhitespaceOrCase : kMismatch, FindingStatus::kFail, subject);
    fill_credential_values(r, *fc);
    r.values["audience"] = best->value;
    r.values["fic_audience"] = fic_aud;
    r.values["field"] = "audience";
    r.values["fic_value"] = fic_aud;
    r.values["token_value"] = best->value;
    r.values["difference"] = difference_name(diff);
    r.values["where"] = best->origin;
    r.key_values = {{"field", "audience"}, {"fic_audience", fic_aud}, {"audience", best->value}};
    r.evidence.push_back(evidence_at(fc->source, fic_aud, best->value, diff));
    r.evidence.push_back(evidence_at(best->source, best->value));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + best->origin;
  }
}

// Reads through subjects_in_use; credentials_in_use, fic_list_command.
const CheckDef kAudienceMatchesCheck{
    "audience_matches",
    {"FIC_AUDIENCE_MISMATCH", "FIC_FIELD_WHITESPACE_OR_CASE"},
    {{"AADSTS70021", "audience"},
     {"AADSTS700212", "audience"},
     {"AADSTS70021", "subject"},
     {"AADSTS700213", "subject"},
     {"AADSTS7002138", "subject"},
     {"AADSTS700016", "client_id"}},
    {"audience", "credential", "difference", "fic_audience", "fic_value", "field", "identity",
     "issuer", "resource_group", "subject", "token_value", "where"},
    check_audience_matches,
};

}  // namespace wid
