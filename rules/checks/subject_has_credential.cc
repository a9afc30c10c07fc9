// Every subject in use (system:serviceaccount:<ns>:<sa> from tokens, from Entra's echo, from
// the workloads labelled for workload identity) has a credential on the identity in use with
// exactly that subject. Entra compares subjects byte for byte and case-sensitively, so a
// credential for a neighbouring service account never matches (AADSTS70021 / AADSTS700213).
// CAPZ needs two credentials: capz-manager's and ASO's azureserviceoperator-default; ASO's missing
// one is proven only from the credential list, because a wrong issuer makes ASO fail with the
// same subject while its credential exists.
#include "rules/checks/checks.h"
#include "rules/checks/credential_fix.h"
#include "rules/checks/workloads.h"

namespace wid {
namespace {

constexpr const char* kWrongSa = "FIC_SUBJECT_WRONG_SA";
constexpr const char* kAsoMissing = "ASO_SA_FIC_MISSING";
constexpr const char* kWhitespaceOrCase = "FIC_FIELD_WHITESPACE_OR_CASE";
constexpr std::string_view kAsoSa = "azureserviceoperator-default";
constexpr std::string_view kCapzSa = "capz-manager";

const std::vector<std::string_view> kSubjectSymptoms = {"AADSTS70021", "AADSTS700213",
                                                        "AADSTS7002138"};
// The codes that say the subject, not the issuer, is what failed. AADSTS70021 names all three
// fields, and issuer_matches_credentials already asks for the list when it is missing.
const std::vector<std::string_view> kSubjectOnlySymptoms = {"AADSTS700213", "AADSTS7002138"};

struct SaSubject {
  std::string ns, name;
};
// Splits system:serviceaccount:<ns>:<name>; empty for any other subject.
SaSubject split(std::string_view s) {
  constexpr std::string_view kPrefix = "system:serviceaccount:";
  if (s.substr(0, kPrefix.size()) != kPrefix) return {};
  s.remove_prefix(kPrefix.size());
  size_t colon = s.find(':');
  if (colon == std::string_view::npos) return {};
  return {std::string(s.substr(0, colon)), std::string(s.substr(colon + 1))};
}

// The credential whose subject is nearest: same namespace first (a renamed or prefixed service
// account), then same service-account name (another namespace), then any.
const FederatedCredential* nearest(const std::vector<const FederatedCredential*>& fics,
                                   std::string_view subject) {
  SaSubject want = split(subject);
  const FederatedCredential* same_name = nullptr;
  for (auto* fc : fics) {
    SaSubject have = split(fc->subject);
    if (!want.ns.empty() && have.ns == want.ns) return fc;
    if (!want.name.empty() && have.name == want.name && !same_name) same_name = fc;
  }
  return same_name ? same_name : (fics.empty() ? nullptr : fics[0]);
}

// ASO's namespace is the one its Deployment runs in; CAPZ installs it next to capz-manager.
std::string aso_namespace(const CheckContext& ctx, const std::string& capz_ns) {
  for (const Workload* w : pod_workloads(ctx.store, false))
    if (w->service_account == kAsoSa && !w->object.namespace_.empty()) return w->object.namespace_;
  return capz_ns;
}

void whitespace_or_case(CheckRun& run, const FederatedCredential& fc, const Sourced& used,
                        Difference diff) {
  auto& r = run.add(kWhitespaceOrCase, FindingStatus::kFail, fic_subject(fc));
  fill_credential_values(r, fc);
  r.values["subject"] = used.value;
  r.values["field"] = "subject";
  r.values["fic_value"] = fc.subject;
  r.values["token_value"] = used.value;
  r.values["difference"] = difference_name(diff);
  r.key_values = {{"field", "subject"}, {"fic_subject", fc.subject}, {"subject", used.value}};
  r.evidence.push_back(evidence_at(fc.source, fc.subject, used.value, diff));
  r.evidence.push_back(evidence_at(used.source, used.value));
  r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + used.origin;
}

void wrong_sa(CheckRun& run, const std::vector<const FederatedCredential*>& fics,
              const Sourced& used) {
  auto& r = run.add(kWrongSa, FindingStatus::kFail, used.value);
  const FederatedCredential* near = nearest(fics, used.value);
  fill_credential_values(r, *near);
  r.values["subject"] = used.value;
  r.values["near_subject"] = near->subject;
  r.values["where"] = used.origin;
  r.key_values = {{"subject", used.value}};
  std::string credential = split(used.value).name;
  r.values["new_credential"] = credential.empty() ? "<CREDENTIAL_NAME>" : credential;
  r.evidence.push_back(evidence_at(used.source, used.value));
  r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + used.origin;
  for (auto* fc : fics)
    r.evidence.push_back(
        evidence_at(fc->source, fc->subject, used.value,
                    fc == near ? classify_difference(fc->subject, used.value) : Difference::kNone));
}

void pass(CheckRun& run, const char* rule, const FederatedCredential& fc,
          const std::string& subject) {
  auto& r = run.add(rule, FindingStatus::kPass, subject);
  r.detail = "Credential " + fc.name + " has subject " + subject + " byte for byte.";
  r.evidence.push_back(evidence_at(fc.source, fc.subject, subject));
  r.key_values = {{"subject", subject}};
}

// Two credentials belong to the same identity when their owners agree (or neither is known).
bool fic_on_identity_or_same(const FederatedCredential& a, const FederatedCredential& b) {
  if (!a.identity_id.empty() && !b.identity_id.empty())
    return to_lower_ascii(a.identity_id) == to_lower_ascii(b.identity_id);
  return a.identity_name == b.identity_name;
}

// Whether ASO runs here at all: its log, its workload, its subject presented to Entra, or its
// objects and secrets. CAPZ releases before ASO was bundled need no second credential.
bool aso_in_use(const CheckContext& ctx) {
  for (const LogSource& l : ctx.store.logs)
    if (l.component == "aso") return true;
  for (const Workload* w : pod_workloads(ctx.store, false))
    if (w->service_account == kAsoSa) return true;
  for (const Sourced& s : presented_subjects(ctx))
    if (split(s.value).name == kAsoSa) return true;
  for (const KubeObject& o : ctx.store.objects) {
    const std::string group = o.api_version.substr(0, o.api_version.find('/'));
    if (group.size() > 10 && group.substr(group.size() - 10) == ".azure.com") return true;
  }
  for (const Secret& s : ctx.store.secrets) {
    const std::string& name = s.object.name;
    if (name == "aso-controller-settings" ||
        (name.size() > 11 && name.substr(name.size() - 11) == "-aso-secret"))
      return true;
  }
  return false;
}

// Proven from the credential list alone: capz-manager is federated on an identity, ASO's account
// (same namespace unless ASO's Deployment says otherwise) is not.
void check_aso(const CheckContext& ctx, CheckRun& run,
               const std::vector<const FederatedCredential*>& fics) {
  for (auto* capz : fics) {
    SaSubject s = split(capz->subject);
    if (s.name != kCapzSa) continue;
    const std::string want = sa_subject(aso_namespace(ctx, s.ns), kAsoSa);
    const FederatedCredential* exact = nullptr;
    const FederatedCredential* cosmetic = nullptr;
    for (auto* fc : fics) {
      if (!fic_on_identity_or_same(*fc, *capz)) continue;
      if (fc->subject == want) exact = fc;
      Difference d = classify_difference(fc->subject, want);
      if (d == Difference::kWhitespace || d == Difference::kCase) cosmetic = fc;
    }
    if (exact) {
      pass(run, kAsoMissing, *exact, want);
      continue;
    }
    if (cosmetic) continue;  // reported as FIC_FIELD_WHITESPACE_OR_CASE when ASO presents it
    auto& r = run.add(kAsoMissing, FindingStatus::kFail, want);
    fill_credential_values(r, *capz);
    r.values["subject"] = want;
    r.values["capz_subject"] = capz->subject;
    r.key_values = {{"subject", want}};
    r.evidence.push_back(evidence_at(capz->source, capz->subject, ""));
    r.evidence.back().locator += " (capz-manager's credential: the identity is CAPZ's)";
    r.evidence.push_back(
        EvidenceItem{capz->source.path, "no credential", "(none)", want, Difference::kNone});
    for (auto& c : captured(ctx, "subject", kSubjectSymptoms))
      if (c.value == want) {
        r.evidence.push_back(evidence_at(c.finding->first.value_or(SourceRef{}), c.value));
        r.evidence.back().locator += ", " + c.finding->rule_id + " assertion subject";
      }
  }
}

}  // namespace

void check_subject_has_credential(const CheckContext& ctx, CheckRun& run) {
  const std::vector<Sourced> subjects = subjects_in_use(ctx);
  const std::vector<const FederatedCredential*> fics = credentials_in_use(ctx);
  if (ctx.store.federated_credentials.empty()) {
    run.needs.push_back(fic_list_command(ctx));
    // Entra said the subject is what it could not match: that symptom points here.
    for (auto& c : captured(ctx, "subject", kSubjectOnlySymptoms)) {
      auto& r = run.add(kWrongSa, FindingStatus::kUnknown, c.value);
      r.needs = run.needs;
      r.detail = "Entra found no federated credential for subject " + c.value +
                 ", and no credential list was given to compare it with.";
      r.evidence.push_back(evidence_at(c.finding->first.value_or(SourceRef{}), c.value));
    }
    return;
  }
  // The credentials are all on another identity than the one in use: that is C5's finding.
  if (fics.empty()) return;
  if (aso_in_use(ctx)) check_aso(ctx, run, fics);
  if (subjects.empty()) {
    run.needs.push_back("kubectl get pods,deployments -A -o yaml > workloads.yaml");
    return;
  }
  for (const Sourced& used : subjects) {
    const FederatedCredential* exact = nullptr;
    const FederatedCredential* cosmetic = nullptr;
    Difference diff = Difference::kNone;
    for (auto* fc : fics) {
      if (fc->subject == used.value) exact = fc;
      Difference d = classify_difference(fc->subject, used.value);
      if (!cosmetic && (d == Difference::kWhitespace || d == Difference::kCase)) {
        cosmetic = fc;
        diff = d;
      }
    }
    if (exact) {
      pass(run, kWrongSa, *exact, used.value);
      continue;
    }
    if (cosmetic) {
      whitespace_or_case(run, *cosmetic, used, diff);
      continue;
    }
    // ASO's subject without a credential is check_aso's finding when capz-manager's exists.
    SaSubject s = split(used.value);
    bool aso_proven = false;
    if (s.name == kAsoSa)
      for (auto& r : run.results) aso_proven |= r.rule_id == kAsoMissing && r.subject == used.value;
    if (aso_proven) continue;
    wrong_sa(run, fics, used);
  }
}

// Reads through presented_subjects, subjects_in_use; credentials_in_use, fic_list_command.
const CheckDef kSubjectHasCredentialCheck{
    "subject_has_credential",
    {"FIC_SUBJECT_WRONG_SA", "ASO_SA_FIC_MISSING", "FIC_FIELD_WHITESPACE_OR_CASE"},
    {{"AADSTS70021", "subject"},
     {"AADSTS700213", "subject"},
     {"AADSTS7002138", "subject"},
     {"AADSTS700016", "client_id"}},
    {"audience", "capz_subject", "credential", "difference", "fic_value", "field", "identity",
     "issuer", "near_subject", "new_credential", "resource_group", "subject", "token_value",
     "where"},
    check_subject_has_credential,
};

}  // namespace wid
