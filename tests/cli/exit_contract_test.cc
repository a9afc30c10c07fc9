// The exit-code contract (README "Exit codes"), proven per code and per subcommand through the
// built binary: 0 clean, 1 internal error, 2 usage/rule/input error, 3 error findings, 4 only
// warnings with --fail-on=warning, 5 incomplete with --fail-on-incomplete; --exit-zero clears 3-5
// and never 2. Code 1 is driven in-process through run_main(), the same catch-all main() uses.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <streambuf>

#include "analyzer/cli/cli.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;

namespace wid::test {
namespace {

const std::string kCases = std::string(WID_SOURCE_DIR) + "/fixtures/cases/";
const std::string kNow = "2026-11-28T12:00:00Z";

RunResult wid(std::vector<std::string> args) {
  args.insert(args.begin(), WID_BINARY);
  return run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"});
}

std::vector<std::string> analyze(const std::string& name, std::vector<std::string> more = {}) {
  std::vector<std::string> a = {"analyze", kCases + name + "/input", "--now", kNow, "-q",
                                "-o",      "json=/dev/null"};
  a.insert(a.end(), more.begin(), more.end());
  return a;
}

// Saved JSON reports for `wi-doctor report`: one with an error, one with only a warning, one
// with an unknown, one clean. Written once per test binary run.
class ExitContract : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = make_temp_dir("wid-exit");
    const std::pair<const char*, const char*> kSaved[] = {{"errors", "aadsts70021"},
                                                          {"warnings", "imds-unreachable"},
                                                          {"clean", "imds-unreachable-near-miss"}};
    for (const auto& [file, name] : kSaved) {
      RunResult r = wid({"analyze", kCases + name + "/input", "--now", kNow, "-q", "-o",
                         "json=" + dir_ + "/" + file + ".json", "--exit-zero"});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string saved(const std::string& name) { return dir_ + "/" + name + ".json"; }
  static std::string dir_;
};
std::string ExitContract::dir_;

TEST_F(ExitContract, Analyze) {
  EXPECT_EQ(wid(analyze("imds-unreachable-near-miss")).exit_code, 0);
  EXPECT_EQ(wid(analyze("aadsts70021")).exit_code, 3);
  // A warning alone never fails by default; it does with --fail-on=warning.
  EXPECT_EQ(wid(analyze("imds-unreachable")).exit_code, 0);
  EXPECT_EQ(wid(analyze("imds-unreachable", {"--fail-on", "warning"})).exit_code, 4);
  // aadsts70021 also leaves ISSUER_TRAILING_SLASH_MISMATCH unknown (no credential list given).
  EXPECT_EQ(wid(analyze("aadsts70021", {"--fail-on", "none", "--fail-on-incomplete"})).exit_code,
            5);
  EXPECT_EQ(wid(analyze("aadsts70021", {"--fail-on-incomplete"})).exit_code, 3);  // 3 over 5
  for (const char* flag : {"--fail-on=warning", "--fail-on-incomplete"})
    EXPECT_EQ(wid(analyze("aadsts70021", {flag, "--exit-zero"})).exit_code, 0) << flag;
  EXPECT_EQ(wid({"analyze", "/no/such/bundle", "--exit-zero"}).exit_code, 2);
  EXPECT_EQ(wid(analyze("aadsts70021", {"--no-such-flag"})).exit_code, 2);
  EXPECT_EQ(wid(analyze("aadsts70021", {"-o", "pdf=x.pdf"})).exit_code, 2);
  EXPECT_EQ(wid(analyze("aadsts70021", {"--source-root", "/no/such/repo"})).exit_code, 2);
  EXPECT_EQ(wid(analyze("aadsts70021", {"--rules", "/no/such/rules", "--exit-zero"})).exit_code, 2);
}

TEST_F(ExitContract, Report) {
  auto report = [&](const std::string& name, std::vector<std::string> more = {}) {
    std::vector<std::string> a = {"report", saved(name), "-o", "text=/dev/null"};
    a.insert(a.end(), more.begin(), more.end());
    return wid(a).exit_code;
  };
  EXPECT_EQ(report("clean"), 0);
  EXPECT_EQ(report("errors"), 3);
  EXPECT_EQ(report("warnings"), 0);
  EXPECT_EQ(report("warnings", {"--fail-on", "warning"}), 4);
  EXPECT_EQ(report("errors", {"--fail-on", "none", "--fail-on-incomplete"}), 5);
  EXPECT_EQ(report("errors", {"--exit-zero"}), 0);
  EXPECT_EQ(report("warnings", {"--fail-on", "warning", "--exit-zero"}), 0);
  EXPECT_EQ(wid({"report", dir_ + "/missing.json", "--exit-zero"}).exit_code, 2);
  std::ofstream(dir_ + "/not-json.json") << "{\"schemaVersion\": ";
  EXPECT_EQ(wid({"report", dir_ + "/not-json.json"}).exit_code, 2);
  std::ofstream(dir_ + "/other.json") << R"({"schemaVersion": "somebody-else/v9"})";
  EXPECT_EQ(wid({"report", dir_ + "/other.json"}).exit_code, 2);
  EXPECT_EQ(report("errors", {"--bogus"}), 2);
  EXPECT_EQ(report("errors", {"--rules", "/no/such/rules"}), 2);
}

TEST_F(ExitContract, RulesExplainVersion) {
  EXPECT_EQ(wid({"rules", "list"}).exit_code, 0);
  EXPECT_EQ(wid({"rules", "list", "--rules", "/no/such/rules"}).exit_code, 2);
  EXPECT_EQ(wid({"rules", "validate", std::string(WID_SOURCE_DIR) + "/rules/catalog"}).exit_code,
            0);
  const std::string bad = dir_ + "/bad-rules";
  fs::create_directories(bad);
  std::ofstream(bad + "/bad.yaml") << "rules:\n  - id: lower_case_is_not_an_id\n";
  EXPECT_EQ(wid({"rules", "validate", bad}).exit_code, 2);
  EXPECT_EQ(wid({"rules"}).exit_code, 2);
  EXPECT_EQ(wid({"explain", "AADSTS70021"}).exit_code, 0);
  EXPECT_EQ(wid({"explain", "AADSTS00000"}).exit_code, 2);
  EXPECT_EQ(wid({"version"}).exit_code, 0);
  EXPECT_EQ(wid({"version", "extra"}).exit_code, 2);
  EXPECT_EQ(wid({}).exit_code, 2);
  EXPECT_EQ(wid({"frobnicate"}).exit_code, 2);
}

// A report that could not be written is 2, over 3-5 and over --exit-zero: stdout on a full
// device or a pipe nobody reads, a -o file that cannot be created.
TEST_F(ExitContract, ALostReportIsTwo) {
  int full = ::open("/dev/full", O_WRONLY | O_CLOEXEC);
  int fds[2];
  ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
  ::close(fds[0]);
  for (int fd : {full, fds[1]}) {
    auto stdout_to = [&](std::vector<std::string> args) {
      args.insert(args.begin(), WID_BINARY);
      return run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"}, fd).exit_code;
    };
    EXPECT_EQ(stdout_to(analyze("aadsts70021", {"-o", "text=-"})), 2);
    EXPECT_EQ(stdout_to(analyze("aadsts70021", {"-o", "json=-", "--exit-zero"})), 2);
    EXPECT_EQ(stdout_to({"report", saved("errors"), "-o", "sarif=-"}), 2);
    EXPECT_EQ(stdout_to({"report", saved("clean")}), 2);
    EXPECT_EQ(stdout_to({"rules", "list"}), 2);
    EXPECT_EQ(stdout_to({"explain", "AADSTS70021"}), 2);
    EXPECT_EQ(stdout_to({"version"}), 2);
  }
  ::close(full);
  ::close(fds[1]);
  EXPECT_EQ(wid(analyze("aadsts70021", {"-o", "json=/no/such/dir/r.json"})).exit_code, 2);
  EXPECT_EQ(wid({"report", saved("clean"), "-o", "html=/dev/full"}).exit_code, 2);
}

// Standard output that fails mid-write: the exception reaches run_main's catch-all.
class ThrowingBuf : public std::streambuf {
 protected:
  int_type overflow(int_type) override { throw std::runtime_error("stdout went away"); }
  std::streamsize xsputn(const char*, std::streamsize) override {
    throw std::runtime_error("stdout went away");
  }
};

int run_in_process(std::vector<std::string> args, std::string* err_text) {
  args.insert(args.begin(), "wi-doctor");
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ThrowingBuf buf;
  std::ostream out(&buf);
  out.exceptions(std::ios::badbit);
  std::ostringstream err;
  const int rc = run_main(static_cast<int>(args.size()), argv.data(), out, err);
  *err_text = err.str();
  return rc;
}

TEST_F(ExitContract, AnExceptionEscapingAnySubcommandIsAnInternalError) {
  const std::vector<std::vector<std::string>> kCommands = {
      analyze("aadsts70021", {"-o", "text=-"}),
      {"report", saved("errors"), "-o", "json=-"},
      {"rules", "list"},
      {"rules", "validate", std::string(WID_SOURCE_DIR) + "/rules/catalog"},
      {"explain", "AADSTS70021"},
      {"version"},
  };
  for (const auto& cmd : kCommands) {
    std::string err;
    EXPECT_EQ(run_in_process(cmd, &err), 1) << cmd[0] << " " << cmd[1];
    EXPECT_NE(err.find("internal error: stdout went away"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace wid::test
