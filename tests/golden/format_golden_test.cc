// Golden files per output format: a case with a golden/ directory holds the exact bytes each
// renderer wrote for it (report.txt, report.md, report.sarif, report.junit.xml, report.html).
// Output is deterministic (the case's `now`, sorted arrays, no clock); the one run-dependent value,
// a collector's durationMs, is set to 0 before comparing. WID_UPDATE_GOLDEN=1 rewrites the files
// (review the diff before committing it).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;

namespace wid::test {
namespace {

const fs::path kCases = fs::path(WID_SOURCE_DIR) / "fixtures" / "cases";

const std::pair<const char*, const char*> kFormats[] = {{"report.txt", "text"},
                                                        {"report.md", "markdown"},
                                                        {"report.sarif", "sarif"},
                                                        {"report.junit.xml", "junit"},
                                                        {"report.html", "html"}};

std::vector<std::string> golden_cases() {
  std::vector<std::string> out;
  for (auto& d : fs::directory_iterator(kCases))
    if (fs::is_directory(d.path() / "golden")) out.push_back(d.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// The JSON form writes "durationMs": N; the embedded copy in HTML escapes nothing in it.
std::string without_durations(const std::string& s) {
  static const std::regex kDuration(R"re("durationMs": ?[0-9]+)re");
  return std::regex_replace(s, kDuration, "\"durationMs\": 0");
}

class FormatGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(FormatGolden, EachFormatMatchesItsGoldenFile) {
  const fs::path dir = kCases / GetParam();
  const auto expected = nlohmann::json::parse(read_file((dir / "expected.json").string()));
  const std::string tmp = make_temp_dir("wid-format-golden");
  // Run from the case directory with a relative PATH: the collector is named after the PATH as
  // given, and an absolute one would tie the golden files to this checkout's location.
  std::vector<std::string> argv = {
      WID_BINARY, "analyze", "input", "--now", expected["now"].get<std::string>(), "-q"};
  for (auto& a : expected.value("args", nlohmann::json::array()))
    argv.push_back(a.get<std::string>());
  for (const auto& [file, format] : kFormats)
    argv.push_back(std::string("-o") + format + "=" + tmp + "/" + file);
  const RunResult r = run_binary(argv, dir.string(), {"NO_COLOR=1"});
  ASSERT_EQ(r.exit_code, expected.value("exitCode", 0)) << r.err;

  const bool update = std::getenv("WID_UPDATE_GOLDEN") != nullptr;
  int compared = 0;
  for (const auto& [file, format] : kFormats) {
    const fs::path golden = dir / "golden" / file;
    const std::string got = without_durations(read_file(tmp + "/" + file));
    if (update) {
      std::ofstream(golden, std::ios::binary) << got;
      continue;
    }
    ASSERT_TRUE(fs::exists(golden)) << golden << " missing: run with WID_UPDATE_GOLDEN=1";
    const std::string want = read_file(golden.string());
    if (got != want) {
      // Point at the first difference; the whole file is a diff away.
      const auto at = std::mismatch(got.begin(), got.end(), want.begin(), want.end());
      const size_t off = static_cast<size_t>(at.first - got.begin());
      const size_t from = off > 80 ? off - 80 : 0;
      ADD_FAILURE() << format << " output differs from " << golden << " at byte " << off
                    << "\n got: ..." << got.substr(from, 200) << "\nwant: ..."
                    << want.substr(from, 200)
                    << "\n(WID_UPDATE_GOLDEN=1 rewrites the golden files; review the diff)";
    }
    ++compared;
  }
  fs::remove_all(tmp);
  if (!update) {
    EXPECT_EQ(compared, static_cast<int>(std::size(kFormats)));
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, FormatGolden, ::testing::ValuesIn(golden_cases()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = param_info.param;
                           std::replace_if(
                               n.begin(), n.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return n;
                         });

// At least the cases the issue asks for exist, so deleting golden/ directories cannot pass.
TEST(FormatGoldenCases, ThreeCasesHaveGoldenFiles) {
  const auto cases = golden_cases();
  EXPECT_GE(cases.size(), 3u);
}

}  // namespace
}  // namespace wid::test
