// The command line as a user meets it: exit codes per subcommand, clear messages for bad input,
// output sinks, rule selection, and a directory and its .tar.gz giving identical findings.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "collectors/parse/digest.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace wid::test {
namespace {

const std::string kBundle =
    std::string(WID_SOURCE_DIR) + "/fixtures/bundles/quickstart-issuer-slash";
const std::string kNow = "2026-11-28T12:00:00Z";

RunResult wid(std::vector<std::string> args) {
  args.insert(args.begin(), WID_BINARY);
  return run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"});
}

json findings_key(const json& report) {
  json out = json::array();
  for (auto& f : report["findings"])
    out.push_back({f["ruleId"], f["status"], f["subject"], f.value("count", json()),
                   f.value("first", json()), f.value("last", json()), f.value("evidence", json()),
                   f["fingerprint"]});
  return out;
}

TEST(Cli, MissingPathIsAUsageError) {
  RunResult r = wid({"analyze", "/no/such/bundle"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/no/such/bundle"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(Cli, UnreadableArchiveIsAUsageError) {
  std::string tmp = make_temp_dir("wid-cli");
  std::ofstream(tmp + "/bundle.tar.gz") << "this is not a gzip stream at all";
  RunResult r = wid({"analyze", tmp + "/bundle.tar.gz"});
  fs::remove_all(tmp);
  // A file with an archive name but other content is read as what it holds, not as an archive.
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << r.err;
  std::string tmp2 = make_temp_dir("wid-cli");
  std::string gz = tmp2 + "/bundle.tar.gz";
  std::ofstream(gz, std::ios::binary) << std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10)
                                      << "garbage after a gzip header";
  RunResult r2 = wid({"analyze", gz});
  fs::remove_all(tmp2);
  EXPECT_NE(r2.exit_code, 1) << r2.err;
  EXPECT_NE(r2.exit_code, 139) << r2.err;
}

TEST(Cli, BadRuleFileNamesFileLineAndField) {
  std::string tmp = make_temp_dir("wid-rules");
  std::ofstream(tmp + "/bad.yaml") << "- id: BAD_RULE\n  group: custom\n  title: t\n"
                                      "  severity: error\n  kind: log\n  explain: x\n"
                                      "  match:\n    any: ['AADSTS70021(?!\\d)']\n";
  RunResult r = wid({"analyze", kBundle, "--rules", tmp});
  RunResult v = wid({"rules", "validate", tmp});
  fs::remove_all(tmp);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.yaml:8:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("rule BAD_RULE: field match.any[0]: invalid regex"), std::string::npos)
      << r.err;
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("rule BAD_RULE"), std::string::npos) << v.err;
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(wid({"analyze", kBundle, "-o", "pdf=x.pdf"}).exit_code, 2);
  EXPECT_EQ(wid({"analyze", kBundle, "--now", "yesterday"}).exit_code, 2);
  EXPECT_EQ(wid({"analyze", kBundle, "--only", "NOT_A_RULE"}).exit_code, 2);
  EXPECT_EQ(wid({"analyze", kBundle, "--fail-on", "sometimes"}).exit_code, 2);
  EXPECT_EQ(wid({"explain", "AADSTS99999999"}).exit_code, 2);
  EXPECT_EQ(wid({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(wid({}).exit_code, 2);
  EXPECT_EQ(wid({"report", "/no/such/report.json"}).exit_code, 2);
}

TEST(Cli, HelpAndVersionExitZero) {
  RunResult h = wid({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("Exit codes"), std::string::npos);
  RunResult ah = wid({"analyze", "--help"});
  EXPECT_EQ(ah.exit_code, 0);
  EXPECT_NE(ah.out.find("--fail-on"), std::string::npos) << ah.out;
  EXPECT_EQ(wid({"version"}).exit_code, 0);
}

TEST(Cli, ExitCodesFollowFailOnAndExitZero) {
  EXPECT_EQ(wid({"analyze", kBundle, "--now", kNow, "-q"}).exit_code, 3);
  EXPECT_EQ(wid({"analyze", kBundle, "--now", kNow, "-q", "--exit-zero"}).exit_code, 0);
  EXPECT_EQ(wid({"analyze", kBundle, "--now", kNow, "-q", "--fail-on", "none"}).exit_code, 0);
  // The symptom and the cause the checks prove from the same bundle: skipping both leaves nothing.
  EXPECT_EQ(wid({"analyze", kBundle, "--now", kNow, "-q", "--skip", "AADSTS70021"}).exit_code, 3);
  EXPECT_EQ(wid({"analyze", kBundle, "--now", kNow, "-q", "--skip",
                 "AADSTS70021,ISSUER_TRAILING_SLASH_MISMATCH"})
                .exit_code,
            0);
}

TEST(Cli, JsonToStdoutAndProgressOnStderr) {
  RunResult r = wid({"analyze", kBundle, "--now", kNow, "-o", "json=-"});
  EXPECT_EQ(r.exit_code, 3);
  json j = json::parse(r.out);  // stdout holds only the report
  EXPECT_EQ(j["schemaVersion"], "wi-doctor.report/v1");
  EXPECT_EQ(j["now"], kNow);
  EXPECT_EQ(j["nowSource"], "flag");
  EXPECT_NE(r.err.find("inputs"), std::string::npos) << r.err;
}

TEST(Cli, OnlySelectsRulesByIdOrAlias) {
  RunResult r =
      wid({"analyze", kBundle, "--now", kNow, "-o", "json=-", "-q", "--only", "INPUT_UNREADABLE"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(json::parse(r.out)["findings"].empty());
}

TEST(Cli, NowComesFromTheBundleManifestWhenNotGiven) {
  RunResult r = wid({"analyze", kBundle, "-o", "json=-", "-q"});
  json j = json::parse(r.out);
  EXPECT_EQ(j["nowSource"], "manifest");
  EXPECT_EQ(j["now"], "2026-11-27T09:15:00Z");
}

TEST(Cli, DirectoryAndItsTarGzGiveIdenticalFindings) {
  std::string tmp = make_temp_dir("wid-tgz");
  std::string tgz = tmp + "/bundle.tgz";
  RunResult tar = run_binary({"/bin/tar", "-C", kBundle, "-czf", tgz, "."});
  ASSERT_EQ(tar.exit_code, 0) << tar.err;
  RunResult a = wid({"analyze", kBundle, "--now", kNow, "-o", "json=-", "-q"});
  RunResult b = wid({"analyze", tgz, "--now", kNow, "-o", "json=-", "-q"});
  fs::remove_all(tmp);
  ASSERT_EQ(a.exit_code, 3);
  ASSERT_EQ(b.exit_code, 3) << b.err;
  EXPECT_EQ(findings_key(json::parse(a.out)), findings_key(json::parse(b.out)));
}

// A log bigger than its head is hashed by the scan's read of it, on any thread count, and the
// report's inputs entry carries the same sha256 as the file's bytes.
TEST(Cli, ALogHashedDuringTheScanHasItsOwnDigest) {
  std::string tmp = make_temp_dir("wid-hash");
  std::string log;
  for (int i = 0; log.size() < 300'000; ++i)
    log += "I1127 09:02:" + std::to_string(10 + i % 50) +
           ".000000       1 controller.go:117] \"Reconciling AzureCluster\" "
           "controller=\"azurecluster\" namespace=\"default\" name=\"c" +
           std::to_string(i) + "\"\n";
  fs::create_directories(tmp + "/logs/capz-system/capz-controller-manager-1");
  std::ofstream(tmp + "/logs/capz-system/capz-controller-manager-1/manager.log", std::ios::binary)
      << log;
  for (const char* threads : {"1", "3"}) {
    RunResult r =
        wid({"analyze", tmp, "-o", "json", "--quiet", "--exit-zero", "--threads", threads});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json report = json::parse(r.out);
    ASSERT_EQ(report["inputs"].size(), 1u);
    EXPECT_EQ(report["inputs"][0]["sha256"], sha256_hex(log)) << threads;
    EXPECT_EQ(report["inputs"][0]["type"], "log/klog");
  }
  fs::remove_all(tmp);
}

TEST(Cli, OutputFileIsNotWrittenThroughASymlink) {
  std::string tmp = make_temp_dir("wid-out");
  fs::create_symlink("/tmp/wid-should-not-exist", tmp + "/report.json");
  RunResult r =
      wid({"analyze", kBundle, "--now", kNow, "-q", "-o", "json=" + tmp + "/report.json"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_FALSE(fs::exists("/tmp/wid-should-not-exist"));
  fs::remove_all(tmp);
}

TEST(Cli, SetTakesNameEqualsValueOnly) {
  RunResult bad = wid({"analyze", kBundle, "--now", kNow, "-q", "--set", "AZURE_TENANT_ID"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--set wants NAME=VALUE"), std::string::npos) << bad.err;
  RunResult digit = wid({"analyze", kBundle, "--now", kNow, "-q", "--set", "1X=y"});
  EXPECT_EQ(digit.exit_code, 2);
  // A secret given on the command line never reaches any output.
  RunResult ok = wid({"analyze", kBundle, "--now", kNow, "-q", "-o", "json=-", "--set",
                      "AZURE_CLIENT_SECRET=wid-canary-Q8f~s3cr3t", "--set",
                      "AZURE_SUBSCRIPTION_ID=3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23"});
  EXPECT_EQ(ok.exit_code, 3) << ok.err;
  EXPECT_EQ(ok.out.find("wid-canary"), std::string::npos);
  EXPECT_EQ(ok.err.find("wid-canary"), std::string::npos);
}

}  // namespace
}  // namespace wid::test
