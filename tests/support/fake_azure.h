// tests/support/fake_azure.py (ARM and Entra's token endpoint for a scenario directory) started
// on 127.0.0.1 and a free port with the test PKI's server certificate, stopped with the test.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/support/fake_cluster.h"
#include "tests/support/port_process.h"

namespace wid::test {

struct FakeAzureOptions {
  std::string scenario;
  std::string token;         // the ARM bearer token required
  std::string issued_token;  // the access token a good exchange answers with
  int page_size = 100;
  int extra_identities = 0;         // unrelated identities listed before the scenario's
  std::vector<std::string> faults;  // throttle:<kind>, flaky:<kind> (see fake_azure.py)
  std::string log;                  // file the requests seen are written to on exit
};

class FakeAzure {
 public:
  FakeAzure(const TestPki& pki, const FakeAzureOptions& options);
  FakeAzure(const FakeAzure&) = delete;
  FakeAzure& operator=(const FakeAzure&) = delete;

  bool started() const { return process_.port() > 0; }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(process_.port()); }

 private:
  PortProcess process_;
};

}  // namespace wid::test
