// Limits that say what they cut: a bound reached is an ANALYSIS_LIMIT_REACHED finding naming the
// input, what was not read and the option that raises the bound; raising it reads everything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/model/limit_table.h"
#include "tests/collectors/collector_fixtures.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;

namespace wid::test {
namespace {

const std::string kLog = std::string(WID_SOURCE_DIR) +
                         "/fixtures/cases/aadsts70021/input/logs/capz-system/"
                         "capz-controller-manager-6d8f7c9b4-x2x7k/manager.log";

nlohmann::json analyze(const std::string& dir, std::vector<std::string> more) {
  std::vector<std::string> argv = {WID_BINARY, "analyze", dir,     "--now", "2026-11-28T12:00:00Z",
                                   "-q",       "-o",      "json=-"};
  argv.insert(argv.end(), more.begin(), more.end());
  RunResult r = run_binary(argv);
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 3) << r.err;
  return nlohmann::json::parse(r.out, nullptr, false);
}

std::vector<nlohmann::json> limit_findings(const nlohmann::json& report) {
  std::vector<nlohmann::json> out;
  for (const auto& f : report["findings"])
    if (f["ruleId"] == "ANALYSIS_LIMIT_REACHED") out.push_back(f);
  return out;
}

TEST(Limits, ADirectoryWalkPastMaxFilesSaysWhereItStopped) {
  const std::string dir = make_temp_dir("wid-limits");
  for (const char* pod : {"a", "b", "c"}) {
    fs::create_directories(dir + "/logs/capz-system/capz-controller-manager-" + pod);
    fs::copy_file(kLog, dir + "/logs/capz-system/capz-controller-manager-" + pod + "/manager.log");
  }
  const auto cut = analyze(dir, {"--max-files", "2"});
  const auto whole = analyze(dir, {"--max-files", "3"});
  fs::remove_all(dir);
  ASSERT_EQ(limit_findings(cut).size(), 1u) << cut.dump(1);
  const auto f = limit_findings(cut)[0];
  EXPECT_EQ(f["subject"], "logs/capz-system/capz-controller-manager-c/manager.log");
  EXPECT_NE(f["detail"].get<std::string>().find("more than 2 files"), std::string::npos) << f;
  EXPECT_NE(f["detail"].get<std::string>().find("--max-files raises it"), std::string::npos) << f;
  EXPECT_EQ(cut["inputs"].size(), 2u);
  // The files before the bound are analyzed.
  bool symptom = false;
  for (const auto& g : cut["findings"]) symptom = symptom || g["ruleId"] == "AADSTS70021";
  EXPECT_TRUE(symptom);
  EXPECT_TRUE(limit_findings(whole).empty());
  EXPECT_EQ(whole["inputs"].size(), 3u);
}

TEST(Limits, AStructuredFileOverItsLimitIsALimitFindingNotAParseError) {
  const std::string dir = make_temp_dir("wid-limits");
  std::string big = "{\"items\": [";
  while (big.size() < (4u << 20) + 10) big += "\"xxxxxxxxxxxxxxxxxxxxxxxx\",";
  big += "\"end\"]}";
  std::ofstream(dir + "/big.json") << big;
  const auto report = analyze(dir, {});
  fs::remove_all(dir);
  ASSERT_EQ(limit_findings(report).size(), 1u) << report["findings"].dump(1);
  EXPECT_EQ(limit_findings(report)[0]["subject"], "big.json");
  EXPECT_NE(limit_findings(report)[0]["detail"].get<std::string>().find(
                "over the 4.0 MiB limit for YAML/JSON files; none of it was parsed"),
            std::string::npos);
  for (const auto& f : report["findings"]) EXPECT_NE(f["ruleId"], "INPUT_UNREADABLE") << f;
}

bool has_rule(const nlohmann::json& report, const std::string& id) {
  for (const auto& f : report["findings"])
    if (f["ruleId"] == id) return true;
  return false;
}

std::string detail_of(const nlohmann::json& finding) {
  return finding["detail"].get<std::string>();
}

// Three copies of the capz log, each kLog's size: a budget of one and a half reads the first
// whole, the second up to the budget (a plain log), the third not at all.
TEST(Limits, TheTotalBytesBudgetReadsUpToItAndCountsWhatItLeft) {
  testing::TempDir dir;
  const std::string log = read_file(kLog);
  for (const char* pod : {"a", "b", "c"})
    dir.write(std::string("logs/capz-system/capz-controller-manager-") + pod + "/manager.log", log);
  const size_t half = log.size() / 2;
  const std::string budget = std::to_string(log.size() + half);
  const auto cut = analyze(dir.path().string(), {"--limit", "total-bytes=" + budget});
  const auto whole = analyze(dir.path().string(), {});
  ASSERT_EQ(limit_findings(cut).size(), 1u) << cut["findings"].dump(1);
  const auto f = limit_findings(cut)[0];
  EXPECT_EQ(f["subject"], "logs/capz-system/capz-controller-manager-b/manager.log");
  const std::string d = detail_of(f);
  EXPECT_NE(d.find("Limit reached (total bytes)"), std::string::npos) << d;
  EXPECT_NE(d.find("the first " + std::to_string(half) + " of its " + std::to_string(log.size()) +
                   " bytes were read"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("1 input after it was not read (" +
                   std::to_string(log.size() - half + log.size()) + " bytes not read in all)"),
            std::string::npos)
      << d;
  EXPECT_NE(d.find("--limit total-bytes=N raises it"), std::string::npos) << d;
  // The third log is neither listed nor a finding of its own; the first is analyzed.
  EXPECT_EQ(cut["inputs"].size(), 2u) << cut["inputs"].dump(1);
  EXPECT_TRUE(has_rule(cut, "AADSTS70021"));
  EXPECT_FALSE(has_rule(cut, "INPUT_UNREADABLE"));
  EXPECT_TRUE(limit_findings(whole).empty());
  EXPECT_EQ(whole["inputs"].size(), 3u);
}

// A structured file where the budget runs out is not parsed at all (half a YAML file is not a
// YAML file); it is listed as not read, without a second, unreadable-input finding.
TEST(Limits, AStructuredFileOverTheTotalBudgetIsNotRead) {
  testing::TempDir dir;
  const std::string sa =
      "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: capz-manager\n  namespace: "
      "capz-system\n  annotations:\n    azure.workload.identity/client-id: "
      "2a8b4c6d-1e3f-4a5b-9c7d-0e1f2a3b4c5d\n";
  dir.write("a/sa.yaml", sa);
  dir.write("b/sa.yaml", sa);
  const auto cut =
      analyze(dir.path().string(), {"--limit", "total-bytes=" + std::to_string(sa.size() + 10)});
  ASSERT_EQ(limit_findings(cut).size(), 1u) << cut["findings"].dump(1);
  EXPECT_EQ(limit_findings(cut)[0]["subject"], "b/sa.yaml");
  EXPECT_NE(detail_of(limit_findings(cut)[0])
                .find("none of its " + std::to_string(sa.size()) + " bytes were read"),
            std::string::npos);
  ASSERT_EQ(cut["inputs"].size(), 2u);
  EXPECT_EQ(cut["inputs"][1]["status"], "skipped") << cut["inputs"][1];
  EXPECT_FALSE(has_rule(cut, "INPUT_UNREADABLE"));
}

// A .gz log that inflates past the limit is analyzed up to it: the symptom near its start is
// found, and the cut is a limit, not an unreadable input.
TEST(Limits, AGzipLogOverTheDecompressedLimitIsAnalyzedUpToIt) {
  testing::TempDir dir;
  std::string log = read_file(kLog);
  const std::string filler =
      "I1127 11:55:04.009311       1 azuremachine_controller.go:212] \"Reconciling "
      "AzureMachine\" controller=\"azuremachine\" namespace=\"default\"\n";
  while (log.size() < size_t{64} * 1024) log += filler;
  dir.write("logs/capz-system/capz-controller-manager-a/manager.log.gz", testing::gzip(log));
  const auto cut = analyze(dir.path().string(), {"--limit", "gzip-bytes=8K"});
  const auto whole = analyze(dir.path().string(), {});
  ASSERT_EQ(limit_findings(cut).size(), 1u) << cut["findings"].dump(1);
  const std::string d = detail_of(limit_findings(cut)[0]);
  EXPECT_EQ(limit_findings(cut)[0]["subject"],
            "logs/capz-system/capz-controller-manager-a/manager.log.gz");
  EXPECT_NE(d.find("decompresses to more than 8192 bytes"), std::string::npos) << d;
  EXPECT_NE(d.find("--limit gzip-bytes=N raises it"), std::string::npos) << d;
  EXPECT_TRUE(has_rule(cut, "AADSTS70021"));
  EXPECT_FALSE(has_rule(cut, "INPUT_UNREADABLE")) << cut["findings"].dump(1);
  EXPECT_EQ(cut["inputs"][0]["status"], "read");
  EXPECT_TRUE(limit_findings(whole).empty());
}

TEST(Limits, TheStructuredFileLimitIsRaisable) {
  testing::TempDir dir;
  std::string big = "{\"items\": [";
  while (big.size() < 3000) big += "\"xxxxxxxxxxxxxxxxxxxxxxxx\",";
  big += "\"end\"]}";
  dir.write("big.json", big);
  const auto cut = analyze(dir.path().string(), {"--limit", "file-bytes=1K"});
  const auto whole = analyze(dir.path().string(), {"--limit", "file-bytes=4K"});
  ASSERT_EQ(limit_findings(cut).size(), 1u) << cut["findings"].dump(1);
  EXPECT_NE(detail_of(limit_findings(cut)[0]).find("--limit file-bytes=N raises it"),
            std::string::npos);
  EXPECT_TRUE(limit_findings(whole).empty()) << whole["findings"].dump(1);
}

// The exit-code contract: a limit reached is a warning, so it alone exits 0, or 4 with
// --fail-on=warning.
TEST(Limits, ALimitAloneIsAWarningForTheExitCode) {
  testing::TempDir dir;
  dir.write("big.json", "{\"items\": [\"" + std::string(2048, 'x') + "\"]}");
  const std::string d = dir.path().string();
  const std::vector<std::string> base = {WID_BINARY, "analyze", d,         "-q",
                                         "-o",       "json=-",  "--limit", "file-bytes=1K"};
  EXPECT_EQ(run_binary(base).exit_code, 0);
  std::vector<std::string> warn = base;
  warn.insert(warn.end(), {"--fail-on", "warning"});
  EXPECT_EQ(run_binary(warn).exit_code, 4);
}

TEST(Limits, ArchiveEntriesAndEntryBytesAreRaisable) {
  testing::TempDir dir;
  const std::string log = read_file(kLog);
  dir.write("bundle.tar.gz",
            testing::make_tar({{"logs/capz-system/capz-controller-manager-a/manager.log", log},
                               {"logs/capz-system/capz-controller-manager-b/manager.log", log},
                               {"logs/capz-system/capz-controller-manager-c/manager.log", log}},
                              true));
  const std::string tgz = (dir.path() / "bundle.tar.gz").string();
  const auto entries = analyze(tgz, {"--limit", "archive-entries=2"});
  ASSERT_EQ(limit_findings(entries).size(), 1u) << entries["findings"].dump(1);
  EXPECT_NE(detail_of(limit_findings(entries)[0]).find("--limit archive-entries=N"),
            std::string::npos);
  EXPECT_EQ(entries["inputs"].size(), 2u);
  const auto bytes = analyze(tgz, {"--limit", "archive-entry-bytes=2K"});
  ASSERT_EQ(limit_findings(bytes).size(), 3u) << bytes["findings"].dump(1);
  EXPECT_NE(detail_of(limit_findings(bytes)[0]).find("--limit archive-entry-bytes=N raises it"),
            std::string::npos);
  EXPECT_FALSE(has_rule(bytes, "INPUT_UNREADABLE"));
  EXPECT_TRUE(limit_findings(analyze(tgz, {})).empty());
}

TEST(Limits, SamplesPerFindingAreRaisableAndTheCountStaysWhole) {
  testing::TempDir dir;
  std::string many;
  for (int i = 0; i < 4; ++i) many += read_file(kLog);
  dir.write("logs/capz-system/capz-controller-manager-a/manager.log", many);
  const auto one = analyze(dir.path().string(), {"--limit", "samples=1"});
  for (const auto& f : one["findings"]) {
    if (f["ruleId"] != "AADSTS70021") continue;
    EXPECT_EQ(f["samples"].size(), 1u);
    EXPECT_EQ(f["count"], 4);
  }
  EXPECT_TRUE(has_rule(one, "AADSTS70021"));
  EXPECT_TRUE(limit_findings(one).empty());
}

TEST(Limits, TheSarifResultsCutIsRaisableAndSaidInTheReport) {
  const std::string bundle =
      std::string(WID_SOURCE_DIR) + "/fixtures/bundles/quickstart-issuer-slash";
  RunResult r = run_binary({WID_BINARY, "analyze", bundle, "--now", "2026-11-28T12:00:00Z", "-q",
                            "-o", "sarif=-", "--limit", "sarif-results=1"});
  ASSERT_EQ(r.exit_code, 3) << r.err;
  const auto sarif = nlohmann::json::parse(r.out);
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["results"].size(), 1u);
  EXPECT_EQ(run["properties"]["resultsLimit"], 1);
  EXPECT_GE(run["properties"]["resultsOmitted"].get<int>(), 1);
  EXPECT_NE(run["invocations"][0].dump().find("--limit sarif-results=N"), std::string::npos);
}

TEST(Limits, TheJunitBodyBudgetIsRaisableAndSaidInTheReport) {
  const std::string bundle =
      std::string(WID_SOURCE_DIR) + "/fixtures/bundles/quickstart-issuer-slash";
  auto junit = [&](const std::string& limit) {
    return run_binary({WID_BINARY, "analyze", bundle, "--now", "2026-11-28T12:00:00Z", "-q", "-o",
                       "junit=-", "--limit", "junit-bytes=" + limit})
        .out;
  };
  // One byte of budget: the first failure has its body, every later one only the pointer.
  EXPECT_NE(junit("1").find("stopped writing them at 1 bytes to stay under GitLab"),
            std::string::npos);
  EXPECT_NE(junit("1").find("--limit junit-bytes=N raises it"), std::string::npos);
  EXPECT_EQ(junit("1M").find("--limit junit-bytes=N raises it"), std::string::npos);
}

TEST(Limits, LimitSettingsAreCheckedAndListedInHelp) {
  RunResult unknown = run_binary({WID_BINARY, "analyze", kLog, "--limit", "nope=1"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown limit (known: record-bytes, files, total-bytes"),
            std::string::npos)
      << unknown.err;
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--limit", "total-bytes=0"}).exit_code, 2);
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--limit", "samples=1K"}).exit_code, 2);
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--limit", "files"}).exit_code, 2);
  RunResult help = run_binary({WID_BINARY, "analyze", "--help"});
  for (const LimitSpec& s : limit_specs())
    EXPECT_NE(help.out.find(std::string(s.name) + "=" + format_limit_value(s.id, s.default_value)),
              std::string::npos)
        << s.name;
}

// The README's Limits table lists every limit of the table, with its default and option.
TEST(Limits, TheReadmeTableListsEveryLimit) {
  const std::string readme = read_file(std::string(WID_SOURCE_DIR) + "/README.md");
  std::istringstream lines(readme.substr(readme.find("## Limits")));
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line) && line.rfind("## Bundle", 0) != 0;)
    if (line.rfind("| ", 0) == 0) rows.push_back(line);
  for (const LimitSpec& s : limit_specs()) {
    const std::string head = "| " + std::string(s.what) + " | " +
                             format_limit_value(s.id, s.default_value) + " | `--limit " + s.name +
                             "=N`";
    bool found = false;
    for (const auto& row : rows) found = found || row.rfind(head, 0) == 0;
    EXPECT_TRUE(found) << "README has no row starting: " << head;
  }
}

TEST(Limits, FlagsRefuseValuesThatWouldDisableTheBound) {
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--max-record-bytes", "0"}).exit_code, 2);
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--max-files", "0"}).exit_code, 2);
}

}  // namespace
}  // namespace wid::test
