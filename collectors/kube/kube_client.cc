#include "collectors/kube/kube_client.h"

#include "analyzer/model/json_path.h"
#include "collectors/http/retry.h"

namespace wid {

Result<std::string> KubeClient::send(HttpRequest request, KubeFailure* failure) const {
  return with_retries(options_.deadline, [&](AttemptStatus& attempt) {
    *failure = KubeFailure{};
    return send_once(request, failure, attempt);
  });
}

Result<std::string> KubeClient::send_once(HttpRequest request, KubeFailure* failure,
                                          AttemptStatus& attempt) const {
  request.timeout_ms = time_left_ms(options_.deadline, options_.request_timeout_ms);
  if (request.timeout_ms <= 0) {
    failure->error = "the run's --timeout passed before this read";
    return make_error(ErrorCode::kLimit, failure->error);
  }
  request.connect_to = options_.connect_to;
  request.proxy = config_.proxy_url;
  request.trust.only_ca_pem = config_.ca_pem;
  request.trust.skip_verify = config_.insecure_skip_verify;
  request.trust.client_cert_pem = config_.client_cert_pem;
  request.trust.client_key_pem = config_.client_key_pem;
  request.headers.push_back("Accept: application/json, */*");
  if (!config_.token.empty()) request.headers.push_back("Authorization: Bearer " + config_.token);
  auto r = http_fetch(request);
  if (!r) {
    failure->error = r.error().message;
    return r.error();
  }
  if (r->status >= 200 && r->status < 300) return std::move(r->body);
  attempt.status = r->status;
  attempt.retry_after = r->retry_after;
  failure->status = r->status;
  failure->not_found = r->status == 404;
  auto status = nlohmann::json::parse(r->body, nullptr, false);
  std::string message = status.is_object() ? string_at(status, {"message"}) : "";
  if (message.empty()) message = r->body.substr(0, 200);
  failure->error = "HTTP " + std::to_string(r->status) + ": " + message;
  return make_error(ErrorCode::kUnreadable, failure->error);
}

Result<std::string> KubeClient::get(const std::string& path_and_query, KubeFailure* failure) const {
  HttpRequest req;
  req.url = url(path_and_query);
  return send(std::move(req), failure);
}

Result<std::string> KubeClient::post(const std::string& path, const std::string& body,
                                     KubeFailure* failure) const {
  HttpRequest req;
  req.url = url(path);
  req.method = "POST";
  req.body = body;
  req.headers.push_back("Content-Type: application/json");
  return send(std::move(req), failure);
}

}  // namespace wid
