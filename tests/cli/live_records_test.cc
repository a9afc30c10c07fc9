// Records only a live run can make, and that analyze of its bundle must judge as the run did:
// cluster/connection.json (a kubeconfig with insecure-skip-tls-verify is honoured and reported as
// KUBECONFIG_INSECURE_SKIP_TLS_VERIFY) and cluster/tokens/<ns>/<sa>.verify.json (a minted
// token's signature, checked with the whole token against the API server's JWKS; the saved token
// has no signature left). The servers sign tokens with an RSA key made by the test.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "tests/collectors/collector_fixtures.h"
#include "tests/support/connect_proxy.h"
#include "tests/support/fake_cluster.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

using Finding3 = std::tuple<std::string, std::string, std::string>;

constexpr const char* kIssuerHost = "capzquickstartoidc.blob.core.windows.net";
constexpr const char* kNow = "2026-11-28T12:00:00Z";
constexpr const char* kToken = "kube-canary-records-5b1e7c9a3d";
const std::string kScenario = std::string(WID_SOURCE_DIR) + "/fixtures/live/issuer-doc-slash";

test::RunResult wid(std::vector<std::string> args) {
  args.insert(args.begin(), WID_BINARY);
  return test::run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"});
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(test::read_file(path), nullptr, false);
}

std::set<Finding3> findings_of(const nlohmann::json& report) {
  std::set<Finding3> out;
  for (const auto& f : report.value("findings", nlohmann::json::array()))
    out.emplace(f.value("ruleId", ""), f.value("status", ""), f.value("subject", ""));
  return out;
}

std::string rsa_key(const std::string& path) {
  test::RunResult r = test::run_binary({"/usr/bin/openssl", "genpkey", "-algorithm", "RSA",
                                        "-pkeyopt", "rsa_keygen_bits:2048", "-out", path});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return path;
}

class LiveRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override { pki_ = test::make_test_pki(dir(), {kIssuerHost}); }
  std::string dir() const { return tmp_.path().string(); }

  std::vector<std::string> live_args(const test::FakeCluster& server, const std::string& kc) {
    return {"--kubeconfig",
            kc,
            "--ca-file",
            pki_.ca_cert,
            "--connect-to",
            server.connect_to(kIssuerHost),
            "--allow-private-issuer",
            "--no-azure",
            "--now",
            kNow};
  }

  // check's report, and the report of analyze(collect) with the same arguments.
  std::pair<nlohmann::json, nlohmann::json> check_and_collect(const test::FakeCluster& server,
                                                              const std::string& kc,
                                                              std::vector<std::string> extra) {
    std::vector<std::string> check{"check", "-o", "json=" + dir() + "/check.json"};
    std::vector<std::string> collect{"collect", dir() + "/bundle.tar.gz"};
    for (auto& a : live_args(server, kc)) {
      check.push_back(a);
      collect.push_back(a);
    }
    check.insert(check.end(), extra.begin(), extra.end());
    collect.insert(collect.end(), extra.begin(), extra.end());
    live_ = wid(check);
    saved_ = wid(collect);
    EXPECT_EQ(saved_.exit_code, 0) << saved_.err;
    analyzed_ = wid({"analyze", dir() + "/bundle.tar.gz", "-o", "json=" + dir() + "/again.json"});
    EXPECT_EQ(analyzed_.exit_code, live_.exit_code) << live_.err;
    return {read_json(dir() + "/check.json"), read_json(dir() + "/again.json")};
  }

  std::string bundle_member(const std::string& member) {
    return test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz", member}).out;
  }

  testing::TempDir tmp_;
  test::TestPki pki_;
  test::RunResult live_, saved_, analyzed_;
};

