// Requests to the Kubernetes API server of one kubeconfig context: its CA only (never the system
// store), its client certificate or bearer token, a per-request timeout bounded by the run's
// deadline. Answers are classified the way the collectors report them: a 403 names the RBAC verb
// and resource that is missing.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/model/result.h"
#include "collectors/http/http_client.h"
#include "collectors/http/retry.h"
#include "collectors/kube/kubeconfig.h"

namespace wid {

struct KubeRequestOptions {
  long request_timeout_ms = http_limits::kDefaultTimeoutMs;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::vector<std::string> connect_to;  // tests: curl CONNECT_TO entries
};

// What went wrong with one read, as a collector reports it.
struct KubeFailure {
  long status = 0;    // HTTP status; 0 for a transport failure
  std::string error;  // the API's Status message or the transport error
  bool not_found = false;
};

class KubeClient {
 public:
  KubeClient(KubeConfig config, KubeRequestOptions options)
      : config_(std::move(config)), options_(std::move(options)) {}

  // GET server + path_and_query. A non-2xx answer is a KubeFailure.
  Result<std::string> get(const std::string& path_and_query, KubeFailure* failure) const;
  // POST a JSON body (TokenRequest).
  Result<std::string> post(const std::string& path, const std::string& body,
                           KubeFailure* failure) const;

  const KubeConfig& config() const { return config_; }
  std::string url(const std::string& path) const { return config_.server + path; }

 private:
  // Retries a 429 or 5xx answer (collectors/http/retry.h), honouring Retry-After.
  Result<std::string> send(HttpRequest request, KubeFailure* failure) const;
  Result<std::string> send_once(HttpRequest request, KubeFailure* failure,
                                AttemptStatus& attempt) const;

  KubeConfig config_;
  KubeRequestOptions options_;
};

}  // namespace wid
