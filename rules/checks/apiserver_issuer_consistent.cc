// The API server's first --service-account-issuer is the issuer every token carries (it
// signs; the others are only accepted), so it must be a public https URL, the discovery document
// Entra reads must name it byte for byte (OpenID Connect Discovery 1.0 section 4.3), and a
// federated credential must trust it, not only one of the accepted later issuers.
#include "rules/checks/arm_ids.h"
#include "rules/checks/checks.h"
#include "rules/checks/difference.h"
#include "rules/checks/issuer_util.h"

namespace wid {
using namespace iss;
namespace {

constexpr const char* kDefault = "ISSUER_DEFAULT_NOT_PUBLIC";
constexpr const char* kInvalid = "ISSUER_URL_INVALID";
constexpr const char* kDiscovery = "DISCOVERY_DOC_ISSUER_MISMATCH";
constexpr const char* kOrder = "MULTIPLE_ISSUERS_ORDER";

constexpr const char* kApiServerNeeds =
    "kubectl -n kube-system get pod -l component=kube-apiserver -o yaml > kube-apiserver.yaml";

// Why kube-apiserver (pkg/serviceaccount/openidmetadata.go) or Entra would refuse the issuer; ""
// when it is a usable https URL.
std::string url_problem(const std::string& issuer, Difference& difference) {
  std::string var = unresolved_variable(issuer);
  if (!var.empty()) {
    difference = Difference::kOther;
    std::string def = variable_default(var);
    return "it holds the unresolved variable " + var + " (clusterctl/envsubst never rendered it" +
           (def.empty() ? "" : "; rendered with the variable unset it becomes " + def) + ")";
  }
  UrlParts u;
  if (!split_url(issuer, u)) {
    difference = Difference::kOther;
    return "it is not a URL";
  }
  if (u.scheme != "https") {
    difference = Difference::kScheme;
    return "issuer URL must use https scheme, got: " + issuer;
  }
  difference = Difference::kOther;
  if (u.has_query) return "issuer URL may not include a query, got: " + issuer;
  if (u.has_fragment) return "issuer URL may not include a fragment, got: " + issuer;
  difference = Difference::kNone;
  return "";
}

// The public issuer the credentials already trust, when they agree on one: it fills the fix.
std::string credentials_public_issuer(const CheckContext& ctx) {
  std::string found;
  for (auto& fc : ctx.store.federated_credentials) {
    Difference d = Difference::kNone;
    if (is_kubeadm_default_issuer(fc.issuer) || !url_problem(fc.issuer, d).empty()) continue;
    if (!found.empty() && found != fc.issuer) return "";
    found = fc.issuer;
  }
  return found;
}

void check_url(const CheckContext& ctx, const Sourced& primary, CheckRun& run) {
  const std::string public_issuer = credentials_public_issuer(ctx);
  Difference diff = Difference::kNone;
  std::string problem = url_problem(primary.value, diff);
  if (!problem.empty()) {
    auto& r = run.add(kInvalid, FindingStatus::kFail, primary.value);
    r.values = {{"issuer", primary.value}, {"reason", problem}};
    if (!public_issuer.empty()) r.values["public_issuer"] = public_issuer;
    r.evidence.push_back(
        evidence_at(primary.source, primary.value,
                    public_issuer.empty() ? "https://<host>/<path>" : public_issuer, diff));
    r.key_values = {{"issuer", primary.value}};
    r.detail = "The API server signs tokens with --service-account-issuer=" + primary.value +
               ", but " + problem + ".";
  } else {
    auto& r = run.add(kInvalid, FindingStatus::kPass, primary.value);
    r.detail =
        "The signing issuer " + primary.value + " is an https URL without query or fragment.";
    r.evidence.push_back(evidence_at(primary.source, primary.value));
  }
  if (!unresolved_variable(primary.value).empty()) return;  // nothing to say about its host yet
  if (is_kubeadm_default_issuer(primary.value)) {
    auto& r = run.add(kDefault, FindingStatus::kFail, primary.value);
    r.values = {{"issuer", primary.value}};
    if (!public_issuer.empty()) r.values["public_issuer"] = public_issuer;
    r.evidence.push_back(evidence_at(primary.source, primary.value,
                                     public_issuer.empty() ? "<PUBLIC_ISSUER>" : public_issuer,
                                     Difference::kKubeadmDefault));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + primary.origin;
    r.key_values = {{"issuer", primary.value}};
  } else {
    auto& r = run.add(kDefault, FindingStatus::kPass, primary.value);
    r.detail = "The signing issuer " + primary.value + " is not the in-cluster default.";
    r.evidence.push_back(evidence_at(primary.source, primary.value));
  }
}

void check_discovery(const CheckContext& ctx, const Sourced& primary, CheckRun& run) {
  const auto docs = public_discoveries(ctx);
  if (docs.empty()) {
    const std::string cmd =
        "curl -fsS " + discovery_url_of(primary.value) + " -o openid-configuration.json";
    run.needs.push_back(cmd);
    // Entra could not read the metadata, or the key it names: the document is a suspect.
    if (has_symptom(ctx, {"AADSTS90061", "AADSTS7000272"})) {
      auto& r = run.add(kDiscovery, FindingStatus::kUnknown, discovery_url_of(primary.value));
      r.needs = {cmd};
      r.detail = "Entra could not validate tokens of " + primary.value +
                 ", and no copy of the discovery document served at the issuer URL was given.";
    }
    return;
  }
  for (const OidcDiscovery* d : docs) {
    const std::string subject = discovery_url_of(primary.value);
    if (d->issuer == primary.value) {
      auto& r = run.add(kDiscovery, FindingStatus::kPass, subject);
      r.detail = "The discovery document names issuer " + d->issuer + ", byte for byte the " +
                 primary.origin + ".";
      r.evidence.push_back(evidence_at(d->source, d->issuer, primary.value));
      r.key_values = {{"issuer", d->issuer}};
      continue;
    }
    const Difference diff = classify_difference(d->issuer, primary.value);
    auto& r = run.add(kDiscovery, FindingStatus::kFail, subject);
    r.values = {{"issuer", primary.value},
                {"discovery_issuer", d->issuer},
                {"difference", difference_name(diff)},
                {"origin", primary.origin},
                {"discovery_url", subject}};
    BlobLocation blob = blob_location(primary.value);
    if (!blob.account.empty()) {
      r.values["storage_account"] = blob.account;
      r.values["container"] = blob.container;
    }
    r.key_values = {{"issuer", primary.value}, {"discovery_issuer", d->issuer}};
    r.evidence.push_back(evidence_at(d->source, d->issuer, primary.value, diff));
    r.evidence.back().locator +=
        (r.evidence.back().locator.empty() ? "" : ", ") + std::string("issuer");
    r.evidence.push_back(evidence_at(primary.source, primary.value));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + primary.origin;
  }
}

// Credentials are grouped by subject: a subject is served as long as one of its credentials
// trusts the first issuer.
void check_order(const CheckContext& ctx, const ApiServerConfig& a, CheckRun& run) {
  if (a.issuers.size() < 2) return;
  const auto& fics = ctx.store.federated_credentials;
  if (fics.empty()) {
    run.needs.push_back(
        "az identity federated-credential list --identity-name <IDENTITY_NAME> --resource-group "
        "<RESOURCE_GROUP> -o json > fic.json");
    return;
  }
  for (const FederatedCredential& fc : fics) {
    size_t pos = 0;
    while (pos < a.issuers.size() && a.issuers[pos] != fc.issuer) ++pos;
    if (pos == a.issuers.size()) continue;  // another cluster's credential: C1's business
    bool first_trusted = false;
    for (auto& other : fics)
      if (trim(to_lower_ascii(other.subject)) == trim(to_lower_ascii(fc.subject)) &&
          other.issuer == a.issuers[0])
        first_trusted = true;
    if (pos == 0 || first_trusted) {
      auto& r = run.add(kOrder, FindingStatus::kPass, fic_subject(fc));
      r.detail = "Subject " + fc.subject + " has a credential for the signing issuer " +
                 a.issuers[0] + ".";
      r.evidence.push_back(evidence_at(fc.source, fc.issuer, a.issuers[0]));
      continue;
    }
    auto& r = run.add(kOrder, FindingStatus::kFail, fic_subject(fc));
    r.values = {{"issuer", a.issuers[0]},
                {"fic_issuer", fc.issuer},
                {"position", std::to_string(pos + 1)},
                {"credential", fc.name},
                {"subject", fc.subject}};
    if (!fc.identity_name.empty())
      r.values["identity"] = fc.identity_name;
    else if (!fc.identity_id.empty())
      r.values["identity"] = last_segment(fc.identity_id);
    const std::string rg = resource_group_of(fc.identity_id);
    if (!rg.empty()) r.values["resource_group"] = rg;
    r.values["audience"] = fc.audiences.empty() ? "api://AzureADTokenExchange" : fc.audiences[0];
    r.key_values = {{"issuer", a.issuers[0]}, {"fic_issuer", fc.issuer}};
    r.evidence.push_back(evidence_at(fc.source, fc.issuer, a.issuers[0],
                                     classify_difference(fc.issuer, a.issuers[0])));
    r.evidence.push_back(evidence_at(a.source, a.issuers[0]));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") +
                                 std::string("--service-account-issuer #1 (signs)");
  }
}

}  // namespace

void check_apiserver_issuer_consistent(const CheckContext& ctx, CheckRun& run) {
  // The public discovery document is compared with the issuer that signs (a KubeadmControlPlane
  // read in a management cluster describes a workload cluster, so it never displaces the
  // cluster's own flags or discovery document); every API server's flags are checked as URLs.
  const Sourced primary = signing_issuer(ctx);
  const bool by_document =
      primary.origin == "cluster discovery issuer" || primary.origin == "token iss";
  bool any = false, compared = false;
  for (const ApiServerConfig& a : ctx.store.apiservers) {
    if (a.issuers.empty()) continue;
    if (!compared && !by_document && a.source == primary.source && a.issuers[0] == primary.value) {
      check_discovery(ctx, {a.issuers[0], a.source, "--service-account-issuer"}, run);
      compared = true;
    }
    any = true;
    check_url(ctx, {a.issuers[0], a.source, "--service-account-issuer"}, run);
    check_order(ctx, a, run);
  }
  // Without the cluster's own flags, its discovery document or a token still tells which issuer
  // signs.
  if (by_document) check_discovery(ctx, primary, run);
  if (any) return;
  run.needs.push_back(kApiServerNeeds);
  if (!by_document) return;
  if (is_kubeadm_default_issuer(primary.value)) {
    auto& r = run.add(kDefault, FindingStatus::kFail, primary.value);
    r.values = {{"issuer", primary.value}};
    r.evidence.push_back(
        evidence_at(primary.source, primary.value, "<PUBLIC_ISSUER>", Difference::kKubeadmDefault));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + primary.origin;
  }
}

// Reads through signing_issuer.
const CheckDef kApiserverIssuerConsistentCheck{
    "apiserver_issuer_consistent",
    {"ISSUER_DEFAULT_NOT_PUBLIC", "ISSUER_URL_INVALID", "DISCOVERY_DOC_ISSUER_MISMATCH",
     "MULTIPLE_ISSUERS_ORDER"},
    {{kAnyRule, "issuer"}},
    {"audience", "container", "credential", "difference", "discovery_issuer", "discovery_url",
     "fic_issuer", "identity", "issuer", "origin", "position", "public_issuer", "reason",
     "resource_group", "storage_account", "subject"},
    check_apiserver_issuer_consistent,
};

}  // namespace wid
