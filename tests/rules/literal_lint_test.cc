// The prefilter lint: every built-in log rule gives the literal prefilter a required literal,
// and a user rule that gives none is named with its pattern and the reason, by the library and
// by `rules validate` (a warning: the rule still loads and works, only slowly).
#include "rules/literal_lint.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "rules/catalog.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace wid {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRules = R"(- id: TEAM_HEX_TOKEN
  group: custom
  title: A hex token in a log
  severity: warning
  kind: log
  match:
    any: ['[0-9a-f]{32}']
  explain: Team text.
- id: TEAM_PROXY_DENIED
  group: custom
  title: The proxy denied a CONNECT
  severity: warning
  kind: log
  match:
    any: ['proxy denied CONNECT to (?P<host>\S+):443']
  explain: Team text.
)";

TEST(LiteralLint, TheBuiltInCatalogGivesEveryPatternALiteral) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  for (const auto& p : lint_required_literals(*catalog))
    ADD_FAILURE() << p.rule_id << ": '" << p.pattern << "': " << p.why;
}

TEST(LiteralLint, NamesTheUserRuleWithoutALiteralAndWhy) {
  auto catalog = load_catalog({CatalogSource{"team/rules.yaml", kRules, false}});
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  const auto problems = lint_required_literals(*catalog);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].rule_id, "TEAM_HEX_TOKEN");
  EXPECT_EQ(problems[0].pattern, "[0-9a-f]{32}");
  EXPECT_NE(problems[0].why.find("no literal of at least 3 bytes"), std::string::npos);
}

TEST(LiteralLint, RulesValidateWarnsAndStillSucceeds) {
  const fs::path dir = fs::temp_directory_path() / ("wid-lint-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "team.yaml") << kRules;
  const auto r = test::run_binary({WID_BINARY, "rules", "validate", dir.string()});
  fs::remove_all(dir);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(": 2 rules OK"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("warning: rule TEAM_HEX_TOKEN: pattern '[0-9a-f]{32}'"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("TEAM_PROXY_DENIED"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wid
