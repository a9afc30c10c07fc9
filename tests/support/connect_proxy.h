// tests/support/connect_proxy.py started on 127.0.0.1 and a free port for a test (a kubeconfig
// proxy-url), stopped with it. The CONNECT targets it relayed are read back from its log.
#pragma once

#include <sys/types.h>

#include <string>

namespace wid::test {

class ConnectProxy {
 public:
  explicit ConnectProxy(const std::string& log_path);
  ~ConnectProxy();
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  bool started() const { return port_ > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  // host:port of every CONNECT relayed so far, one a line.
  std::string targets() const;

 private:
  std::string log_path_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int port_ = 0;
};

}  // namespace wid::test
