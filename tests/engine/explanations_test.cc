// Wrappers and the first broken link: the catalog's `wraps` is resolved and held to its rules at
// load; a record that proves a wrapper and a wrapped rule explains the wrapper; what nothing
// explains decides the first broken link, a proven cause before a log symptom; an explained
// finding is fixed by fixing the roots it leads to; a rule with aliases names the codes seen.
#include "analyzer/engine/explanations.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "analyzer/engine/engine.h"
#include "analyzer/model/report.h"
#include "rules/catalog.h"
#include "rules/log_scanner.h"

namespace wid {
namespace {

Result<Catalog> load_one(const std::string& text) {
  return load_catalog({CatalogSource{"my-rules/wraps.yaml", text, false}});
}

std::string rule(const std::string& id, const std::string& pattern, const std::string& extra) {
  return "- id: " + id +
         "\n  group: custom\n  title: t\n  severity: error\n  kind: log\n  match:\n    any: ['" +
         pattern + "']\n  explain: e\n" + extra;
}

TEST(Wraps, ResolvesIdsGroupsAndPrefixesToLogRules) {
  auto c = load_one(rule("OUTER", "outer failed", "  wraps: [INNER_*, group:custom]\n") +
                    rule("INNER_ONE", "inner one", "") + rule("INNER_TWO", "inner two", ""));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->find("OUTER")->wrapped, (std::vector<std::string>{"INNER_ONE", "INNER_TWO"}));
}

TEST(Wraps, AnItemThatNamesNoRuleIsALoadError) {
  auto c = load_one(rule("OUTER", "outer failed", "  wraps: [NO_SUCH_*]\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("rule OUTER: field wraps: 'NO_SUCH_*' names no log rule"),
            std::string::npos)
      << c.error().message;
}

TEST(Wraps, WrappersThatLoopAreALoadError) {
  auto c = load_one(rule("A_WRAP", "a failed", "  wraps: [B_WRAP]\n") +
                    rule("B_WRAP", "b failed", "  wraps: [A_WRAP]\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("wrappers loop: A_WRAP -> B_WRAP -> A_WRAP"), std::string::npos)
      << c.error().message;
}

TEST(Wraps, TheBuiltinCapzLookupWrapsTokenAndArmRules) {
  auto c = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(c.ok()) << c.error().message;
  const auto& w = c->find("CAPZ_UAMI_CLIENTID_LOOKUP_FAILED")->wrapped;
  for (const char* id : {"AADSTS70021", "ARM_AUTHORIZATION_FAILED", "CAPZ_PROVIDERID_FORMAT"})
    EXPECT_NE(std::find(w.begin(), w.end(), id), w.end()) << id;
  EXPECT_EQ(std::find(w.begin(), w.end(), "CAPZ_UAMI_CLIENTID_LOOKUP_FAILED"), w.end());
}

class ScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = load_catalog(builtin_catalog_sources());
    ASSERT_TRUE(c.ok()) << c.error().message;
    catalog_ = std::move(c.value());
    auto s = LogScanner::create(catalog_, ScanOptions{});
    ASSERT_TRUE(s.ok());
    scanner_ = std::move(s.value());
  }
  const RuleHits* hits(const ScanResult& r, const std::string& id) {
    for (const RuleHits& h : r.hits)
      if (h.rule_id == id) return &h;
    return nullptr;
  }
  Catalog catalog_;
  std::unique_ptr<LogScanner> scanner_;
};

constexpr const char* kWrapped =
    R"(E1127 09:02:11.500000       1 controller.go:329] "Reconciler error" err="failed to get user-assigned identity ClientID: WorkloadIdentityCredential authentication failed. \nPOST https://login.microsoftonline.com/5d3e9f7a-2b1c-4e8d-9a6f-0c7b8e1d2f34/oauth2/v2.0/token\n--------------------------------------------------------------------------------\nRESPONSE 401: 401 Unauthorized\n--------------------------------------------------------------------------------\n{\n  \"error\": \"invalid_client\",\n  \"error_description\": \"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: 'https://capzquickstartoidc.blob.core.windows.net/oidc'. Assertion Subject: 'system:serviceaccount:capz-system:capz-manager'. Assertion Audience: 'api://AzureADTokenExchange'.\"\n}" controller="azuremachinetemplate")";

TEST_F(ScanTest, ARecordCarryingAWrappedRuleCountsForTheWrapper) {
  ScanResult r = scanner_->scan_text(kWrapped, "manager.log", "capz-manager");
  const RuleHits* w = hits(r, "CAPZ_UAMI_CLIENTID_LOOKUP_FAILED");
  ASSERT_NE(w, nullptr);
  EXPECT_EQ(w->wrapped, std::vector<std::string>{"AADSTS70021"});
  EXPECT_EQ(w->wrapped_records, 1u);
  ASSERT_NE(hits(r, "AADSTS70021"), nullptr);
  EXPECT_TRUE(hits(r, "AADSTS70021")->wrapped.empty());
}

TEST_F(ScanTest, AWrapperAroundAnUnknownErrorCarriesNothing) {
  ScanResult r = scanner_->scan_text(
      R"(E1127 09:02:11.500000       1 controller.go:329] "Reconciler error" err="failed to get user-assigned identity ClientID: context canceled")",
      "manager.log", "capz-manager");
  const RuleHits* w = hits(r, "CAPZ_UAMI_CLIENTID_LOOKUP_FAILED");
  ASSERT_NE(w, nullptr);
  EXPECT_TRUE(w->wrapped.empty());
  EXPECT_EQ(w->wrapped_records, 0u);
}

TEST_F(ScanTest, CodesAreTheAliasesTheTextCarried) {
  ScanResult r = scanner_->scan_text(
      "AADSTS50166: Request to External OIDC endpoint failed.\n"
      "ERROR: AADSTS501661: Request to External OIDC endpoint failed.",
      "job.log", "workload");
  const RuleHits* h = hits(r, "AADSTS90061");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->codes, (std::vector<std::string>{"AADSTS50166", "AADSTS501661"}));
  // A rule without aliases names no codes: its id says it.
  ScanResult plain = scanner_->scan_text(kWrapped, "manager.log", "capz-manager");
  EXPECT_TRUE(hits(plain, "AADSTS70021")->codes.empty());
}

Finding failing(const std::string& id, const std::string& hop, FindingKind kind) {
  Finding f;
  f.rule_id = id;
  f.hop = hop;
  f.kind = kind;
  f.subject = "s";
  return f;
}

Report finalized(std::vector<Finding> fs) {
  link_causes(fs);
  Report r;
  r.findings = std::move(fs);
  r.finalize();
  return r;
}

const Finding& by_id(const Report& r, const std::string& id) {
  for (const Finding& f : r.findings)
    if (f.rule_id == id) return f;
  throw std::runtime_error("no finding " + id);
}

TEST(FirstBroken, AWrapperExplainedByAProvenCauseNeverMovesIt) {
  Finding wrapper = failing("CAPZ_UAMI_CLIENTID_LOOKUP_FAILED", "identity", FindingKind::kLog);
  wrapper.explained_by = {"AADSTS70021"};
  Finding symptom = failing("AADSTS70021", "entra", FindingKind::kLog);
  symptom.causes = {"ISSUER_TRAILING_SLASH_MISMATCH"};
  Finding cause =
      failing("ISSUER_TRAILING_SLASH_MISMATCH", "federated-credential", FindingKind::kCheck);
  Report r = finalized({wrapper, symptom, cause});
  EXPECT_EQ(r.first_broken, "federated-credential");
  EXPECT_EQ(by_id(r, "CAPZ_UAMI_CLIENTID_LOOKUP_FAILED").fixed_by,
            std::vector<std::string>{"ISSUER_TRAILING_SLASH_MISMATCH"});
  EXPECT_EQ(by_id(r, "AADSTS70021").explained_by,
            std::vector<std::string>{"ISSUER_TRAILING_SLASH_MISMATCH"});
  EXPECT_TRUE(by_id(r, "ISSUER_TRAILING_SLASH_MISMATCH").fixed_by.empty());
}

TEST(FirstBroken, AProvenCauseOutranksAnEarlierUnexplainedLogSymptom) {
  Report r =
      finalized({failing("TOKEN_FILE_MISSING", "pod", FindingKind::kLog),
                 failing("FIC_AUDIENCE_MISMATCH", "federated-credential", FindingKind::kCheck)});
  EXPECT_EQ(r.first_broken, "federated-credential");
}

TEST(FirstBroken, WithoutAProvenCauseTheEarliestUnexplainedSymptomDecides) {
  Finding wrapper = failing("CAPZ_UAMI_CLIENTID_LOOKUP_FAILED", "identity", FindingKind::kLog);
  wrapper.explained_by = {"AADSTS70021"};
  Report r = finalized({wrapper, failing("AADSTS70021", "entra", FindingKind::kLog)});
  EXPECT_EQ(r.first_broken, "entra");
  EXPECT_EQ(by_id(r, "CAPZ_UAMI_CLIENTID_LOOKUP_FAILED").fixed_by,
            std::vector<std::string>{"AADSTS70021"});
}

TEST(FirstBroken, AWrappedRuleMissingFromTheReportExplainsNothing) {
  // --skip AADSTS70021: the scan saw it on the wrapper's record, but no finding says so.
  Finding wrapper = failing("CAPZ_UAMI_CLIENTID_LOOKUP_FAILED", "identity", FindingKind::kLog);
  wrapper.explained_by = {"AADSTS70021"};
  Report r = finalized(
      {wrapper, failing("ARM_AUTHORIZATION_FAILED", "role-assignment", FindingKind::kLog)});
  EXPECT_TRUE(by_id(r, "CAPZ_UAMI_CLIENTID_LOOKUP_FAILED").explained_by.empty());
  EXPECT_EQ(r.first_broken, "identity");
}

TEST(FirstBroken, AnInfoFindingNeverMarksALinkBroken) {
  Finding info = failing("KEYVAULT_OBJECT_DISABLED", "pod", FindingKind::kLog);
  info.severity = Severity::kInfo;
  Report alone = finalized({info});
  EXPECT_EQ(alone.first_broken, "");
  for (const ChainHop& h : alone.chain) EXPECT_EQ(h.status, HopStatus::kNotChecked) << h.hop;
  Report with_error =
      finalized({info, failing("ARM_AUTHORIZATION_FAILED", "role-assignment", FindingKind::kLog)});
  EXPECT_EQ(with_error.first_broken, "role-assignment");
}

TEST(FirstBroken, SurvivesTheJsonRoundTrip) {
  Finding wrapper = failing("CAPZ_UAMI_CLIENTID_LOOKUP_FAILED", "identity", FindingKind::kLog);
  wrapper.explained_by = {"AADSTS70021"};
  wrapper.codes = {"X"};
  Report r = finalized({wrapper, failing("AADSTS70021", "entra", FindingKind::kLog)});
  auto back = report_from_json(report_to_json(r));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->first_broken, "entra");
  EXPECT_EQ(report_to_json(*back), report_to_json(r));
}

}  // namespace
}  // namespace wid
