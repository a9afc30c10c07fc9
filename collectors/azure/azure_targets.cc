#include "collectors/azure/azure_targets.h"

#include "analyzer/model/json_path.h"
#include "analyzer/model/text.h"

namespace wid {
namespace {

// The client ID CAPZ's manager presents: the first workload-identity AzureClusterIdentity's.
const AzureClusterIdentity* workload_identity(const EvidenceStore& kube) {
  for (const AzureClusterIdentity& a : kube.cluster_identities)
    if (a.capz_group && a.type == "WorkloadIdentity" && !a.client_id.empty()) return &a;
  return nullptr;
}

void add_exchanges(const EvidenceStore& kube, const std::string& capz_namespace, AzureTargets& t) {
  const AzureClusterIdentity* aci = workload_identity(kube);
  for (const ServiceAccount& sa : kube.service_accounts) {
    ExchangeTarget x{sa.object.namespace_, sa.object.name, sa.client_id, sa.tenant_id};
    const bool capz_manager =
        sa.object.namespace_ == capz_namespace && sa.object.name == "capz-manager";
    if (x.client_id.empty() && capz_manager && aci != nullptr) {
      x.client_id = aci->client_id;
      x.tenant = aci->tenant_id;
    }
    if (!x.client_id.empty()) t.exchanges.push_back(std::move(x));
  }
}

}  // namespace

AzureTargets azure_targets(const EvidenceStore& kube, const std::string& env_subscription,
                           const std::string& capz_namespace) {
  AzureTargets t;
  for (const AzureClusterIdentity& a : kube.cluster_identities) {
    if (!a.client_id.empty()) t.client_ids.insert(to_lower_ascii(a.client_id));
    if (t.tenant.empty() && a.type == "WorkloadIdentity") t.tenant = a.tenant_id;
  }
  for (const ServiceAccount& sa : kube.service_accounts)
    if (!sa.client_id.empty()) t.client_ids.insert(to_lower_ascii(sa.client_id));
  for (const Workload& w : kube.workloads)
    for (const EnvVar& e : w.env)
      if (e.name == "AZURE_CLIENT_ID" && e.value_from.empty() && !e.value.empty())
        t.client_ids.insert(to_lower_ascii(e.value));
  for (const KubeObject& o : kube.objects) {
    if (o.kind != "AzureCluster" && o.kind != "AzureManagedControlPlane") continue;
    const std::string sub = string_at(o.body, {"spec", "subscriptionID"});
    if (!sub.empty()) {
      t.subscription = sub;
      t.subscription_from = o.kind + " " + o.namespace_ + "/" + o.name;
      break;
    }
  }
  if (t.subscription.empty() && !env_subscription.empty()) {
    t.subscription = env_subscription;
    t.subscription_from = "AZURE_SUBSCRIPTION_ID";
  }
  add_exchanges(kube, capz_namespace, t);
  return t;
}

}  // namespace wid
