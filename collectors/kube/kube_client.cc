#include "collectors/kube/kube_client.h"

#include <algorithm>
#include <thread>

#include "analyzer/model/json_path.h"

namespace wid {

namespace {

bool retryable(long status) { return status == 429 || (status >= 500 && status <= 504); }

// Seconds to wait before retrying: the server's Retry-After (delta-seconds) when it sent one,
// else one second; capped.
long retry_wait(const HttpResponse& r) {
  long wait = 1;
  if (!r.retry_after.empty()) {
    const std::string& v = r.retry_after.back();
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 6)
      wait = std::stol(v);
  }
  return std::clamp<long>(wait, 0, kube_retry::kMaxWaitSeconds);
}

}  // namespace

Result<std::string> KubeClient::send(HttpRequest request, KubeFailure* failure) const {
  for (int attempt = 0;; ++attempt) {
    KubeFailure f;
    HttpResponse last;
    auto r = send_once(request, &f, &last);
    if (r || attempt >= kube_retry::kMaxRetries || !retryable(f.status)) {
      *failure = f;
      return r;
    }
    const auto wait = std::chrono::seconds(retry_wait(last));
    if (options_.deadline != std::chrono::steady_clock::time_point::max() &&
        std::chrono::steady_clock::now() + wait >= options_.deadline) {
      *failure = f;
      return r;
    }
    std::this_thread::sleep_for(wait);
  }
}

Result<std::string> KubeClient::send_once(HttpRequest request, KubeFailure* failure,
                                          HttpResponse* last) const {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        options_.deadline - std::chrono::steady_clock::now())
                        .count();
  if (options_.deadline != std::chrono::steady_clock::time_point::max() && left <= 0) {
    failure->error = "the run's --timeout passed before this read";
    return make_error(ErrorCode::kLimit, failure->error);
  }
  request.timeout_ms = options_.deadline == std::chrono::steady_clock::time_point::max()
                           ? options_.request_timeout_ms
                           : std::min<long>(options_.request_timeout_ms, static_cast<long>(left));
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
  last->retry_after = r->retry_after;
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