TEST_F(LiveRecordsTest, InsecureSkipTlsVerifyIsHonouredAndAWarningInCheckAndInTheBundle) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = dir() + "/kubeconfig";
  std::ofstream(kc) << "apiVersion: v1\nkind: Config\ncurrent-context: kind-capz\n"
                    << "clusters:\n- name: kind-capz\n  cluster:\n    server: " << server.server()
                    << "\n    insecure-skip-tls-verify: true\n"
                    << "contexts:\n- name: kind-capz\n  context:\n    cluster: kind-capz\n"
                    << "    user: admin\nusers:\n- name: admin\n  user:\n    token: " << kToken
                    << "\n";
  auto [live, again] = check_and_collect(server, kc, {});
  ASSERT_TRUE(live.is_object()) << live_.err;
  const Finding3 warning{"KUBECONFIG_INSECURE_SKIP_TLS_VERIFY", "fail", "context/kind-capz"};
  EXPECT_TRUE(findings_of(live).count(warning)) << live_.err;
  EXPECT_EQ(findings_of(again), findings_of(live));
  // Honoured: the server's certificate, from a CA the kubeconfig does not name, was accepted.
  bool read = false;
  for (const auto& c : live["collectors"])
    read |= c["name"] == "kube:serviceaccounts" && c["status"] == "collected";
  EXPECT_TRUE(read) << live["collectors"].dump(1);
  EXPECT_NE(bundle_member("cluster/connection.json").find("\"insecureSkipTlsVerify\": true"),
            std::string::npos);
}

TEST_F(LiveRecordsTest, VerifiedKubeconfigIsNoWarning) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  auto [live, again] = check_and_collect(server, kc, {});
  EXPECT_TRUE(
      findings_of(live).count({"KUBECONFIG_INSECURE_SKIP_TLS_VERIFY", "pass", "context/fake"}))
      << live_.err;
  EXPECT_EQ(findings_of(again), findings_of(live));
}

// The API server signs with the key it publishes: the signature is verified at collection time,
// and analyze of the bundle (whose token has no signature) says so too.
TEST_F(LiveRecordsTest, MintedTokenSignatureIsJudgedByAnalyzeAsTheLiveRunJudgedIt) {
  test::FakeClusterOptions options = test::serve(kScenario, kToken);
  options.signing_key = rsa_key(dir() + "/sa.key");
  test::FakeCluster server(pki_, options);
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  auto [live, again] = check_and_collect(server, kc, {"--mint-tokens"});
  ASSERT_TRUE(live.is_object()) << live_.err;
  EXPECT_EQ(findings_of(again), findings_of(live));
  const std::string issuer = "https://capzquickstartoidc.blob.core.windows.net/oidc";
  EXPECT_TRUE(findings_of(live).count({"SA_SIGNING_KEY_MISMATCH", "pass", issuer}));
  const nlohmann::json record = nlohmann::json::parse(
      bundle_member("cluster/tokens/capz-system/capz-manager.verify.json"), nullptr, false);
  EXPECT_EQ(record.value("signature", ""), "verified") << record.dump();
  EXPECT_NE(record.value("verifiedBy", "").find("cluster/oidc/jwks.json"), std::string::npos);
  const std::string jwt = bundle_member("cluster/tokens/capz-system/capz-manager.jwt");
  EXPECT_EQ(jwt.substr(jwt.size() - 2), ".\n") << jwt;  // the signature is not in the bundle
}

// The JWKS publishes another key under the signing key's kid (a key replaced behind its kid):
// only the whole token shows it, so without the saved result analyze could not tell.
TEST_F(LiveRecordsTest, ReplacedKeyBehindTheKidFailsInCheckAndInTheBundle) {
  test::FakeClusterOptions options = test::serve(kScenario, kToken);
  options.signing_key = rsa_key(dir() + "/sa.key");
  options.published_key = rsa_key(dir() + "/other.key");
  test::FakeCluster server(pki_, options);
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  auto [live, again] = check_and_collect(server, kc, {"--mint-tokens"});
  ASSERT_TRUE(live.is_object()) << live_.err;
  const std::string issuer = "https://capzquickstartoidc.blob.core.windows.net/oidc";
  EXPECT_TRUE(findings_of(live).count({"SA_SIGNING_KEY_MISMATCH", "fail", issuer})) << live_.err;
  EXPECT_EQ(findings_of(again), findings_of(live));
  EXPECT_NE(bundle_member("cluster/tokens/capz-system/capz-manager.verify.json")
                .find("\"signature\": \"invalid\""),
            std::string::npos);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size()))
    s.replace(i, from.size(), to);
  return s;
}

