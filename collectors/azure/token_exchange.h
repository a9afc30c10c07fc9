// --exchange: for each service account that uses an identity, a token minted for it
// (TokenRequest, audience api://AzureADTokenExchange) is presented to Entra as the client
// assertion of a client-credentials grant, {authority}/{tenant}/oauth2/v2.0/token, exactly as the
// Azure SDKs do for workload identity. Entra's answer is saved as azure/exchange/<ns>/<sa>.json
// (JSON of no known shape, so its text is scanned like a log: an AADSTS error there is judged by
// the same rules as one in capz-manager's log). The minted token and any access token Entra
// returns stay in memory and are discarded; neither is saved or printed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "collectors/azure/azure_endpoints.h"
#include "collectors/azure/azure_targets.h"
#include "collectors/kube/kube_client.h"
#include "collectors/live/live_bundle.h"

namespace wid {

inline constexpr const char* kJwtBearerAssertionType =
    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

struct ExchangeOptions {
  AzureEndpoints endpoints;
  std::string tenant;  // for accounts without a tenant-id annotation
  std::vector<std::string> extra_ca_pem;
  std::vector<std::string> connect_to;
  long request_timeout_ms = 20000;
};

void exchange_tokens(const KubeClient& kube, const std::vector<ExchangeTarget>& targets,
                     const ExchangeOptions& options, LiveBundle& bundle);

// Entra's answer as it is saved: every token member (access_token, id_token, refresh_token)
// removed. Exposed for its test.
std::string exchange_answer_to_save(const std::string& body);

}  // namespace wid
