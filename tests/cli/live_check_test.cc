// `wi-doctor check` and `collect` end to end against real loopback servers (a Kubernetes API
// server and the public issuer, tests/support/fake_cluster.py) serving a scenario directory in
// the bundle layout: check gives the findings analyze gives for the directory, analyze of the
// collected bundle gives check's findings, a 403 is a failed collector that never ends the run,
// kubeconfig problems exit 2, and the kubeconfig's token reaches no output.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "tests/collectors/collector_fixtures.h"
#include "tests/support/fake_cluster.h"
#include "tests/support/paths.h"
#include "tests/support/report_findings.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

using test::Finding3;
using test::findings_of;

constexpr const char* kIssuerHost = "capzquickstartoidc.blob.core.windows.net";
constexpr const char* kNow = "2026-11-28T12:00:00Z";
// Never printed, saved or reported: the canary of the redaction tests.
constexpr const char* kToken = "kube-canary-7f3d9a1c5e8b2d4f6a0c";
const std::string kScenario = std::string(WID_SOURCE_DIR) + "/fixtures/live/issuer-doc-slash";

test::RunResult wid(std::vector<std::string> args) {
  args.insert(args.begin(), WID_BINARY);
  return test::run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"});
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(test::read_file(path), nullptr, false);
}

const nlohmann::json* collector(const nlohmann::json& report, const std::string& name) {
  for (const auto& c : report["collectors"])
    if (c.value("name", "") == name) return &c;
  return nullptr;
}

class LiveCheckTest : public ::testing::Test {
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
            "--no-azure"};
  }

  test::RunResult check(const test::FakeCluster& server, const std::string& kc,
                        std::vector<std::string> extra) {
    std::vector<std::string> args{"check"};
    for (auto& a : live_args(server, kc)) args.push_back(a);
    args.insert(
        args.end(),
        {"--now", kNow, "-o", "json=" + dir() + "/check.json", "-o", "text=" + dir() + "/check.txt",
         "-o", "html=" + dir() + "/check.html", "-o", "sarif=" + dir() + "/check.sarif", "-o",
         "junit=" + dir() + "/check.xml", "-o", "markdown=" + dir() + "/check.md", "-o", "json=-"});
    args.insert(args.end(), extra.begin(), extra.end());
    return wid(args);
  }

  testing::TempDir tmp_;
  test::TestPki pki_;
};

TEST_F(LiveCheckTest, CheckEqualsAnalyzeOfTheScenarioAndOfItsCollectedBundle) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");

  test::RunResult live = check(server, kc, {});
  const nlohmann::json live_report = read_json(dir() + "/check.json");
  ASSERT_TRUE(live_report.is_object()) << live.err;
  EXPECT_EQ(live_report["mode"], "live");

  test::RunResult offline =
      wid({"analyze", kScenario, "--now", kNow, "-o", "json=" + dir() + "/offline.json"});
  const nlohmann::json offline_report = read_json(dir() + "/offline.json");
  EXPECT_EQ(test::without_connection(findings_of(live_report)), findings_of(offline_report))
      << live.err;
  EXPECT_TRUE(findings_of(live_report)
                  .count({"KUBECONFIG_INSECURE_SKIP_TLS_VERIFY", "pass", "context/fake"}))
      << live.err;
  EXPECT_EQ(live.exit_code, offline.exit_code);
  // The scenario is broken on purpose: the public discovery document's issuer has a trailing
  // slash the API server's lacks; and the public issuer was read as Entra reads it.
  EXPECT_TRUE(findings_of(live_report)
                  .count({"DISCOVERY_DOC_ISSUER_MISMATCH", "fail",
                          "https://capzquickstartoidc.blob.core.windows.net/oidc/.well-known/"
                          "openid-configuration"}))
      << live.out;
  EXPECT_TRUE(findings_of(live_report)
                  .count({"OIDC_DISCOVERY_UNREACHABLE", "pass",
                          "https://capzquickstartoidc.blob.core.windows.net/oidc"}));
  // Inputs say where each file came from.
  bool saw_url = false;
  for (const auto& in : live_report["inputs"])
    saw_url |= in.value("url", "").find("/api/v1/namespaces/capz-system/pods") != std::string::npos;
  EXPECT_TRUE(saw_url);

  std::vector<std::string> collect{"collect", dir() + "/bundle.tar.gz", "--now", kNow};
  for (auto& a : live_args(server, kc)) collect.push_back(a);
  test::RunResult saved = wid(collect);
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  test::RunResult again =
      wid({"analyze", dir() + "/bundle.tar.gz", "-o", "json=" + dir() + "/again.json"});
  const nlohmann::json again_report = read_json(dir() + "/again.json");
  EXPECT_EQ(findings_of(again_report), findings_of(live_report));
  EXPECT_EQ(again.exit_code, live.exit_code);
  EXPECT_EQ(again_report["now"], kNow);  // the manifest's time
  const nlohmann::json* pods = collector(again_report, "kube:pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ((*pods)["status"], "collected");

  // The canary: the kubeconfig's bearer token reaches no report, stream or bundle.
  const std::string tar = test::read_file(dir() + "/bundle.tar.gz");
  test::RunResult listing = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz"});
  for (const std::string& text :
       {live.out, live.err, saved.out, saved.err, listing.out,
        test::read_file(dir() + "/check.json"), test::read_file(dir() + "/check.txt"),
        test::read_file(dir() + "/check.html"), test::read_file(dir() + "/check.sarif"),
        test::read_file(dir() + "/check.xml"), test::read_file(dir() + "/check.md")})
    EXPECT_EQ(text.find(kToken), std::string::npos);
  EXPECT_NE(listing.out.find("wi-doctor.bundle/v1"), std::string::npos);
}

