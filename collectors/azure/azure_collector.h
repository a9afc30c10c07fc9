// The Azure (ARM) reads of a live run, for the identities the cluster uses and only those (an
// identity left out makes a healthy workload look broken; an unrelated one must not be judged):
// the user-assigned identities across the subscription whose clientId is in use, each one's
// federated identity credentials (an empty list is evidence too), the role assignments of their
// principals ($filter=assignedTo('{principalId}')) and the role definitions those reference.
// Each answer is saved at the path `analyze` reads (azure/identities/<name>.json,
// azure/federated-credentials/<identity>.json, azure/role-assignments.json,
// azure/role-definitions.json) in ARM's own shape and goes through the same ingestion. A failed
// read is a failed collector azure:<what> with ARM's error; the other reads go on.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "collectors/azure/azure_endpoints.h"
#include "collectors/azure/azure_targets.h"
#include "collectors/live/live_bundle.h"

namespace wid {

struct AzureCollectOptions {
  bool no_azure = false;   // --no-azure
  std::string token_flag;  // --azure-token
  AzureEndpoints endpoints;
  std::vector<std::string> extra_ca_pem;
  std::vector<std::string> connect_to;
  long request_timeout_ms = 20000;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct AzureCollectResult {
  // AzureClusterIdentity spec.tenantID, else the identity's tenantId, else the token's tid.
  std::string tenant;
};

AzureCollectResult collect_azure(const AzureCollectOptions& options, const AzureTargets& targets,
                                 LiveBundle& bundle);

}  // namespace wid
