// The documents the binary writes about itself: docs/failures.md must be exactly what
// `wi-doctor explain --all -o markdown` prints from the embedded catalog (so the reference cannot
// drift from the rules), and `wi-doctor version` must name the revision and the libraries the
// binary really runs with.
#include <archive.h>
#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "rules/hs_prefilter.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid::test {
namespace {

RunResult wid(std::vector<std::string> args) {
  args.insert(args.begin(), WID_BINARY);
  return run_binary(args, WID_SOURCE_DIR, {"NO_COLOR=1"});
}

TEST(ReferenceDocs, FailuresMdIsGeneratedFromTheCatalog) {
  RunResult r = wid({"explain", "--all", "-o", "markdown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string committed = read_file(std::string(WID_SOURCE_DIR) + "/docs/failures.md");
  EXPECT_TRUE(committed == r.out)
      << "docs/failures.md is stale: regenerate it with\n"
         "  build/wi-doctor explain --all -o markdown > docs/failures.md";
}

TEST(ReferenceDocs, FailuresMdHasEveryRuleOnce) {
  RunResult list = wid({"rules", "list"});
  RunResult md = wid({"explain", "--all", "-o", "markdown"});
  ASSERT_EQ(list.exit_code, 0);
  ASSERT_EQ(md.exit_code, 0);
  std::istringstream lines(list.out);
  std::string line;
  std::getline(lines, line);  // header
  int rules = 0;
  while (std::getline(lines, line)) {
    const std::string id = line.substr(0, line.find(' '));
    ++rules;
    const std::string heading = "\n### " + id + "\n";
    const auto at = md.out.find(heading);
    EXPECT_NE(at, std::string::npos) << id << " has no section";
    EXPECT_EQ(md.out.find(heading, at + 1), std::string::npos) << id << " has two sections";
  }
  EXPECT_GT(rules, 50);
}

// The id column grows with the longest id: a user rule's long id still leaves a space before its
// severity, so the table splits on whitespace.
TEST(ReferenceDocs, RulesListFitsLongIds) {
  const std::string dir = make_temp_dir("wid-long-id");
  const std::string id = "A_USER_RULE_WITH_AN_ID_LONGER_THAN_THE_BUILT_IN_COLUMN";
  std::ofstream(dir + "/long.yaml") << "- id: " << id << R"(
  group: custom
  title: a long id
  severity: warning
  kind: log
  explain: test
  match: {any: ['long-id-marker'], components: [any]}
)";
  RunResult r = wid({"rules", "list", "--rules", dir});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\n" + id + " warning "), std::string::npos) << r.out;
  std::filesystem::remove_all(dir);
}

TEST(ReferenceDocs, ExplainMarkdownNeedsAll) {
  EXPECT_EQ(wid({"explain", "AADSTS70021", "-o", "markdown"}).exit_code, 2);
  EXPECT_EQ(wid({"explain"}).exit_code, 2);
  EXPECT_EQ(wid({"explain", "--all", "AADSTS70021"}).exit_code, 2);
}

TEST(ReferenceDocs, VersionNamesRevisionAndRuntimeLibraries) {
  RunResult r = wid({"version"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("wi-doctor 0.", 0), 0u) << r.out;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.out, m, std::regex("\nrevision: (\\S+)\n"))) << r.out;
  if (std::filesystem::exists(std::string(WID_SOURCE_DIR) + "/.git")) {
    EXPECT_TRUE(
        std::regex_match(m[1].str(), std::regex("[0-9a-f]{12}(-dirty)?|.*-g[0-9a-f]{12}(-dirty)?")))
        << "not a git revision: " << m[1];
  }
  // The libraries as the test process, linked against the same shared objects, sees them.
  EXPECT_NE(r.out.find("  OpenSSL        " + std::string(OpenSSL_version(OPENSSL_VERSION)) + "\n"),
            std::string::npos)
      << r.out;
  std::string archive = archive_version_string();
  archive = archive.substr(archive.find(' ') + 1);
  EXPECT_NE(r.out.find("  libarchive     " + archive + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  zlib           " + std::string(zlibVersion()) + "\n"), std::string::npos)
      << r.out;
  // Hyperscan as the scanner sees it: its version, or that the build has none.
  const std::string hs = hyperscan_version();
  EXPECT_NE(r.out.find("  Hyperscan      " + (hs.empty() ? std::string("not in this build") : hs)),
            std::string::npos)
      << r.out;
  for (const char* lib : {"RE2", "yaml-cpp", "nlohmann/json", "CLI11", "libcurl"}) {
    std::smatch v;
    EXPECT_TRUE(std::regex_search(r.out, v, std::regex(std::string("\n  ") + lib + " +\\S.*\n")))
        << lib << " missing from\n"
        << r.out;
  }
}

}  // namespace
}  // namespace wid::test