TEST_F(LiveCheckTest, ForbiddenReadIsAFailedCollectorNamingTheRbacItNeeds) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken, {"pods"}));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = check(server, kc, {"--fail-on", "none", "--fail-on-incomplete"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  const nlohmann::json report = read_json(dir() + "/check.json");
  const nlohmann::json* pods = collector(report, "kube:pods");
  ASSERT_NE(pods, nullptr);
  EXPECT_EQ((*pods)["status"], "failed");
  EXPECT_NE(pods->value("error", "").find("forbidden"), std::string::npos);
  EXPECT_NE(pods->value("needs", "").find("list pods in namespace capz-system"), std::string::npos);
  // The other reads went on.
  const nlohmann::json* sas = collector(report, "kube:serviceaccounts");
  ASSERT_NE(sas, nullptr);
  EXPECT_EQ((*sas)["status"], "collected");
}

TEST_F(LiveCheckTest, UnreachableIssuerIsAFindingNotAnExitOne) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken, {}, "status:409"));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = check(server, kc, {});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const auto found = findings_of(read_json(dir() + "/check.json"));
  EXPECT_TRUE(found.count({"OIDC_DISCOVERY_UNREACHABLE", "fail",
                           "https://capzquickstartoidc.blob.core.windows.net/oidc"}));
}