// The scenario's tenant and subscription: collect --pseudonymize maps them in every file, check's
// findings are analyze(collect --pseudonymize)'s with the IDs mapped, and client IDs are kept.
TEST_F(LiveRecordsTest, PseudonymizedBundleGivesTheFindingsWithTheIdsMapped) {
  const std::string tenant = "5d3e9f7a-2b1c-4e8d-9a6f-0c7b8e1d2f34";
  const std::string subscription = "3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23";
  const std::string client_id = "8a1f4c27-93d6-4b0e-a5c8-2e7f91d3b640";
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  std::vector<std::string> plain{"check", "-o", "json=" + dir() + "/plain.json"};
  for (auto& a : live_args(server, kc)) plain.push_back(a);
  test::RunResult plain_run = wid(plain);
  const nlohmann::json plain_report = read_json(dir() + "/plain.json");
  ASSERT_TRUE(plain_report.is_object()) << plain_run.err;

  auto [live, again] = check_and_collect(server, kc, {"--pseudonymize"});
  ASSERT_TRUE(live.is_object()) << live_.err;
  const nlohmann::json sa = nlohmann::json::parse(
      bundle_member("cluster/objects/serviceaccounts/all.json"), nullptr, false);
  const nlohmann::json cluster = nlohmann::json::parse(
      bundle_member("cluster/objects/azureclusters/all.json"), nullptr, false);
  ASSERT_TRUE(sa.is_object() && cluster.is_object());
  const std::string tenant_p =
      sa["items"][0]["metadata"]["annotations"].value("azure.workload.identity/tenant-id", "");
  const std::string subscription_p = cluster["items"][0]["spec"].value("subscriptionID", "");
  EXPECT_EQ(tenant_p.size(), tenant.size());
  EXPECT_NE(tenant_p, tenant);
  EXPECT_EQ(subscription_p.size(), subscription.size());
  EXPECT_NE(subscription_p, subscription);

  std::set<Finding3> mapped;
  for (const auto& [rule, status, subject] : findings_of(plain_report))
    mapped.emplace(
        rule, status,
        replace_all(replace_all(subject, tenant, tenant_p), subscription, subscription_p));
  EXPECT_EQ(findings_of(live), mapped);
  EXPECT_EQ(findings_of(again), mapped);
  EXPECT_EQ(plain_run.exit_code, live_.exit_code);

  const std::string all = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz"}).out;
  for (const std::string& text : {all, test::read_file(dir() + "/check.json"),
                                  test::read_file(dir() + "/again.json"), live_.err, saved_.err}) {
    EXPECT_EQ(text.find(tenant), std::string::npos);
    EXPECT_EQ(text.find(subscription), std::string::npos);
  }
  EXPECT_NE(all.find(client_id), std::string::npos);  // not an ID the option maps
  EXPECT_NE(all.find(tenant_p), std::string::npos);
}

// A scenario with a KubeadmControlPlane of a workload cluster whose issuer differs from the
// management cluster's.
std::string scenario_with_workload_kcp(const std::string& root) {
  namespace fs = std::filesystem;
  fs::copy(kScenario, root, fs::copy_options::recursive);
  const std::string workload = "https://capzworkloadoidc.blob.core.windows.net/oidc";
  const nlohmann::json kcp = {
      {"apiVersion", "controlplane.cluster.x-k8s.io/v1beta1"},
      {"kind", "KubeadmControlPlane"},
      {"metadata", {{"name", "capz-workload-control-plane"}, {"namespace", "default"}}},
      {"spec",
       {{"replicas", 3},
        {"version", "v1.30.2"},
        {"machineTemplate",
         {{"infrastructureRef",
           {{"apiVersion", "infrastructure.cluster.x-k8s.io/v1beta1"},
            {"kind", "AzureMachineTemplate"},
            {"name", "capz-workload-control-plane"}}}}},
        {"kubeadmConfigSpec",
         {{"clusterConfiguration",
           {{"apiServer",
             {{"extraArgs",
               {{"service-account-issuer", workload},
                {"service-account-jwks-uri", workload + "/openid/v1/jwks"}}}}}}}}}}}};
  fs::create_directories(root + "/cluster/objects/kubeadmcontrolplanes/default");
  std::ofstream(root + "/cluster/objects/kubeadmcontrolplanes/default/capz-workload.json")
      << kcp.dump(2);
  return root;
}

