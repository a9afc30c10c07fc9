// Limits that say what they cut: a bound reached is an ANALYSIS_LIMIT_REACHED finding naming the
// input, what was not read and the option that raises the bound; raising it reads everything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

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

TEST(Limits, FlagsRefuseValuesThatWouldDisableTheBound) {
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--max-record-bytes", "0"}).exit_code, 2);
  EXPECT_EQ(run_binary({WID_BINARY, "analyze", kLog, "--max-files", "0"}).exit_code, 2);
}

}  // namespace
}  // namespace wid::test