TEST_F(LiveCheckTest, PrivateIssuerAddressIsRefusedWithoutTheFlag) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = wid({"check", "--kubeconfig", kc, "--ca-file", pki_.ca_cert, "--connect-to",
                           server.connect_to(kIssuerHost, "127.0.0.2"), "--no-azure", "--now", kNow,
                           "-o", "json=" + dir() + "/check.json"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const nlohmann::json report = read_json(dir() + "/check.json");
  bool refused = false;
  for (const auto& f : report["findings"])
    if (f["ruleId"] == "OIDC_DISCOVERY_UNREACHABLE" && f["status"] == "fail")
      refused = f.dump().find("refused to connect to 127.0.0.2") != std::string::npos;
  EXPECT_TRUE(refused) << report.dump(2).substr(0, 2000);
}

TEST_F(LiveCheckTest, KubeconfigProblemsExitTwo) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult missing_ctx = wid({"check", "--kubeconfig", kc, "--context", "nope"});
  EXPECT_EQ(missing_ctx.exit_code, 2);
  EXPECT_NE(missing_ctx.err.find("context \"nope\" not found"), std::string::npos);

  const std::string plugin_kc = server.write_kubeconfig(
      dir() + "/plugin-kubeconfig",
      "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
      "      command: kubelogin-not-installed\n      args: [get-token]\n"
      "      installHint: install kubelogin from https://azure.github.io/kubelogin/\n");
  test::RunResult no_plugin = wid({"check", "--kubeconfig", plugin_kc});
  EXPECT_EQ(no_plugin.exit_code, 2);
  EXPECT_NE(no_plugin.err.find("executable kubelogin-not-installed not found"), std::string::npos)
      << no_plugin.err;

  // A plugin that floods its output and then hangs is killed at the cap, not waited for.
  const std::string flood = dir() + "/flood-plugin.sh";
  std::ofstream(flood) << "#!/bin/sh\ntrap '' PIPE\nhead -c 4194304 /dev/zero\nexec sleep 120\n";
  ::chmod(flood.c_str(), 0700);
  const std::string flood_kc =
      server.write_kubeconfig(dir() + "/flood-kubeconfig",
                              "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                              "      command: ./flood-plugin.sh\n      interactiveMode: Never\n");
  test::RunResult flooded = wid({"check", "--kubeconfig", flood_kc});
  EXPECT_EQ(flooded.exit_code, 2);
  EXPECT_NE(flooded.err.find("exec plugin ./flood-plugin.sh printed more than 1048576 bytes"),
            std::string::npos)
      << flooded.err;
}

TEST_F(LiveCheckTest, ExecPluginTokenIsUsed) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string plugin = dir() + "/token-plugin.sh";
  std::ofstream(plugin) << "#!/bin/sh\n"
                        << "echo '{\"apiVersion\": \"client.authentication.k8s.io/v1\", "
                           "\"kind\": \"ExecCredential\", \"status\": {\"token\": \""
                        << kToken << "\"}}'\n";
  ::chmod(plugin.c_str(), 0700);
  const std::string kc =
      server.write_kubeconfig(dir() + "/kubeconfig",
                              "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
                              "      command: ./token-plugin.sh\n      interactiveMode: Never\n");
  test::RunResult r = check(server, kc, {});
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << r.err;
  const nlohmann::json* sas = collector(report, "kube:serviceaccounts");
  ASSERT_NE(sas, nullptr);
  EXPECT_EQ((*sas)["status"], "collected") << sas->dump();
  EXPECT_EQ(r.out.find(kToken), std::string::npos);
  EXPECT_EQ(r.err.find(kToken), std::string::npos);
}

std::string base64_file(const std::string& path) {
  test::RunResult r = test::run_binary({"/usr/bin/base64", "-w0", path});
  return r.out;
}

// A kubeconfig for server with the given cluster and user fields (YAML, indented 4).
std::string kubeconfig(const std::string& path, const test::FakeCluster& server,
                       const std::string& cluster_fields, const std::string& user_fields) {
  std::ofstream(path) << "apiVersion: v1\nkind: Config\ncurrent-context: fake\n"
                      << "clusters:\n- name: fake\n  cluster:\n    server: " << server.server()
                      << "\n"
                      << cluster_fields << "contexts:\n- name: fake\n  context:\n"
                      << "    cluster: fake\n    user: u\nusers:\n- name: u\n  user:\n"
                      << user_fields;
  return path;
}

std::string status_of(const nlohmann::json& report, const std::string& name) {
  const nlohmann::json* c = collector(report, name);
  return c == nullptr ? "absent" : c->value("status", "") + ": " + c->value("error", "");
}

