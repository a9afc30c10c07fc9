// `wi-doctor check` and `collect` with Azure, end to end against real loopback servers: the
// Kubernetes API and the public issuer (tests/support/fake_cluster.py) and ARM with Entra's token
// endpoint (tests/support/fake_azure.py), all serving one scenario directory. check gives the
// findings analyze gives for the directory; only the identities the cluster uses are read, with
// nextLink paging, 429 and 500 retried; the ARM token is found as documented and never leaves
// memory; --exchange shows Entra's own answer, and the access token it returns is discarded.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "tests/collectors/collector_fixtures.h"
#include "tests/support/fake_azure.h"
#include "tests/support/fake_cluster.h"
#include "tests/support/paths.h"
#include "tests/support/report_findings.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

namespace fs = std::filesystem;
using test::Finding3;
using test::findings_of;

constexpr const char* kIssuerHost = "capzquickstartoidc.blob.core.windows.net";
constexpr const char* kChinaArmHost = "management.chinacloudapi.cn";
constexpr const char* kNow = "2026-11-28T12:00:00Z";
constexpr const char* kPrincipal = "25cc773c-2d6d-4f1a-9c3e-8b7a6d5c4e3f";
// Canaries: never printed, saved or reported.
constexpr const char* kKubeToken = "kube-canary-3c9e1a7f5b2d8e4a6c0f";
constexpr const char* kArmToken = "arm-canary-9b1f7e3a5c2d4e6f8a0b";
constexpr const char* kIssuedToken = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJleGNoYW5nZWQtY2FuYXJ5In0.c2ln";
const std::string kScenario = std::string(WID_SOURCE_DIR) + "/fixtures/live/arm-role-missing";

test::RunResult wid(std::vector<std::string> args, std::vector<std::string> env = {}) {
  args.insert(args.begin(), WID_BINARY);
  // The caller's variables come last: they win over these defaults.
  env.insert(env.begin(), {"NO_COLOR=1", "AZURE_SUBSCRIPTION_ID=", "AZURE_ACCESS_TOKEN="});
  return test::run_binary(args, WID_SOURCE_DIR, env);
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(test::read_file(path), nullptr, false);
}

nlohmann::json collector(const nlohmann::json& report, const std::string& name) {
  for (const auto& c : report.value("collectors", nlohmann::json::array()))
    if (c.value("name", "") == name) return c;
  return nullptr;
}

bool has_rule(const nlohmann::json& report, const std::string& rule, const std::string& status) {
  for (const auto& [r, s, subject] : findings_of(report))
    if (r == rule && s == status) return true;
  return false;
}

class LiveAzureTest : public ::testing::Test {
 protected:
  void SetUp() override { pki_ = test::make_test_pki(dir(), {kIssuerHost, kChinaArmHost}); }
  std::string dir() const { return tmp_.path().string(); }

  test::FakeAzureOptions azure_options(const std::string& scenario = kScenario) const {
    test::FakeAzureOptions o;
    o.scenario = scenario;
    o.token = kArmToken;
    o.issued_token = kIssuedToken;
    return o;
  }

  // check's (or collect's) arguments for these servers; Azure's endpoints are named explicitly,
  // with and without a trailing '/'.
  std::vector<std::string> live_args(const test::FakeCluster& cluster, const test::FakeAzure& az) {
    return {"--kubeconfig",
            cluster.write_kubeconfig(dir() + "/kubeconfig"),
            "--ca-file",
            pki_.ca_cert,
            "--connect-to",
            cluster.connect_to(kIssuerHost),
            "--allow-private-issuer",
            "--arm-endpoint",
            az.url(),
            "--authority-host",
            az.url() + "/"};
  }

