#include "tests/support/fake_cluster.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid::test {
namespace {

void openssl(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"/usr/bin/openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run_binary(argv);
  if (r.exit_code != 0) ADD_FAILURE() << "openssl " << args[0] << " failed: " << r.err;
}

void make_ca(const std::string& dir, const std::string& name, std::string& cert, std::string& key) {
  key = dir + "/" + name + ".key";
  cert = dir + "/" + name + ".crt";
  openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=" + name, "-addext",
           "basicConstraints=critical,CA:TRUE", "-addext",
           "keyUsage=critical,keyCertSign,cRLSign"});
}

}  // namespace

TestPki make_test_pki(const std::string& dir, const std::vector<std::string>& dns_names) {
  TestPki p;
  p.dir = dir;
  make_ca(dir, "wid-test-ca", p.ca_cert, p.ca_key);
  std::string other_key;
  make_ca(dir, "wid-other-ca", p.other_ca_cert, other_key);
  p.server_key = dir + "/server.key";
  p.server_cert = dir + "/server.crt";
  const std::string csr = dir + "/server.csr";
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
           p.server_key, "-out", csr, "-subj", "/CN=localhost"});
  std::string san = "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2";
  for (const std::string& n : dns_names) san += ",DNS:" + n;
  const std::string ext = dir + "/server.ext";
  std::ofstream(ext) << san << "\nextendedKeyUsage=serverAuth\n";
  openssl({"x509", "-req", "-in", csr, "-CA", p.ca_cert, "-CAkey", p.ca_key, "-CAcreateserial",
           "-out", p.server_cert, "-days", "2", "-extfile", ext});
  p.client_key = dir + "/client.key";
  p.client_cert = dir + "/client.crt";
  const std::string client_csr = dir + "/client.csr";
  openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
           p.client_key, "-out", client_csr, "-subj", "/O=system:masters/CN=wid-test"});
  const std::string client_ext = dir + "/client.ext";
  std::ofstream(client_ext) << "extendedKeyUsage=clientAuth\n";
  openssl({"x509", "-req", "-in", client_csr, "-CA", p.ca_cert, "-CAkey", p.ca_key,
           "-CAcreateserial", "-out", p.client_cert, "-days", "2", "-extfile", client_ext});
  return p;
}

FakeCluster::FakeCluster(const TestPki& pki, const FakeClusterOptions& options)
    : pki_(pki), options_(options) {
  std::vector<std::string> args{"/usr/bin/python3",
                                std::string(WID_SOURCE_DIR) + "/tests/support/fake_cluster.py",
                                "--scenario",
                                options.scenario,
                                "--cert",
                                pki.server_cert,
                                "--key",
                                pki.server_key};
  if (!options.token.empty()) args.insert(args.end(), {"--token", options.token});
  for (const std::string& f : options.forbid) args.insert(args.end(), {"--forbid", f});
  for (const std::string& f : options.kube_faults) args.insert(args.end(), {"--kube-fault", f});
  if (!options.client_ca.empty()) args.insert(args.end(), {"--client-ca", options.client_ca});
  if (!options.signing_key.empty()) args.insert(args.end(), {"--signing-key", options.signing_key});
  if (!options.published_key.empty())
    args.insert(args.end(), {"--published-key", options.published_key});
  if (!options.issuer_fault.empty())
    args.insert(args.end(), {"--issuer-fault", options.issuer_fault});
  process_.start(std::move(args), "fake_cluster.py");
}

std::string FakeCluster::write_kubeconfig(const std::string& path,
                                          const std::string& user_yaml) const {
  std::ofstream f(path);
  f << "apiVersion: v1\nkind: Config\ncurrent-context: fake\n"
    << "clusters:\n- name: fake\n  cluster:\n    server: " << server()
    << "\n    certificate-authority: " << pki_.ca_cert << "\n"
    << "contexts:\n- name: fake\n  context:\n    cluster: fake\n    user: fake-user\n"
    << "users:\n- name: fake-user\n  user:\n";
  if (!user_yaml.empty())
    f << user_yaml;
  else
    f << "    token: " << options_.token << "\n";
  return path;
}

}  // namespace wid::test
