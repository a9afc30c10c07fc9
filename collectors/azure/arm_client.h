// GETs against Azure Resource Manager as the az CLI makes them: a bearer token, an api-version on
// every request, `nextLink` pages followed (only while they stay on the same endpoint: the token
// is never sent elsewhere), 429 and 5xx answers retried honouring Retry-After. Errors keep ARM's
// own code and message ("HTTP 403 AuthorizationFailed: The client ... does not have ...").
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analyzer/model/result.h"
#include "collectors/http/retry.h"

namespace wid {

namespace arm_api {
// Microsoft.ManagedIdentity 2023-01-31 is the first GA version that returns
// systemData.createdAt for federated credentials.
inline constexpr const char* kManagedIdentity = "2023-01-31";
inline constexpr const char* kAuthorization = "2022-04-01";
inline constexpr const char* kSubscriptions = "2022-12-01";
}  // namespace arm_api

namespace arm_limits {
// Pages of one list: ARM pages hold 100 to 1000 items; 50 pages is far past any subscription's
// identities or one principal's role assignments.
constexpr int kMaxPages = 50;
}  // namespace arm_limits

struct ArmClientOptions {
  std::string endpoint;  // https://management.azure.com, no trailing '/'
  bool endpoint_explicit = false;
  std::string token;  // never printed or saved
  std::vector<std::string> extra_ca_pem;
  std::vector<std::string> connect_to;
  long request_timeout_ms = 20000;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

class ArmClient {
 public:
  explicit ArmClient(ArmClientOptions options) : options_(std::move(options)) {}

  // path_and_query: "/subscriptions/..." with or without a query; api-version is appended.
  std::string url(const std::string& path_and_query, const char* api_version) const;
  // One object.
  Result<nlohmann::json> get(const std::string& path_and_query, const char* api_version) const;
  // Every page of a list, as one ARM page: {"value": [...]}.
  Result<nlohmann::json> list(const std::string& path_and_query, const char* api_version) const;

 private:
  Result<nlohmann::json> fetch(const std::string& url) const;
  Result<nlohmann::json> fetch_once(const std::string& url, AttemptStatus& status) const;

  ArmClientOptions options_;
};

}  // namespace wid
