// --only/--skip decide the scan's catalog before the scan: unselected log rules are not compiled,
// and derivations keep their source and target so selected findings read as in a full run.
#include "analyzer/engine/rule_selection.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace wid {
namespace {

const Catalog& builtin() {
  static const Catalog c = [] {
    auto r = load_catalog(builtin_catalog_sources());
    EXPECT_TRUE(r.ok());
    return *r;
  }();
  return c;
}

bool scans(const Catalog& c, const std::string& id) {
  for (const Rule* r : c.log_rules())
    if (r->id == id) return true;
  return false;
}

TEST(RuleSelection, NoFilterSelectsEverything) {
  RuleSelection s(builtin(), {}, {});
  EXPECT_TRUE(s.all());
  EXPECT_TRUE(s.selected("AADSTS70021"));
}

TEST(RuleSelection, OnlyLeavesOtherLogRulesOutOfTheScan) {
  RuleSelection s(builtin(), {"AADSTS70021"}, {});
  const Catalog c = s.scan_catalog();
  EXPECT_TRUE(scans(c, "AADSTS70021"));
  EXPECT_FALSE(scans(c, "AADSTS700016"));
  EXPECT_LT(c.log_rules().size(), builtin().log_rules().size());
  // Check entries stay: the scanner gives derived causes a slot from them.
  auto checks = [](const Catalog& cat) {
    return std::count_if(cat.rules().begin(), cat.rules().end(),
                         [](const Rule& r) { return r.kind == RuleKind::kCheck; });
  };
  EXPECT_EQ(checks(c), checks(builtin()));
}

TEST(RuleSelection, SkippedRuleLeavesTheScan) {
  RuleSelection s(builtin(), {}, {"AADSTS70021"});
  EXPECT_FALSE(s.selected("AADSTS70021"));
  EXPECT_FALSE(scans(s.scan_catalog(), "AADSTS70021"));
  EXPECT_TRUE(scans(s.scan_catalog(), "AADSTS700016"));
}

TEST(RuleSelection, AliasesNameTheirRule) {
  RuleSelection s(builtin(), {"AADSTS7002137"}, {});
  EXPECT_TRUE(s.selected("AADSTS7002138"));
  EXPECT_FALSE(s.selected("AADSTS70021"));
}

// SA_TOKEN_NOT_REREAD has no pattern: AADSTS700024's text derives it. Skipping the source must not
// lose the derived cause, and selecting only the cause must still scan its source.
TEST(RuleSelection, DerivationsKeepTheirSource) {
  EXPECT_TRUE(scans(RuleSelection(builtin(), {}, {"AADSTS700024"}).scan_catalog(), "AADSTS700024"));
  EXPECT_TRUE(
      scans(RuleSelection(builtin(), {"SA_TOKEN_NOT_REREAD"}, {}).scan_catalog(), "AADSTS700024"));
  EXPECT_FALSE(
      scans(RuleSelection(builtin(), {"SA_TOKEN_NOT_REREAD"}, {}).scan_catalog(), "AADSTS70021"));
}

}  // namespace
}  // namespace wid
