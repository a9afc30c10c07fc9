// What the Azure reads are about, taken from the typed records the Kubernetes collection filed:
// the client IDs in use (AzureClusterIdentity spec.clientID, service-account client-id
// annotations, literal AZURE_CLIENT_ID values of workloads), the subscription (AzureCluster
// spec.subscriptionID, else AZURE_SUBSCRIPTION_ID) and the tenant (AzureClusterIdentity
// spec.tenantID), and the service accounts whose tokens --exchange presents to Entra.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"

namespace wid {

// One service account and the identity its token is exchanged for.
struct ExchangeTarget {
  std::string namespace_;
  std::string service_account;
  std::string client_id;
  std::string tenant;  // the account's tenant-id annotation; "" = the run's tenant
};

struct AzureTargets {
  std::set<std::string> client_ids;  // lower case: Entra compares GUIDs case-insensitively
  std::string subscription;          // "" = list the token's subscriptions
  std::string subscription_from;     // where it came from, for the collector's status
  std::string tenant;                // "" = the identity's tenantId, else the token's tid
  std::vector<ExchangeTarget> exchanges;
};

// env_subscription: AZURE_SUBSCRIPTION_ID of the environment wi-doctor runs in.
// capz_namespace: where capz-manager runs (--namespace); its account exchanges for the
// AzureClusterIdentity's client ID when it carries no annotation of its own.
AzureTargets azure_targets(const EvidenceStore& kube, const std::string& env_subscription,
                           const std::string& capz_namespace);

}  // namespace wid