  test::RunResult check(const test::FakeCluster& cluster, const test::FakeAzure& az,
                        std::vector<std::string> extra, std::vector<std::string> env = {}) {
    std::vector<std::string> args{"check"};
    for (auto& a : live_args(cluster, az)) args.push_back(a);
    args.insert(
        args.end(),
        {"--now", kNow, "-o", "json=" + dir() + "/check.json", "-o", "text=" + dir() + "/check.txt",
         "-o", "html=" + dir() + "/check.html", "-o", "sarif=" + dir() + "/check.sarif", "-o",
         "junit=" + dir() + "/check.xml", "-o", "markdown=" + dir() + "/check.md", "-o", "json=-"});
    args.insert(args.end(), extra.begin(), extra.end());
    return wid(args, std::move(env));
  }

  std::vector<std::string> reports() const {
    std::vector<std::string> out;
    for (const char* f :
         {"/check.json", "/check.txt", "/check.html", "/check.sarif", "/check.xml", "/check.md"})
      out.push_back(test::read_file(dir() + f));
    return out;
  }

  testing::TempDir tmp_;
  test::TestPki pki_;
};

TEST_F(LiveAzureTest, CheckEqualsAnalyzeOfTheScenarioAndReadsOnlyTheIdentitiesInUse) {
  test::FakeClusterOptions co = test::serve(kScenario, kKubeToken);
  test::FakeCluster cluster(pki_, co);
  test::FakeAzureOptions ao = azure_options();
  ao.page_size = 2;  // five unrelated identities first: the one in use is on the third page
  ao.extra_identities = 5;
  ao.log = dir() + "/arm-requests.log";
  test::RunResult live, saved, listing;
  {
    test::FakeAzure az(pki_, ao);
    ASSERT_TRUE(cluster.started() && az.started());
    live = check(cluster, az, {"--azure-token", kArmToken});
    std::vector<std::string> collect{"collect", dir() + "/bundle.tar.gz", "--now",
                                     kNow,      "--azure-token",          kArmToken};
    for (auto& a : live_args(cluster, az)) collect.push_back(a);
    saved = wid(collect);
  }
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << live.err;
  for (const char* name : {"azure:identities", "azure:federated-credentials",
                           "azure:role-assignments", "azure:role-definitions"})
    EXPECT_EQ(collector(report, name).value("status", ""), "collected") << name << live.err;

  test::RunResult offline =
      wid({"analyze", kScenario, "--now", kNow, "-o", "json=" + dir() + "/offline.json"});
  const nlohmann::json offline_report = read_json(dir() + "/offline.json");
  EXPECT_EQ(test::without_connection(findings_of(report)), findings_of(offline_report)) << live.err;
  EXPECT_EQ(live.exit_code, offline.exit_code);
  // The 403 in capz-manager's log and the role assignment ARM returned: Contributor on
  // resource group capz does not cover capz-rg.
  EXPECT_TRUE(findings_of(report).count({"ARM_ROLE_MISSING_FOR_ACTION", "fail", kPrincipal}));

  ASSERT_EQ(saved.exit_code, 0) << saved.err;
  listing = test::run_binary({"/bin/tar", "-tzf", dir() + "/bundle.tar.gz"});
  EXPECT_NE(listing.out.find("azure/identities/capz-identity.json"), std::string::npos);
  EXPECT_NE(listing.out.find("azure/federated-credentials/capz-identity.json"), std::string::npos);
  EXPECT_NE(listing.out.find("azure/role-definitions.json"), std::string::npos);
  EXPECT_EQ(listing.out.find("unrelated-identity"), std::string::npos);  // never judged
  test::RunResult again =
      wid({"analyze", dir() + "/bundle.tar.gz", "-o", "json=" + dir() + "/again.json"});
  EXPECT_EQ(findings_of(read_json(dir() + "/again.json")), findings_of(report));
  EXPECT_EQ(again.exit_code, live.exit_code);

  // Every request carried api-version (the server answers 400 without one), and the identity
  // list was read page by page through nextLink.
  const std::string requests = test::read_file(ao.log);
  EXPECT_NE(requests.find("skiptoken=4"), std::string::npos) << requests;
  EXPECT_NE(requests.find("assignedTo"), std::string::npos) << requests;
  EXPECT_EQ(requests.find("unrelated-identity"), std::string::npos) << requests;

  test::RunResult contents = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz"});
  std::vector<std::string> texts = reports();
  texts.insert(texts.end(), {live.out, live.err, saved.out, saved.err, contents.out});
  for (const std::string& text : texts) {
    EXPECT_EQ(text.find(kArmToken), std::string::npos);
    EXPECT_EQ(text.find(kKubeToken), std::string::npos);
  }
}

