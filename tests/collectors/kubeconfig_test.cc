// The kubeconfig as kubectl reads it: the KUBECONFIG list merged with the first file winning,
// paths relative to the file that names them, base64 data fields, and the refusals client-go
// makes (CA with skip-verify, an exec plugin of an unknown apiVersion, a missing context).
#include "collectors/kube/kubeconfig.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

// Sets KUBECONFIG for one test and restores it.
class KubeconfigEnv {
 public:
  explicit KubeconfigEnv(const std::string& value) {
    const char* old = ::getenv("KUBECONFIG");
    had_ = old != nullptr;
    if (had_) old_ = old;
    ::setenv("KUBECONFIG", value.c_str(), 1);
  }
  ~KubeconfigEnv() {
    if (had_)
      ::setenv("KUBECONFIG", old_.c_str(), 1);
    else
      ::unsetenv("KUBECONFIG");
  }

 private:
  bool had_ = false;
  std::string old_;
};

constexpr const char* kFirst = R"(apiVersion: v1
kind: Config
current-context: mgmt
clusters:
- name: capz-mgmt
  cluster:
    server: https://first.example:6443/
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
contexts:
- name: mgmt
  context: {cluster: capz-mgmt, user: admin}
users:
- name: admin
  user:
    tokenFile: secrets/token
)";

constexpr const char* kSecond = R"(apiVersion: v1
kind: Config
current-context: other
clusters:
- name: capz-mgmt
  cluster:
    server: https://second.example:6443
- name: kind
  cluster:
    server: https://127.0.0.1:41234
    insecure-skip-tls-verify: true
contexts:
- name: mgmt
  context: {cluster: kind, user: admin}
- name: kind-capz
  context: {cluster: kind, user: kubelogin}
users:
- name: kubelogin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --login, azurecli]
)";

TEST(Kubeconfig, ListIsMergedFirstFileWins) {
  testing::TempDir dir;
  const std::string first = dir.write("a/config", kFirst);
  const std::string second = dir.write("b/config", kSecond);
  dir.write("a/secrets/token", "tok-from-file\n");
  KubeconfigEnv env(first + ":" + dir.path().string() + "/missing:" + second);

  auto cfg = load_kubeconfig({});
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ(cfg->context, "mgmt");                       // the first file's current-context
  EXPECT_EQ(cfg->server, "https://first.example:6443");  // its cluster, trailing / dropped
  EXPECT_EQ(cfg->ca_pem, "-----BEGIN CERTIFICATE-----\n");
  EXPECT_EQ(cfg->token, "tok-from-file");  // tokenFile relative to the file that named it
  EXPECT_FALSE(cfg->exec.has_value());

  auto kind = load_kubeconfig({"", "kind-capz"});  // a context only the second file has
  ASSERT_TRUE(kind.ok()) << kind.error().message;
  EXPECT_EQ(kind->server, "https://127.0.0.1:41234");
  EXPECT_TRUE(kind->insecure_skip_verify);
  ASSERT_TRUE(kind->exec.has_value());
  EXPECT_EQ(kind->exec->command, "kubelogin");
  EXPECT_EQ(kind->exec->args.size(), 3u);
}

TEST(Kubeconfig, RefusesWhatClientGoRefuses) {
  testing::TempDir dir;
  const std::string both = dir.write("both", R"(apiVersion: v1
kind: Config
current-context: x
clusters:
- name: c
  cluster: {server: "https://h:6443", certificate-authority-data: "LS0tLQ==", insecure-skip-tls-verify: true}
contexts:
- name: x
  context: {cluster: c, user: u}
users:
- name: u
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: kubelogin}
)");
  auto r = load_kubeconfig({both, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("insecure flag is not allowed"), std::string::npos);

  auto missing = load_kubeconfig({both, "nope"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(missing.error().message.find("context \"nope\" not found"), std::string::npos);

  auto no_file = load_kubeconfig({dir.path().string() + "/absent", ""});
  ASSERT_FALSE(no_file.ok());
  EXPECT_NE(no_file.error().message.find("no such file"), std::string::npos);
}

TEST(Kubeconfig, ExecPluginOfAnUnknownApiVersionIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.write("config", R"(apiVersion: v1
kind: Config
current-context: x
clusters:
- name: c
  cluster: {server: "https://h:6443"}
contexts:
- name: x
  context: {cluster: c, user: u}
users:
- name: u
  user:
    exec: {apiVersion: client.authentication.k8s.io/v1alpha1, command: kubelogin}
)");
  auto r = load_kubeconfig({path, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("client.authentication.k8s.io/v1alpha1"), std::string::npos);
}

}  // namespace
}  // namespace wid