// A KubeadmControlPlane in a management cluster describes a workload cluster: it is read (its
// flags are in the bundle) but the management issuer stays the kube-apiserver pod's, or, when
// that pod cannot be read, the API server's discovery document's.
TEST_F(LiveRecordsTest, KubeadmControlPlaneIsNeverTheManagementIssuer) {
  const std::string scenario = scenario_with_workload_kcp(dir() + "/scenario");
  const std::string management = "https://capzquickstartoidc.blob.core.windows.net/oidc";
  const Finding3 reached{"OIDC_DISCOVERY_UNREACHABLE", "pass", management};
  const Finding3 mismatch{"DISCOVERY_DOC_ISSUER_MISMATCH", "fail",
                          management + "/.well-known/openid-configuration"};
  for (const std::vector<std::string>& forbid :
       {std::vector<std::string>{}, std::vector<std::string>{"pods"}}) {
    SCOPED_TRACE(forbid.empty() ? "kube-apiserver pod read" : "pods forbidden");
    test::FakeCluster server(pki_, test::serve(scenario, kToken, forbid));
    ASSERT_TRUE(server.started());
    const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
    auto [live, again] = check_and_collect(server, kc, {});
    ASSERT_TRUE(live.is_object()) << live_.err;
    EXPECT_TRUE(findings_of(live).count(reached)) << live.dump(1).substr(0, 3000);
    EXPECT_TRUE(findings_of(live).count(mismatch));
    for (const auto& [rule, status, subject] : findings_of(live)) {
      if (rule == "OIDC_DISCOVERY_UNREACHABLE" || rule == "DISCOVERY_DOC_ISSUER_MISMATCH") {
        EXPECT_EQ(subject.find("capzworkloadoidc"), std::string::npos) << rule;
      }
    }
    EXPECT_EQ(findings_of(again), findings_of(live));
    EXPECT_NE(bundle_member("cluster/objects/kubeadmcontrolplanes/all.json")
                  .find("capzworkloadoidc.blob.core.windows.net"),
              std::string::npos);
  }
}

