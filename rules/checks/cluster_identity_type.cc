// CAPZ_IDENTITY_TYPE_MISMATCH: the AzureClusterIdentity's spec.type fits how the management
// cluster authenticates. A cluster set up for workload identity (federated
// credentials, projected tokens for Entra, the webhook, an annotated capz-manager ServiceAccount)
// whose identity is still ServicePrincipal keeps authenticating with the client secret: the
// federation is never used, and the secret expires (AADSTS7000215/7000222) or is missing
// ("Unable to fetch ClientSecret"). A WorkloadIdentity identity that still names a clientSecret
// is a half-finished migration: CAPZ ignores the secret, which now only waits to leak.
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/checks/kube_records.h"

namespace wid {

namespace {

constexpr const char* kRule = "CAPZ_IDENTITY_TYPE_MISMATCH";
constexpr const char* kWorkloadIdentity = "WorkloadIdentity";
constexpr const char* kWebhookConfig = "azure-wi-webhook-mutating-webhook-configuration";
constexpr const char* kTokenAudience = "api://AzureADTokenExchange";

bool secret_based(const std::string& type) {
  return type == "ServicePrincipal" || type == "ServicePrincipalCertificate" ||
         type == "ManualServicePrincipal";
}

// What in the bundle shows the management cluster is set up for workload identity.
std::vector<EvidenceItem> workload_identity_setup(const EvidenceStore& store) {
  std::vector<EvidenceItem> out;
  for (const FederatedCredential& fc : store.federated_credentials) {
    out.push_back(evidence_at(fc.source,
                              "federated credential " + fc.name + " (subject " + fc.subject + ")"));
    break;
  }
  for (const ServiceAccountToken& t : store.tokens) {
    const auto aud = t.claims.find("aud");
    bool for_entra =
        aud != t.claims.end() &&
        ((aud->is_string() && aud->get<std::string>() == kTokenAudience) ||
         (aud->is_array() && std::find(aud->begin(), aud->end(), kTokenAudience) != aud->end()));
    if (for_entra) {
      out.push_back(evidence_at(
          t.source, std::string("service-account token with audience ") + kTokenAudience));
      break;
    }
  }
  if (const auto* mwc = find_webhook_configuration(store, kWebhookConfig))
    out.push_back(
        field_evidence(mwc->object, "/metadata/name", "workload-identity webhook installed"));
  for (const ServiceAccount& sa : store.service_accounts) {
    if (sa.object.name != "capz-manager") continue;
    if (!sa.client_id.empty())
      out.push_back(field_evidence(
          sa.object, "/metadata/annotations/azure.workload.identity~1client-id", sa.client_id));
  }
  return out;
}

}  // namespace

void check_cluster_identity_type(const CheckContext& ctx, CheckRun& run) {
  const auto identities = capz_cluster_identities(ctx.store);
  if (identities.empty()) {
    run.needs.push_back(
        "kubectl get azureclusteridentities -A -o yaml > azureclusteridentities.yaml");
    return;
  }
  const std::vector<EvidenceItem> setup = workload_identity_setup(ctx.store);
  for (const AzureClusterIdentity* id : identities) {
    const KubeMeta& aci = id->object;
    const std::string& type = id->type;
    const bool has_secret = id->has_client_secret;
    const std::string secret_name = has_secret ? id->client_secret_name : "";
    std::string secret_ns = has_secret ? id->client_secret_namespace : "";
    if (has_secret && secret_ns.empty()) secret_ns = aci.namespace_;
    const std::string what = "AzureClusterIdentity " + aci.namespace_ + "/" + aci.name;

    auto add = [&](FindingStatus status) -> CheckResult& {
      auto& r = run.add(kRule, status, object_subject(aci));
      r.values = {{"identity_name", aci.name},
                  {"identity_namespace", aci.namespace_},
                  {"type", type},
                  {"client_id", id->client_id},
                  {"tenant_id", id->tenant_id}};
      if (has_secret) {
        r.values["secret_name"] = secret_name;
        r.values["secret_namespace"] = secret_ns;
      }
      r.key_values = {{"type", type}, {"secret", has_secret ? secret_ns + "/" + secret_name : ""}};
      return r;
    };
    auto secret_evidence = [&](CheckResult& r, const std::string& expected) {
      if (has_secret)
        r.evidence.push_back(field_evidence(
            aci, "/spec/clientSecret", "name=" + secret_name + " namespace=" + secret_ns, expected,
            expected.empty() ? Difference::kNone : Difference::kOther));
    };

    if (type == kWorkloadIdentity) {
      auto& r = add(has_secret ? FindingStatus::kFail : FindingStatus::kPass);
      r.evidence.push_back(field_evidence(aci, "/spec/type", type, kWorkloadIdentity));
      secret_evidence(r, "(absent)");
      r.detail =
          has_secret
              ? what + " has spec.type WorkloadIdentity but still names clientSecret " + secret_ns +
                    "/" + secret_name +
                    ": CAPZ ignores it; the migration left a service-principal secret behind."
              : what + " has spec.type WorkloadIdentity and no clientSecret.";
      continue;
    }
    if (!(secret_based(type) || has_secret)) continue;  // MSI types: no comparison made here
    if (setup.empty()) {
      auto& r = add(FindingStatus::kPass);
      r.evidence.push_back(field_evidence(aci, "/spec/type", type));
      r.detail =
          what + " has spec.type " + shown(type) +
          ", and nothing in the bundle sets the management cluster up for workload identity.";
      continue;
    }
    auto& r = add(FindingStatus::kFail);
    r.evidence.push_back(field_evidence(aci, "/spec/type", type.empty() ? "(absent)" : type,
                                        kWorkloadIdentity, Difference::kOther));
    secret_evidence(r, "(absent)");
    for (const EvidenceItem& e : setup) r.evidence.push_back(e);
    r.detail = what + " has spec.type " + shown(type) +
               (has_secret ? " with clientSecret " + secret_ns + "/" + secret_name : "") +
               ", but the management cluster is set up for workload identity: CAPZ keeps "
               "authenticating with the client secret and never uses the federated token.";
  }
}

const CheckDef kClusterIdentityTypeCheck{
    "cluster_identity_type",
    {"CAPZ_IDENTITY_TYPE_MISMATCH"},
    {},
    {"client_id", "identity_name", "identity_namespace", "secret_name", "secret_namespace",
     "tenant_id", "type"},
    check_cluster_identity_type,
};

}  // namespace wid
