// Real loopback servers for the live tests: a throwaway test CA and server certificate made with
// the openssl CLI, and tests/support/fake_cluster.py (a Kubernetes API server and a public OIDC
// issuer serving a scenario directory) started on 127.0.0.1 and a free port, stopped with the
// test. A kubeconfig for it is written beside the certificates.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/support/port_process.h"

namespace wid::test {

struct TestPki {
  std::string dir;
  std::string ca_cert, ca_key;          // the test CA
  std::string server_cert, server_key;  // localhost, 127.0.0.1, 127.0.0.2 and the given names
  std::string other_ca_cert;            // a CA that did not sign the server (wrong-CA tests)
  std::string client_cert, client_key;  // a client certificate the test CA signed (CN wid-test)
};

// Makes the CA and the server certificate under dir. Fails the test (ADD_FAILURE) on error.
TestPki make_test_pki(const std::string& dir, const std::vector<std::string>& dns_names);

struct FakeClusterOptions {
  std::string scenario;             // a directory in the bundle layout
  std::string token;                // bearer token the API server requires ("" = none)
  std::vector<std::string> forbid;  // resources answered with 403 (pods, pods/log, ...)
  std::string issuer_fault;         // stall | endless | redirect-loop | redirect-http | status:N
  std::string client_ca;            // accept client certificates this CA signed
  // flaky:<resource> (500 then 200), throttle:<resource> (429 with Retry-After: 1, then 200)
  std::vector<std::string> kube_faults;
  // An RSA key (PEM) that signs minted tokens; both JWKS then publish it (under its Kubernetes
  // kid). published_key: publish that key's modulus under the signing key's kid instead.
  std::string signing_key;
  std::string published_key;
};

inline FakeClusterOptions serve(std::string scenario, std::string token = "",
                                std::vector<std::string> forbid = {},
                                std::string issuer_fault = "") {
  FakeClusterOptions o;
  o.scenario = std::move(scenario);
  o.token = std::move(token);
  o.forbid = std::move(forbid);
  o.issuer_fault = std::move(issuer_fault);
  return o;
}

class FakeCluster {
 public:
  FakeCluster(const TestPki& pki, const FakeClusterOptions& options);
  FakeCluster(const FakeCluster&) = delete;
  FakeCluster& operator=(const FakeCluster&) = delete;

  bool started() const { return process_.port() > 0; }
  int port() const { return process_.port(); }
  std::string server() const { return "https://127.0.0.1:" + std::to_string(process_.port()); }
  // curl --connect-to entry sending HOST:443 to this server.
  std::string connect_to(const std::string& host, const std::string& address = "127.0.0.1") const {
    return host + ":443:" + address + ":" + std::to_string(process_.port());
  }
  // A kubeconfig for this server: its CA, the token, context "fake" (user fields appended as is).
  std::string write_kubeconfig(const std::string& path, const std::string& user_yaml = "") const;

 private:
  const TestPki pki_;
  const FakeClusterOptions options_;
  PortProcess process_;
};

}  // namespace wid::test