// The kubeconfig cluster's proxy-url carries every API server request (CONNECT through a proxy on
// loopback); its credentials are not saved, the proxy is.
TEST_F(LiveRecordsTest, KubeconfigProxyUrlIsHonoured) {
  test::ConnectProxy proxy(dir() + "/proxy.log");
  ASSERT_TRUE(proxy.started());
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string password = "proxy-canary-pass-4e2a";
  const std::string proxy_url =
      "http://wid:" + password + "@127.0.0.1:" + std::to_string(proxy.port());
  const std::string kc = dir() + "/kubeconfig";
  std::ofstream(kc) << "apiVersion: v1\nkind: Config\ncurrent-context: fake\n"
                    << "clusters:\n- name: fake\n  cluster:\n    server: " << server.server()
                    << "\n    certificate-authority: " << pki_.ca_cert
                    << "\n    proxy-url: " << proxy_url << "\n"
                    << "contexts:\n- name: fake\n  context:\n    cluster: fake\n    user: u\n"
                    << "users:\n- name: u\n  user:\n    token: " << kToken << "\n";
  auto [live, again] = check_and_collect(server, kc, {});
  ASSERT_TRUE(live.is_object()) << live_.err;
  bool read = false;
  for (const auto& c : live["collectors"])
    read |= c["name"] == "kube:serviceaccounts" && c["status"] == "collected";
  EXPECT_TRUE(read) << live["collectors"].dump(1);
  EXPECT_NE(proxy.targets().find("127.0.0.1:" + std::to_string(server.port())), std::string::npos)
      << proxy.targets();
  EXPECT_EQ(findings_of(again), findings_of(live));
  const std::string connection = bundle_member("cluster/connection.json");
  EXPECT_NE(connection.find("\"proxyUrl\": \"http://127.0.0.1:"), std::string::npos) << connection;
  for (const std::string& text :
       {bundle_member("cluster/connection.json"), test::read_file(dir() + "/check.json"), live_.err,
        saved_.err, test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz"}).out})
    EXPECT_EQ(text.find(password), std::string::npos);
}

nlohmann::json without_durations(nlohmann::json report) {
  for (auto& c : report["collectors"]) c.erase("durationMs");
  return report;
}

// Several namespaces of annotated workloads, each with a two-container pod: reads at once finish
// in any order, yet the report is the one reading them one after another gives; and stderr,
// which is not a terminal here, carries no progress.
TEST_F(LiveRecordsTest, ParallelReadsGiveTheSerialReport) {
  namespace fs = std::filesystem;
  const std::string scenario = dir() + "/scenario";
  fs::copy(kScenario, scenario, fs::copy_options::recursive);
  for (int i = 0; i < 6; ++i) {
    const std::string ns = "team-" + std::to_string(i);
    const std::string pod = "api-" + std::to_string(i) + "-7c9d8f6b5-x2k4p";
    const nlohmann::json sa = {
        {"apiVersion", "v1"},
        {"kind", "ServiceAccount"},
        {"metadata",
         {{"name", "api"},
          {"namespace", ns},
          {"annotations",
           {{"azure.workload.identity/client-id", "8a1f4c27-93d6-4b0e-a5c8-2e7f91d3b640"}}}}}};
    const nlohmann::json p = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata",
         {{"name", pod}, {"namespace", ns}, {"labels", {{"azure.workload.identity/use", "true"}}}}},
        {"spec",
         {{"serviceAccountName", "api"},
          {"containers",
           {{{"name", "api"}, {"image", "ghcr.io/example/api:1.4.2"}},
            {{"name", "sidecar"}, {"image", "ghcr.io/example/sidecar:0.9.0"}}}}}}};
    fs::create_directories(scenario + "/cluster/objects/teams/" + ns);
    std::ofstream(scenario + "/cluster/objects/teams/" + ns + "/sa.json") << sa.dump();
    std::ofstream(scenario + "/cluster/objects/teams/" + ns + "/pod.json") << p.dump();
    for (const char* c : {"api", "sidecar"}) {
      fs::create_directories(scenario + "/logs/" + ns + "/" + pod);
      std::ofstream(scenario + "/logs/" + ns + "/" + pod + "/" + c + ".log")
          << "I1128 11:5" << i << ":02.114233       1 main.go:41] \"started\" container=\"" << c
          << "\"\n";
    }
  }
  test::FakeCluster server(pki_, test::serve(scenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  std::vector<std::string> serial{"check", "-o", "json=" + dir() + "/serial.json", "--parallel",
                                  "1"};
  for (auto& a : live_args(server, kc)) serial.push_back(a);
  test::RunResult one = wid(serial);
  const nlohmann::json serial_report = read_json(dir() + "/serial.json");
  ASSERT_TRUE(serial_report.is_object()) << one.err;
  auto [live, again] = check_and_collect(server, kc, {"--parallel", "4"});
  ASSERT_TRUE(live.is_object()) << live_.err;
  EXPECT_EQ(without_durations(live).dump(1), without_durations(serial_report).dump(1));
  EXPECT_EQ(findings_of(again), findings_of(live));
  EXPECT_EQ(one.exit_code, live_.exit_code);
  // Every stream was read: 6 namespaces x 2 containers, beside the scenario's own.
  size_t team_logs = 0;
  for (const auto& in : live["inputs"])
    team_logs += in.value("path", "").rfind("logs/team-", 0) == 0 ? 1 : 0;
  EXPECT_EQ(team_logs, 12u);
  for (const std::string& err : {one.err, live_.err, saved_.err})
    EXPECT_EQ(err.find("wi-doctor: kube:"), std::string::npos) << err;
}

}  // namespace
}  // namespace wid