TEST_F(LiveAzureTest, ThrottledAndFailingReadsAreRetried) {
  test::FakeCluster cluster(pki_, test::serve(kScenario, kKubeToken));
  test::FakeAzureOptions ao = azure_options();
  ao.faults = {"throttle:identities", "flaky:assignments", "throttle:definitions"};
  test::FakeAzure az(pki_, ao);
  ASSERT_TRUE(cluster.started() && az.started());
  test::RunResult live = check(cluster, az, {"--azure-token", kArmToken});
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << live.err;
  EXPECT_EQ(collector(report, "azure:identities").value("status", ""), "collected") << live.err;
  EXPECT_EQ(collector(report, "azure:role-assignments").value("status", ""), "collected");
  EXPECT_EQ(collector(report, "azure:role-definitions").value("status", ""), "collected");
  EXPECT_TRUE(findings_of(report).count({"ARM_ROLE_MISSING_FOR_ACTION", "fail", kPrincipal}));
}

TEST_F(LiveAzureTest, AFailedArmReadIsAFailedCollectorAndTheRunGoesOn) {
  test::FakeCluster cluster(pki_, test::serve(kScenario, kKubeToken));
  test::FakeAzure az(pki_, azure_options());
  ASSERT_TRUE(cluster.started() && az.started());
  // A token ARM does not accept: 401 on every read.
  test::RunResult live = check(
      cluster, az, {"--azure-token", "not-the-token", "--fail-on", "none", "--fail-on-incomplete"});
  const nlohmann::json report = read_json(dir() + "/check.json");
  ASSERT_TRUE(report.is_object()) << live.err;
  const nlohmann::json c = collector(report, "azure:identities");
  EXPECT_EQ(c.value("status", ""), "failed");
  EXPECT_NE(c.value("error", "").find("HTTP 401 InvalidAuthenticationToken"), std::string::npos)
      << c;
  EXPECT_EQ(collector(report, "kube:pods").value("status", ""), "collected");
  EXPECT_EQ(live.exit_code, 5) << live.err;
}

TEST_F(LiveAzureTest, NoTokenOrNoAzureSkipsAzure) {
  test::FakeCluster cluster(pki_, test::serve(kScenario, kKubeToken));
  test::FakeAzure az(pki_, azure_options());
  ASSERT_TRUE(cluster.started() && az.started());
  fs::create_directories(dir() + "/empty-bin");
  check(cluster, az, {}, {"PATH=" + dir() + "/empty-bin"});
  nlohmann::json c = collector(read_json(dir() + "/check.json"), "azure");
  EXPECT_EQ(c.value("status", ""), "skipped");
  EXPECT_NE(c.value("needs", "").find("az login"), std::string::npos) << c;

  check(cluster, az, {"--no-azure", "--azure-token", kArmToken});
  const nlohmann::json report = read_json(dir() + "/check.json");
  c = collector(report, "azure");
  EXPECT_EQ(c.value("status", ""), "skipped");
  EXPECT_EQ(c.value("needs", ""), "--no-azure was given");
  EXPECT_TRUE(collector(report, "azure:identities").is_null());
}

