// The Kubernetes reads of a live run. Each fetched body is saved under its bundle-layout path
// (cluster/kube-apiserver.json, cluster/oidc/..., cluster/objects/<resource>/<ns>.json,
// logs/<ns>/<pod>/<container>.log) for the one ingestion code to read; lists are saved as
// `kubectl get -o json` saves them (kind: List, each item with its kind and apiVersion). A read
// that fails is a failed collector `kube:<resource>` naming the RBAC verb and resource it needs;
// the other reads go on.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "collectors/kube/kube_client.h"
#include "collectors/live/live_bundle.h"

namespace wid {

namespace kube_limits {
// kubectl's default page size for chunked lists.
constexpr int kListPageSize = 500;
// Pages per list: 500 x 40 = 20000 objects is far past any management cluster's namespace.
constexpr int kMaxListPages = 40;
// Container log streams per run; each is bounded by the body cap as well.
constexpr size_t kMaxLogStreams = 200;
}  // namespace kube_limits

// What Entra expects in a federated token's aud, and a lifetime the API accepts (it refuses
// expirationSeconds under 600).
inline constexpr const char* kTokenExchangeAudience = "api://AzureADTokenExchange";
inline constexpr int kMintedTokenSeconds = 600;
// The service accounts CAPZ and ASO run as by default, minted even without the annotation.
inline constexpr const char* kCapzServiceAccount = "capz-manager";
inline constexpr const char* kAsoServiceAccount = "azureserviceoperator-default";

// Where CAPZ's and ASO's companions run by default; read alongside --namespace.
inline constexpr const char* kAsoNamespace = "azureserviceoperator-system";
inline constexpr const char* kWebhookNamespace = "azure-workload-identity-system";

struct KubeCollectOptions {
  std::string namespace_ = "capz-system";
  int since_seconds = 3600;
  std::optional<int> tail_lines;
  // --mint-tokens: a TokenRequest for each workload-identity service account.
  bool mint_tokens = false;
  // Independent reads at once (1..live_limits::kMaxParallelReads); 1 reads one after another.
  // The evidence and its order are the same either way.
  int parallel = 4;
};

struct KubeCollectResult {
  std::string issuer;  // the management cluster's issuer; "" when neither source gave one
  std::set<std::string> namespaces;
  std::string apiserver_jwks;  // /openid/v1/jwks as read, to check minted tokens against
};

KubeCollectResult collect_kube(const KubeClient& client, const KubeCollectOptions& options,
                               LiveBundle& bundle);

}  // namespace wid
