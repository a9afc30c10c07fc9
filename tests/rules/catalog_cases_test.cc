// Catalog <-> golden cases <-> check table: every built-in rule has a positive case that expects
// it and a near-miss case that lists it as absent; every rule id a case names exists in the
// catalog; every `kind: check` entry has a check that reports it, every id a check reports or
// reads has an entry, and every check has a positive and a near-miss case.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "rules/catalog.h"
#include "rules/checks/check.h"
#include "tests/support/paths.h"
#include "tests/support/run_binary.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace wid {
namespace {

struct CaseIndex {
  std::map<std::string, std::set<std::string>> expected_in;  // rule id -> cases expecting it
  std::map<std::string, std::set<std::string>> absent_in;    // rule id -> cases asserting absence
};

CaseIndex index_cases() {
  CaseIndex idx;
  for (auto& d : fs::directory_iterator(fs::path(WID_SOURCE_DIR) / "fixtures" / "cases")) {
    fs::path e = d.path() / "expected.json";
    if (!fs::exists(e)) continue;
    json j = json::parse(test::read_file(e));
    std::string name = d.path().filename();
    for (auto& f : j.value("findings", json::array())) {
      if (f.value("status", "fail") == "fail") idx.expected_in[f["ruleId"]].insert(name);
      // A near miss of a check is a case where it ran and passed.
      if (f.value("status", "fail") == "pass") idx.absent_in[f["ruleId"]].insert(name);
      // A cause the text only hints at is asserted as a candidate on its symptom.
      for (auto& c : f.value("candidateCauses", json::array()))
        idx.expected_in[c.get<std::string>()].insert(name);
    }
    for (auto& a : j.value("absent", json::array()))
      idx.absent_in[a.get<std::string>()].insert(name);
  }
  return idx;
}

TEST(CatalogCases, EveryRuleHasAPositiveAndANearMissCase) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  CaseIndex idx = index_cases();
  for (auto& r : catalog->rules()) {
    EXPECT_FALSE(idx.expected_in[r.id].empty()) << r.id << ": no golden case expects it";
    if ((r.kind == RuleKind::kLog && !r.patterns.empty()) || r.kind == RuleKind::kCheck) {
      EXPECT_FALSE(idx.absent_in[r.id].empty())
          << r.id << ": no near-miss golden case lists it under `absent`";
    }
  }
}

TEST(CatalogCases, CasesNameOnlyKnownRules) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok());
  CaseIndex idx = index_cases();
  for (auto* m : {&idx.expected_in, &idx.absent_in})
    for (auto& [id, cases] : *m) {
      EXPECT_NE(catalog->find(id), nullptr)
          << id << " named in " << *cases.begin() << " is not a catalog rule";
    }
}

TEST(CatalogCases, EveryLogRuleHasExamplesAndCounterexamples) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok());
  for (auto& r : catalog->rules()) {
    if (r.kind != RuleKind::kLog || r.patterns.empty()) continue;
    EXPECT_FALSE(r.examples.empty()) << r.id << " has no examples";
    EXPECT_FALSE(r.counterexamples.empty()) << r.id << " has no counterexamples";
    EXPECT_FALSE(r.docs.empty()) << r.id << " has no docs link";
    EXPECT_FALSE(r.fix_summary.empty() && r.fix_commands.empty()) << r.id << " has no fix";
  }
}

// Entries a `kind: check` rule may have without a check: the engine itself reports them.
const std::set<std::string> kEngineReported = {"INPUT_UNREADABLE", "ANALYSIS_LIMIT_REACHED"};

TEST(CatalogCases, EveryCheckEntryHasACheck) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  std::set<std::string> reported;
  for (const CheckDef& def : check_table())
    reported.insert(def.rule_ids.begin(), def.rule_ids.end());
  for (auto& r : catalog->rules()) {
    if (r.kind != RuleKind::kCheck || kEngineReported.count(r.id)) continue;
    EXPECT_TRUE(reported.count(r.id))
        << r.id << " (" << r.source.to_string() << ") is a kind: check entry no check reports";
  }
}

TEST(CatalogCases, EveryIdACheckReportsOrReadsHasAnEntry) {
  auto catalog = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(catalog.ok()) << catalog.error().message;
  for (const CheckDef& def : check_table()) {
    for (std::string_view id : def.rule_ids) {
      const Rule* r = catalog->find(std::string(id));
      EXPECT_NE(r, nullptr) << def.name << " reports " << id << ", which has no catalog entry";
      if (r) {
        EXPECT_EQ(r->id, id) << def.name << " names an alias of " << r->id;
      }
    }
    for (const CaptureRead& read : def.reads) {
      if (read.rule_id == kAnyRule) continue;
      const Rule* r = catalog->find(std::string(read.rule_id));
      EXPECT_TRUE(r && r->kind == RuleKind::kLog)
          << def.name << " reads " << read.rule_id << ", which is not a log rule";
    }
  }
}

TEST(CatalogCases, EveryCheckHasAPositiveAndANearMissCase) {
  CaseIndex idx = index_cases();
  for (const CheckDef& def : check_table()) {
    bool positive = false, near_miss = false;
    for (std::string_view id : def.rule_ids) {
      positive = positive || !idx.expected_in[std::string(id)].empty();
      near_miss = near_miss || !idx.absent_in[std::string(id)].empty();
    }
    EXPECT_TRUE(positive) << def.name << ": no golden case expects any of its rules";
    EXPECT_TRUE(near_miss) << def.name << ": no near-miss golden case lists any of its rules";
  }
}

}  // namespace
}  // namespace wid
