// tests/support/connect_proxy.py started on 127.0.0.1 and a free port for a test (a kubeconfig
// proxy-url), stopped with it. The CONNECT targets it relayed are read back from its log.
#pragma once

#include <sys/types.h>

#include <string>

#include "tests/support/port_process.h"

namespace wid::test {

class ConnectProxy {
 public:
  explicit ConnectProxy(const std::string& log_path);
  ConnectProxy(const ConnectProxy&) = delete;
  ConnectProxy& operator=(const ConnectProxy&) = delete;

  bool started() const { return process_.port() > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(process_.port()); }
  int port() const { return process_.port(); }
  // host:port of every CONNECT relayed so far, one a line.
  std::string targets() const;

 private:
  std::string log_path_;
  PortProcess process_;
};

}  // namespace wid::test
