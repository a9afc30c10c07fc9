// The engine over an evidence store: findings from log hits with fixes filled from captures,
// the diagnosis pass, the time the evidence is judged at, and unreadable inputs as findings.
#include "analyzer/engine/engine.h"

#include <gtest/gtest.h>

#include "rules/catalog.h"

namespace wid {
namespace {

Finding make(const std::string& id, std::vector<std::string> causes = {}) {
  Finding f;
  f.rule_id = id;
  f.causes = std::move(causes);
  return f;
}

TEST(LinkCauses, SymptomHangsUnderTheCauseFoundInTheSameReport) {
  std::vector<Finding> fs = {
      make("AADSTS70021", {"ISSUER_DEFAULT_NOT_PUBLIC", "FIC_SUBJECT_WRONG_SA"}),
      make("ISSUER_DEFAULT_NOT_PUBLIC"), make("ARM_AUTHORIZATION_FAILED")};
  link_causes(fs);
  EXPECT_EQ(fs[0].caused_by, std::vector<std::string>{"ISSUER_DEFAULT_NOT_PUBLIC"});
  EXPECT_EQ(fs[1].explains, std::vector<std::string>{"AADSTS70021"});
  EXPECT_TRUE(fs[2].caused_by.empty());
}

TEST(LinkCauses, APassingCauseExplainsNothing) {
  std::vector<Finding> fs = {make("AADSTS70021", {"ISSUER_DEFAULT_NOT_PUBLIC"}),
                             make("ISSUER_DEFAULT_NOT_PUBLIC")};
  fs[1].status = FindingStatus::kPass;
  link_causes(fs);
  EXPECT_TRUE(fs[0].caused_by.empty());
}

TEST(Fingerprint, StableAndSensitiveToKeyValuesOnly) {
  std::string a = fingerprint("AADSTS70021", "s", {{"issuer", "https://a"}});
  EXPECT_EQ(a, fingerprint("AADSTS70021", "s", {{"issuer", "https://a"}}));
  EXPECT_NE(a, fingerprint("AADSTS70021", "s", {{"issuer", "https://a/"}}));
  EXPECT_NE(a, fingerprint("AADSTS70021", "t", {{"issuer", "https://a"}}));
  EXPECT_EQ(a.size(), 16u);
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = load_catalog(builtin_catalog_sources());
    ASSERT_TRUE(c.ok()) << c.error().message;
    catalog_ = std::move(c.value());
  }
  Catalog catalog_;
};

TEST_F(EngineTest, NowPrefersFlagThenManifestThenLogsThenClock) {
  EvidenceStore store;
  AnalyzeOptions o;
  o.clock_now = "2030-01-01T00:00:00Z";
  auto r = analyze(store, catalog_, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->now_source, NowSource::kClock);
  EXPECT_EQ(r->now, "2030-01-01T00:00:00Z");
  store.newest_timestamp = "2026-11-01T10:00:00Z";
  EXPECT_EQ(analyze(store, catalog_, o)->now_source, NowSource::kNewestLog);
  store.manifest_time = "2026-11-02T10:00:00Z";
  EXPECT_EQ(analyze(store, catalog_, o)->now, "2026-11-02T10:00:00Z");
  o.now = "2026-11-28T12:00:00Z";
  EXPECT_EQ(analyze(store, catalog_, o)->now_source, NowSource::kFlag);
}

TEST_F(EngineTest, UnreadableInputsBecomeWarningsOncePerPath) {
  EvidenceStore store;
  store.inputs.push_back(
      InputFile{"a.yaml", "", 3, "yaml", "", InputStatus::kUnreadable, "bad at 1:2", "", ""});
  store.unreadable.push_back(UnreadableInput{SourceRef{"a.yaml", 1, ""}, "yaml", "bad at 1:2"});
  store.inputs.push_back(
      InputFile{"../evil", "", 0, "", "", InputStatus::kSkipped, "unsafe path", "", ""});
  auto r = analyze(store, catalog_, {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->findings.size(), 2u);
  for (auto& f : r->findings) {
    EXPECT_EQ(f.rule_id, "INPUT_UNREADABLE");
    EXPECT_EQ(f.severity, Severity::kWarning);
  }
  AnalyzeOptions skip;
  skip.skip = {"INPUT_UNREADABLE"};
  EXPECT_TRUE(analyze(store, catalog_, skip)->findings.empty());
}

}  // namespace
}  // namespace wid

