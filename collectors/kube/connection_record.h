// cluster/connection.json: how a live run reached the API server (context, server, whether its
// certificate was verified, the proxy), filed by the kube collector so that
// KUBECONFIG_INSECURE_SKIP_TLS_VERIFY judges a saved bundle as it judged the live run.
#pragma once

#include <string>

#include "collectors/kube/kubeconfig.h"
#include "collectors/live/live_bundle.h"

namespace wid {

inline constexpr const char* kConnectionPath = "cluster/connection.json";

// A proxy URL without its user:password@ part (a proxy's credentials are never saved).
std::string proxy_without_credentials(const std::string& url);

void save_connection(const KubeConfig& config, LiveBundle& bundle);

}  // namespace wid
