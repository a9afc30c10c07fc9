// One retry policy for the API clients (Kubernetes, ARM): a 429 or a 5xx is tried again, as
// client-go and the Azure SDKs do, waiting what the server's Retry-After asks but never more than
// kMaxWaitSeconds per retry, never more than kMaxRetries times, and never past the run's deadline.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace wid {

namespace http_retry {
constexpr int kMaxRetries = 2;
constexpr long kMaxWaitSeconds = 5;
}  // namespace http_retry

// What one attempt reports besides its result: the HTTP status (0 when there was no response)
// and the Retry-After values the server sent.
struct AttemptStatus {
  long status = 0;
  std::vector<std::string> retry_after;
};

inline bool retryable_status(long status) {
  return status == 429 || (status >= 500 && status <= 504);
}

// Seconds to wait before the next attempt: the last Retry-After when it is delta-seconds, else 1.
inline long retry_wait_seconds(const std::vector<std::string>& retry_after) {
  long wait = 1;
  if (!retry_after.empty()) {
    const std::string& v = retry_after.back();
    if (!v.empty() && v.find_first_not_of("0123456789") == std::string::npos && v.size() < 6)
      wait = std::stol(v);
  }
  return std::clamp<long>(wait, 0, http_retry::kMaxWaitSeconds);
}

// The time left before the deadline, in ms, for a request's timeout: request_timeout_ms when the
// run has no deadline; <= 0 when it has passed.
inline long time_left_ms(std::chrono::steady_clock::time_point deadline, long request_timeout_ms) {
  if (deadline == std::chrono::steady_clock::time_point::max()) return request_timeout_ms;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                        deadline - std::chrono::steady_clock::now())
                        .count();
  return std::min<long>(request_timeout_ms, static_cast<long>(left));
}

// Runs attempt(AttemptStatus&) until its result is truthy, its status is not retryable, the
// retries are spent or the next wait would pass the deadline; returns the last result.
template <class Attempt>
auto with_retries(std::chrono::steady_clock::time_point deadline, Attempt&& attempt) {
  for (int n = 0;; ++n) {
    AttemptStatus status;
    auto r = attempt(status);
    if (r || n >= http_retry::kMaxRetries || !retryable_status(status.status)) return r;
    const auto wait = std::chrono::seconds(retry_wait_seconds(status.retry_after));
    if (deadline != std::chrono::steady_clock::time_point::max() &&
        std::chrono::steady_clock::now() + wait >= deadline)
      return r;
    std::this_thread::sleep_for(wait);
  }
}

}  // namespace wid