namespace wid {
namespace {

TEST(KlogYear, TakesTheYearOfTheReference) {
  EXPECT_EQ(klog_with_year("11-27T09:02:11", "2026-11-28T12:00:00Z"), "2026-11-27T09:02:11Z");
}

TEST(KlogYear, DecemberLinesJudgedInJanuaryBelongToTheYearBefore) {
  EXPECT_EQ(klog_with_year("12-31T23:59:58", "2027-01-01T00:00:05Z"), "2026-12-31T23:59:58Z");
  // Same month, later in the day than the reference (clock skew between sources): same year.
  EXPECT_EQ(klog_with_year("01-01T00:10:00", "2027-01-01T00:00:05Z"), "2027-01-01T00:10:00Z");
}

TEST(KlogYear, NoReferenceNoTime) { EXPECT_EQ(klog_with_year("11-27T09:02:11", ""), ""); }

}  // namespace
}  // namespace wid

#include "analyzer/engine/run_checks.h"

namespace wid {
namespace {

Finding with_fix(const std::string& subject, std::vector<std::string> missing, FindingStatus st) {
  Finding f;
  f.rule_id = "ISSUER_DEFAULT_NOT_PUBLIC";
  f.subject = subject;
  f.status = st;
  f.fix.commands = {"fix with " + std::to_string(missing.size()) + " placeholders"};
  f.missing = std::move(missing);
  f.evidence = {{"a", "", "observed", "", Difference::kNone}};
  return f;
}

TEST(MergeFindings, SameRuleAndSubjectMergeAndTheMoreCompleteFixWins) {
  std::vector<Finding> into = {
      with_fix("https://kubernetes.default.svc", {"PUBLIC_ISSUER"}, FindingStatus::kFail)};
  std::vector<Finding> from = {
      with_fix("https://kubernetes.default.svc", {}, FindingStatus::kFail),
      with_fix("https://other", {}, FindingStatus::kFail),
      with_fix("https://kubernetes.default.svc", {}, FindingStatus::kPass)};
  merge_findings(into, std::move(from));
  // The pass of the failing subject is dropped; the other subject stays a finding of its own.
  ASSERT_EQ(into.size(), 2u);
  EXPECT_EQ(into[1].subject, "https://other");
  EXPECT_EQ(into[0].evidence.size(), 2u);
  EXPECT_TRUE(into[0].missing.empty());
  EXPECT_EQ(into[0].fix.commands[0], "fix with 0 placeholders");
}

TEST(MergeFindings, APassGivesWayToAFailOfTheSameRuleAndSubject) {
  std::vector<Finding> into;
  std::vector<Finding> from = {with_fix("fic", {}, FindingStatus::kPass),
                               with_fix("fic", {}, FindingStatus::kFail),
                               with_fix("other", {}, FindingStatus::kPass)};
  merge_findings(into, std::move(from));
  ASSERT_EQ(into.size(), 2u);
  EXPECT_EQ(into[0].status, FindingStatus::kFail);
  EXPECT_EQ(into[1].subject, "other");
}

TEST(MergeFindings, ALessCompleteFixDoesNotReplaceABetterOne) {
  std::vector<Finding> into = {with_fix("s", {}, FindingStatus::kFail)};
  std::vector<Finding> from = {with_fix("s", {"A", "B"}, FindingStatus::kFail)};
  merge_findings(into, std::move(from));
  ASSERT_EQ(into.size(), 1u);
  EXPECT_TRUE(into[0].missing.empty());
}

}  // namespace
}  // namespace wid