TEST_F(LiveCheckTest, KubeconfigCredentialVariants) {
  test::FakeClusterOptions options = test::serve(kScenario, kToken);
  options.client_ca = pki_.ca_cert;
  test::FakeCluster server(pki_, options);
  ASSERT_TRUE(server.started());
  const std::string ca = "    certificate-authority-data: " + base64_file(pki_.ca_cert) + "\n";
  std::ofstream(dir() + "/token") << kToken << "\n";
  struct Variant {
    std::string name, cluster, user, expect;
  };
  const std::vector<Variant> variants = {
      {"client certificate data", ca,
       "    client-certificate-data: " + base64_file(pki_.client_cert) +
           "\n    client-key-data: " + base64_file(pki_.client_key) + "\n",
       "collected: "},
      {"client certificate files", ca,
       "    client-certificate: client.crt\n    client-key: client.key\n", "collected: "},
      {"token file (relative to the kubeconfig)", ca, "    tokenFile: token\n", "collected: "},
      {"insecure-skip-tls-verify", "    insecure-skip-tls-verify: true\n",
       "    token: " + std::string(kToken) + "\n", "collected: "},
      {"wrong CA", "    certificate-authority: " + pki_.other_ca_cert + "\n",
       "    token: " + std::string(kToken) + "\n", "failed: "},
      {"no credentials", ca, "    {}\n", "failed: "},
  };
  for (const Variant& v : variants) {
    const std::string kc = kubeconfig(dir() + "/kc-variant", server, v.cluster, v.user);
    test::RunResult r = check(server, kc, {"--fail-on-incomplete", "--fail-on", "none"});
    const nlohmann::json report = read_json(dir() + "/check.json");
    ASSERT_TRUE(report.is_object()) << v.name << ": " << r.err;
    const std::string sas = status_of(report, "kube:serviceaccounts");
    EXPECT_EQ(sas.rfind(v.expect, 0), 0u) << v.name << ": " << sas;
    // A source that cannot be read is incomplete evidence (5), never an internal error (1).
    EXPECT_EQ(r.exit_code, 5) << v.name << ": " << r.err;
    if (v.name == "wrong CA") {
      EXPECT_NE(sas.find("SSL certificate problem"), std::string::npos) << sas;
    }
    if (v.name == "no credentials") {
      EXPECT_NE(sas.find("HTTP 401"), std::string::npos) << sas;
    }
  }
  // CA and skip-verify together is refused, as client-go refuses it.
  const std::string both =
      kubeconfig(dir() + "/kc-both", server, ca + "    insecure-skip-tls-verify: true\n",
                 "    token: " + std::string(kToken) + "\n");
  test::RunResult r = wid({"check", "--kubeconfig", both});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("insecure flag is not allowed"), std::string::npos) << r.err;
}

TEST_F(LiveCheckTest, ServerErrorsAndThrottlingAreRetried) {
  test::FakeClusterOptions options = test::serve(kScenario, kToken);
  options.kube_faults = {"flaky:serviceaccounts", "throttle:pods"};
  test::FakeCluster server(pki_, options);
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = check(server, kc, {});
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << r.err;
  EXPECT_EQ(status_of(report, "kube:serviceaccounts"), "collected: ");
  EXPECT_EQ(status_of(report, "kube:pods"), "collected: ");
  EXPECT_TRUE(
      findings_of(report).count({"TOKEN_ENV_NOT_INJECTED", "pass",
                                 "Pod/capz-system/capz-controller-manager-6b8f7d9c5d-h4x2q"}));
}

