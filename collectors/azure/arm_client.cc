#include "collectors/azure/arm_client.h"

#include <algorithm>

#include "analyzer/model/json_path.h"
#include "collectors/http/http_client.h"
#include "collectors/http/retry.h"

namespace wid {
namespace {

// ARM's error envelope {"error": {"code": ..., "message": ...}}, else the start of the body.
std::string arm_error(long status, const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  std::string code, message;
  if (j.is_object()) {
    code = string_at(j, {"error", "code"});
    message = string_at(j, {"error", "message"});
  }
  if (message.empty()) message = body.substr(0, 200);
  return "HTTP " + std::to_string(status) + (code.empty() ? "" : " " + code) + ": " + message;
}

}  // namespace

std::string ArmClient::url(const std::string& path_and_query, const char* api_version) const {
  const char sep = path_and_query.find('?') == std::string::npos ? '?' : '&';
  return options_.endpoint + path_and_query + sep + "api-version=" + api_version;
}

Result<nlohmann::json> ArmClient::fetch_once(const std::string& url, AttemptStatus& status) const {
  const long timeout_ms = time_left_ms(options_.deadline, options_.request_timeout_ms);
  if (timeout_ms <= 0)
    return make_error(ErrorCode::kLimit, url + ": the run's --timeout passed before this read");
  HttpRequest req;
  req.url = url;
  req.https_only = true;
  req.timeout_ms = timeout_ms;
  // ARM is on the public internet; only an endpoint the user named may be elsewhere.
  req.refuse_private = !options_.endpoint_explicit;
  req.no_proxy = options_.endpoint_explicit;
  req.private_hint = "ARM is on the public internet; --arm-endpoint names another endpoint";
  req.connect_to = options_.connect_to;
  req.trust.extra_ca_pem = options_.extra_ca_pem;
  req.headers = {"Accept: application/json", "Authorization: Bearer " + options_.token};
  auto r = http_fetch(req);
  if (!r) return r.error();
  status.status = r->status;
  status.retry_after = r->retry_after;
  if (r->status < 200 || r->status >= 300)
    return make_error(ErrorCode::kUnreadable, url + ": " + arm_error(r->status, r->body));
  auto j = nlohmann::json::parse(r->body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return make_error(ErrorCode::kParse, url + ": the answer is not a JSON object");
  return j;
}

Result<nlohmann::json> ArmClient::fetch(const std::string& url) const {
  return with_retries(options_.deadline,
                      [&](AttemptStatus& status) { return fetch_once(url, status); });
}

Result<nlohmann::json> ArmClient::get(const std::string& path_and_query,
                                      const char* api_version) const {
  return fetch(url(path_and_query, api_version));
}

Result<nlohmann::json> ArmClient::list(const std::string& path_and_query,
                                       const char* api_version) const {
  nlohmann::json items = nlohmann::json::array();
  std::string next = url(path_and_query, api_version);
  for (int page = 0; page < arm_limits::kMaxPages && !next.empty(); ++page) {
    auto j = fetch(next);
    if (!j) return j.error();
    auto value = j->find("value");
    if (value == j->end() || !value->is_array())
      return make_error(ErrorCode::kParse, next + ": the answer is not an ARM list (no value[])");
    for (auto& item : *value) items.push_back(std::move(item));
    next = string_at(*j, {"nextLink"});
    // nextLink is absolute; the bearer token goes to the endpoint it was meant for, nowhere else.
    if (!next.empty() && next.rfind(options_.endpoint + "/", 0) != 0)
      return make_error(ErrorCode::kUnreadable,
                        "nextLink " + next + " leaves " + options_.endpoint + "; not followed");
  }
  return nlohmann::json{{"value", std::move(items)}};
}

}  // namespace wid