// --azure-token, then AZURE_ACCESS_TOKEN, then `az account get-access-token` (a script on PATH
// that prints the token it is given, as az does with --query accessToken -o tsv).
TEST_F(LiveAzureTest, TheTokenComesFromTheFlagThenTheEnvironmentThenAz) {
  test::FakeCluster cluster(pki_, test::serve(kScenario, kKubeToken));
  test::FakeAzure az(pki_, azure_options());
  ASSERT_TRUE(cluster.started() && az.started());
  auto az_printing = [&](const std::string& token) {
    const std::string bin = dir() + "/bin-" + std::to_string(token.size());
    fs::create_directories(bin);
    std::ofstream(bin + "/az") << "#!/bin/sh\n"
                               << "[ \"$1 $2 $3 $4 $5 $6\" = \"account get-access-token --query "
                                  "accessToken -o tsv\" ] || exit 2\n"
                               << "echo '" << token << "'\n";
    ::chmod((bin + "/az").c_str(), 0755);
    return "PATH=" + bin + ":/usr/bin:/bin";
  };
  auto identities = [&](std::vector<std::string> extra, std::vector<std::string> env) {
    check(cluster, az, std::move(extra), std::move(env));
    return collector(read_json(dir() + "/check.json"), "azure:identities").value("status", "");
  };
  const std::string wrong_az = az_printing("wrong-token-from-az");
  const std::string right_az = az_printing(kArmToken);
  EXPECT_EQ(identities({"--azure-token", kArmToken}, {wrong_az, "AZURE_ACCESS_TOKEN=wrong-env"}),
            "collected");
  EXPECT_EQ(identities({}, {wrong_az, std::string("AZURE_ACCESS_TOKEN=") + kArmToken}),
            "collected");
  EXPECT_EQ(identities({}, {right_az}), "collected");
  EXPECT_EQ(identities({}, {right_az, "AZURE_ACCESS_TOKEN=wrong-env"}), "failed");
  EXPECT_EQ(identities({}, {wrong_az}), "failed");
  for (const std::string& text : reports()) EXPECT_EQ(text.find(kArmToken), std::string::npos);
}

// --azure-cloud picks the cloud's ARM endpoint; a cloud endpoint (not one named by the user) is
// public, so a private address behind it is refused before connecting.
TEST_F(LiveAzureTest, ASovereignCloudIsReadAtItsOwnEndpoint) {
  test::FakeCluster cluster(pki_, test::serve(kScenario, kKubeToken));
  test::FakeAzure az(pki_, azure_options());
  ASSERT_TRUE(cluster.started() && az.started());
  const std::string port = az.url().substr(az.url().rfind(':') + 1);
  std::vector<std::string> args{"check",
                                "--kubeconfig",
                                cluster.write_kubeconfig(dir() + "/kubeconfig"),
                                "--ca-file",
                                pki_.ca_cert,
                                "--connect-to",
                                cluster.connect_to(kIssuerHost),
                                "--connect-to",
                                std::string(kChinaArmHost) + ":443:127.0.0.1:" + port,
                                "--allow-private-issuer",
                                "--azure-cloud",
                                "AzureChinaCloud",
                                "--azure-token",
                                kArmToken,
                                "--now",
                                kNow,
                                "-o",
                                "json=" + dir() + "/check.json"};
  test::RunResult live = wid(args);
  const nlohmann::json c = collector(read_json(dir() + "/check.json"), "azure:identities");
  const std::string error = c.value("error", "");
  EXPECT_NE(error.find("https://management.chinacloudapi.cn/subscriptions/3f2b8c1e-7d4a-4e59-"
                       "9b62-0c8d5a1f7e23/providers/Microsoft.ManagedIdentity/"
                       "userAssignedIdentities?api-version=2023-01-31"),
            std::string::npos)
      << c << live.err;
  EXPECT_NE(error.find("refused to connect to 127.0.0.1"), std::string::npos) << c;

  args[11] = "AzureSovereignCloud";  // not a cloud az knows: a usage error
  EXPECT_EQ(wid(args).exit_code, 2);
}