TEST_F(LiveCheckTest, StallingIssuerEndsWithinTheRunTimeoutAndTheReportIsWritten) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken, {}, "stall"));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = check(server, kc, {"--request-timeout", "2s", "--timeout", "60s"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << r.err;
  bool timed_out = false;
  for (const auto& f : report["findings"])
    if (f["ruleId"] == "OIDC_DISCOVERY_UNREACHABLE" && f["status"] == "fail")
      timed_out = f.dump().find("timed out after 2000 ms") != std::string::npos;
  EXPECT_TRUE(timed_out);
  EXPECT_EQ(status_of(report, "kube:serviceaccounts"), "collected: ");
}

// Many namespaces, service accounts and pods that have nothing to do with workload identity, next
// to a healthy CAPZ: nothing is judged that should not be, so no error and no warning.
TEST_F(LiveCheckTest, HealthyClusterWithManyUnrelatedObjectsIsQuiet) {
  namespace fs = std::filesystem;
  const std::string scenario = dir() + "/healthy";
  fs::copy(kScenario, scenario, fs::copy_options::recursive);
  fs::remove_all(scenario + "/logs");  // the AADSTS70021 history
  nlohmann::json doc = read_json(scenario + "/issuer/openid-configuration.json");
  doc["issuer"] = "https://capzquickstartoidc.blob.core.windows.net/oidc";
  std::ofstream(scenario + "/issuer/openid-configuration.json") << doc.dump(2);
  for (int i = 0; i < 40; ++i) {
    const std::string ns = "team-" + std::to_string(i);
    nlohmann::json sa = {{"apiVersion", "v1"},
                         {"kind", "ServiceAccount"},
                         {"metadata", {{"name", "default"}, {"namespace", ns}}}};
    nlohmann::json pod = {{"apiVersion", "v1"},
                          {"kind", "Pod"},
                          {"metadata", {{"name", "web-" + std::to_string(i)}, {"namespace", ns}}},
                          {"spec",
                           {{"serviceAccountName", "default"},
                            {"containers", {{{"name", "web"}, {"image", "nginx:1.27"}}}}}}};
    fs::create_directories(scenario + "/cluster/objects/more/" + ns);
    std::ofstream(scenario + "/cluster/objects/more/" + ns + "/sa.json") << sa.dump();
    std::ofstream(scenario + "/cluster/objects/more/" + ns + "/pod.json") << pod.dump();
  }
  test::FakeCluster server(pki_, test::serve(scenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = check(server, kc, {"--fail-on", "warning"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << r.err;
  EXPECT_EQ(report["summary"]["error"], 0);
  EXPECT_EQ(report["summary"]["warning"], 0);
  EXPECT_GT(report["summary"]["pass"].get<int>(), 5);
}

TEST_F(LiveCheckTest, MintedTokensAreComparedWithoutTheirSignature) {
  test::FakeCluster server(pki_, test::serve(kScenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult r = check(server, kc, {"--mint-tokens"});
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << r.err;
  EXPECT_EQ(status_of(report, "kube:serviceaccounts/token"), "collected: ");
  std::string token_type;
  for (const auto& in : report["inputs"])
    if (in["path"] == "cluster/tokens/capz-system/capz-manager.jwt") token_type = in["type"];
  EXPECT_FALSE(token_type.empty()) << report["inputs"].dump(1);
  // The TokenRequest is refused under 600 s by the server: the collector asked for at least that.
  std::vector<std::string> collect{"collect", dir() + "/bundle.tar.gz", "--mint-tokens"};
  for (auto& a : live_args(server, kc)) collect.push_back(a);
  test::RunResult saved = wid(collect);
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  test::RunResult jwt = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz",
                                          "cluster/tokens/capz-system/capz-manager.jwt"});
  ASSERT_EQ(jwt.exit_code, 0) << jwt.err;
  // Header and claims kept, the signature gone.
  EXPECT_EQ(std::count(jwt.out.begin(), jwt.out.end(), '.'), 2) << jwt.out;
  EXPECT_EQ(jwt.out.find("REDACTED"), std::string::npos) << jwt.out;
  EXPECT_EQ(jwt.out.substr(jwt.out.size() - 2), ".\n") << jwt.out;
}

// A scenario holding every kind of secret a cluster shows a reader: a Secret's values (and the
// last-applied annotation that repeats them), a literal AZURE_CLIENT_SECRET in a pod, a webhook
// caBundle, a whole JWT and a SAS signature in a log. None may reach the bundle, a report, stdout
// or stderr.
TEST_F(LiveCheckTest, SecretsReachNoBundleReportOrStream) {
  namespace fs = std::filesystem;
  const std::string scenario = dir() + "/scenario";
  fs::copy(kScenario, scenario, fs::copy_options::recursive);
  const std::string secret = "Zr8~canary.client.secret_Q1w2E3r4";
  const std::string ca_bundle = "Q0FOQVJZLUNBLUJVTkRMRS1kYXRh";
  const std::string jwt_sig = "c2lnbmF0dXJlLWNhbmFyeS1zZWdtZW50";
  const std::string jwt =
      "eyJhbGciOiJSUzI1NiIsImtpZCI6ImNhbmFyeSJ9."
      "eyJpc3MiOiJodHRwczovL2NhcHpxdWlja3N0YXJ0b2lkYy5ibG9iLmNvcmUud2luZG93cy5uZXQvb2lkYyIsInN1"
      "YiI6InN5c3RlbTpzZXJ2aWNlYWNjb3VudDpjYXB6LXN5c3RlbTpjYXB6LW1hbmFnZXIifQ." +
      jwt_sig;
  const std::string sas_sig = "SASCANARYq9w8e7r6t5y4";
  auto write = [&](const std::string& rel, const std::string& text) {
    fs::create_directories(fs::path(scenario + "/" + rel).parent_path());
    std::ofstream(scenario + "/" + rel) << text;
  };
  const std::string aso_ns = "azureserviceoperator-system";
  write("cluster/objects/secrets/" + aso_ns + "/aso-controller-settings.json",
        nlohmann::json{{"apiVersion", "v1"},
                       {"kind", "Secret"},
                       {"type", "Opaque"},
                       {"metadata",
                        {{"name", "aso-controller-settings"},
                         {"namespace", aso_ns},
                         {"annotations",
                          {{"kubectl.kubernetes.io/last-applied-configuration",
                            "{\"stringData\":{\"AZURE_CLIENT_SECRET\":\"" + secret + "\"}}"}}}}},
                       {"data",
                        {{"AZURE_CLIENT_ID", "OGExZjRjMjctOTNkNi00YjBlLWE1YzgtMmU3ZjkxZDNiNjQw"},
                         {"AZURE_CLIENT_SECRET", secret}}}}
            .dump());
  const std::string pod = "azureserviceoperator-controller-manager-7d5c9b8f46-qm7zt";
  write("cluster/objects/pods/" + aso_ns + "/" + pod + ".json",
        nlohmann::json{{"apiVersion", "v1"},
                       {"kind", "Pod"},
                       {"metadata", {{"name", pod}, {"namespace", aso_ns}}},
                       {"spec",
                        {{"serviceAccountName", "azureserviceoperator-default"},
                         {"containers",
                          {{{"name", "manager"},
                            {"image", "mcr.microsoft.com/k8s/azureserviceoperator:v2.11.0"},
                            {"env", {{{"name", "AZURE_CLIENT_SECRET"}, {"value", secret}}}}}}}}}}
            .dump());
  write("logs/" + aso_ns + "/" + pod + "/manager.log",
        "I1128 11:58:02.114233       1 reconciler.go:88] \"token\" value=\"" + jwt + "\"\n" +
            "I1128 11:58:03.114233       1 blob.go:41] \"upload\" url=\"https://"
            "capzquickstartoidc.blob.core.windows.net/oidc?sv=2022-11-02&sp=rl&sig=" +
            sas_sig + "\"\n");
  write("cluster/objects/mutatingwebhookconfigurations/azure-wi-webhook.json",
        nlohmann::json{{"apiVersion", "admissionregistration.k8s.io/v1"},
                       {"kind", "MutatingWebhookConfiguration"},
                       {"metadata", {{"name", "azure-wi-webhook-mutating-webhook-configuration"}}},
                       {"webhooks",
                        {{{"name", "mutation.azure-workload-identity.io"},
                          {"admissionReviewVersions", {"v1", "v1beta1"}},
                          {"sideEffects", "None"},
                          {"clientConfig",
                           {{"caBundle", ca_bundle},
                            {"service",
                             {{"name", "azure-wi-webhook-webhook-service"},
                              {"namespace", "azure-workload-identity-system"},
                              {"path", "/mutate-v1-pod"}}}}}}}}}
            .dump());

  test::FakeCluster server(pki_, test::serve(scenario, kToken));
  ASSERT_TRUE(server.started());
  const std::string kc = server.write_kubeconfig(dir() + "/kubeconfig");
  test::RunResult live = check(server, kc, {});
  ASSERT_TRUE(read_json(dir() + "/check.json").is_object()) << live.err;
  std::vector<std::string> collect{"collect", dir() + "/bundle.tar.gz", "--now", kNow};
  for (auto& a : live_args(server, kc)) collect.push_back(a);
  test::RunResult saved = wid(collect);
  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  test::RunResult bundle = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz"});
  ASSERT_NE(bundle.out.find("aso-controller-settings"), std::string::npos);  // keys are kept
  ASSERT_NE(bundle.out.find("AZURE_CLIENT_SECRET"), std::string::npos);
  for (const std::string& text :
       {live.out, live.err, saved.out, saved.err, bundle.out,
        test::read_file(dir() + "/check.json"), test::read_file(dir() + "/check.txt"),
        test::read_file(dir() + "/check.html"), test::read_file(dir() + "/check.sarif"),
        test::read_file(dir() + "/check.xml"), test::read_file(dir() + "/check.md")}) {
    for (const std::string& canary :
         {std::string(kToken), secret, ca_bundle, jwt_sig, jwt, sas_sig})
      EXPECT_EQ(text.find(canary), std::string::npos) << canary;
  }
}

}  // namespace
}  // namespace wid