// --exchange against the login endpoint, with tokens the cluster signs with a key the public
// issuer's JWKS holds: a credential whose issuer is not the cluster's gives Entra's AADSTS70021,
// a matching one gives a token, which is discarded.
class LiveExchangeTest : public LiveAzureTest {
 protected:
  // The scenario with a signing key of this test's own, and the credential's issuer set.
  std::string scenario(const std::string& credential_issuer) {
    std::string s = dir() + "/scenario";
    fs::remove_all(s);
    fs::copy(kScenario, s, fs::copy_options::recursive);
    EVP_PKEY* key = testing::new_rsa_key();
    const std::string kid = testing::kubernetes_kid(key);
    const std::string jwks = "{\"keys\": [" + testing::public_jwk(key, kid, "RS256", "sig") + "]}";
    std::ofstream(s + "/cluster/oidc/jwks.json") << jwks;
    std::ofstream(s + "/issuer/jwks.json") << jwks;
    std::ofstream(dir() + "/signing.key") << testing::private_key_pem(key);
    EVP_PKEY_free(key);
    const std::string fic = s + "/azure/federated-credentials/capz-identity.json";
    nlohmann::json j = read_json(fic);
    j["value"][0]["properties"]["issuer"] = credential_issuer;
    std::ofstream(fic) << j.dump(2);
    return s;
  }

  nlohmann::json exchange(const std::string& s, test::RunResult& live, std::string& saved) {
    test::FakeClusterOptions co = test::serve(s, kKubeToken);
    co.signing_key = dir() + "/signing.key";
    test::FakeCluster cluster(pki_, co);
    test::FakeAzure az(pki_, azure_options(s));
    EXPECT_TRUE(cluster.started() && az.started());
    live = check(cluster, az, {"--azure-token", kArmToken, "--exchange"});
    std::vector<std::string> collect{"collect", dir() + "/bundle.tar.gz", "--exchange",
                                     "--azure-token", kArmToken};
    for (auto& a : live_args(cluster, az)) collect.push_back(a);
    EXPECT_EQ(wid(collect).exit_code, 0);
    saved = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz",
                              "azure/exchange/capz-system/capz-manager.json"})
                .out;
    return read_json(dir() + "/check.json");
  }
};

TEST_F(LiveExchangeTest, AWrongIssuerCredentialGivesEntrasAadsts70021) {
  test::RunResult live;
  std::string saved;
  const nlohmann::json report =
      exchange(scenario("https://capzquickstartoidc.blob.core.windows.net/oidc-old"), live, saved);
  ASSERT_TRUE(report.is_object()) << live.err;
  EXPECT_EQ(collector(report, "azure:exchange").value("status", ""), "collected") << live.err;
  EXPECT_TRUE(has_rule(report, "AADSTS70021", "fail")) << live.out;
  EXPECT_NE(saved.find("\"error_codes\""), std::string::npos) << saved;
  EXPECT_NE(saved.find("Assertion Issuer: 'https://capzquickstartoidc.blob.core.windows.net/oidc'"),
            std::string::npos)
      << saved;
}

TEST_F(LiveExchangeTest, AMatchingCredentialGivesATokenThatIsDiscarded) {
  test::RunResult live;
  std::string saved;
  const nlohmann::json report =
      exchange(scenario("https://capzquickstartoidc.blob.core.windows.net/oidc"), live, saved);
  ASSERT_TRUE(report.is_object()) << live.err;
  EXPECT_EQ(collector(report, "azure:exchange").value("status", ""), "collected") << live.err;
  EXPECT_FALSE(has_rule(report, "AADSTS70021", "fail")) << live.out;
  EXPECT_NE(saved.find("\"token_type\": \"Bearer\""), std::string::npos) << saved;
  EXPECT_EQ(saved.find("access_token"), std::string::npos) << saved;
  test::RunResult contents = test::run_binary({"/bin/tar", "-xzOf", dir() + "/bundle.tar.gz"});
  std::vector<std::string> texts = reports();
  texts.insert(texts.end(), {live.out, live.err, contents.out});
  for (const std::string& text : texts) {
    EXPECT_EQ(text.find(kIssuedToken), std::string::npos);
    EXPECT_EQ(text.find(kArmToken), std::string::npos);
  }
}

}  // namespace
}  // namespace wid
