// The Report model: severity/status names, finalize() (canonical order and summary), and the
// `wi-doctor.report/v1` JSON form: exact round trip, the omission rule, and a reader that names
// the JSON pointer of any bad field and never throws.
#include "analyzer/model/report.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/model/sample_report.h"

namespace wid {
namespace {

using nlohmann::json;

TEST(ReportNames, SeverityAndStatusNamesRoundTrip) {
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kInfo})
    EXPECT_EQ(parse_severity(severity_name(s)), s);
  for (FindingStatus s : {FindingStatus::kPass, FindingStatus::kFail, FindingStatus::kUnknown})
    EXPECT_EQ(parse_status(status_name(s)), s);
  EXPECT_STREQ(severity_name(Severity::kError), "error");
  EXPECT_STREQ(severity_name(Severity::kWarning), "warning");
  EXPECT_STREQ(severity_name(Severity::kInfo), "info");
  EXPECT_STREQ(status_name(FindingStatus::kPass), "pass");
  EXPECT_STREQ(status_name(FindingStatus::kFail), "fail");
  EXPECT_STREQ(status_name(FindingStatus::kUnknown), "unknown");
}

TEST(ReportNames, ParseRejectsAnythingElse) {
  for (const char* bad : {"", "Error", "ERROR", "err", "critical", " error", "warn"})
    EXPECT_FALSE(parse_severity(bad).has_value()) << bad;
  for (const char* bad : {"", "Fail", "failed", "skip", "passed", "unknown "})
    EXPECT_FALSE(parse_status(bad).has_value()) << bad;
}

// Every closed set of the report: each value has a name, and the name parses back to it.
TEST(ReportNames, ClosedSetsRoundTrip) {
  for (auto v : {CollectorState::kCollected, CollectorState::kFailed, CollectorState::kSkipped})
    EXPECT_EQ(parse_collector_state(collector_state_name(v)), v);
  for (auto v : {CoverageState::kNotRun, CoverageState::kRan})
    EXPECT_EQ(parse_coverage_state(coverage_state_name(v)), v);
  for (auto v : {HopStatus::kFail, HopStatus::kNotChecked, HopStatus::kPass, HopStatus::kUnknown})
    EXPECT_EQ(parse_hop_status(hop_status_name(v)), v);
  for (auto v : {ReportMode::kLive, ReportMode::kOffline})
    EXPECT_EQ(parse_report_mode(report_mode_name(v)), v);
  for (auto v : {NowSource::kClock, NowSource::kFlag, NowSource::kManifest, NowSource::kNewestLog})
    EXPECT_EQ(parse_now_source(now_source_name(v)), v);
  for (auto v : {Confidence::kHigh, Confidence::kMedium})
    EXPECT_EQ(parse_confidence(confidence_name(v)), v);
  EXPECT_STREQ(now_source_name(NowSource::kNewestLog), "newest-log");
  EXPECT_STREQ(hop_status_name(HopStatus::kNotChecked), "not_checked");
  EXPECT_FALSE(parse_coverage_state("Ran").has_value());
}

TEST(ReportFinalize, SortsFindingsBySeverityThenRuleSubjectFingerprint) {
  Report r = sample::full_report();
  std::vector<std::string> order;
  for (const Finding& f : r.findings) order.push_back(f.rule_id);
  EXPECT_EQ(order,
            (std::vector<std::string>{"AADSTS70021", "ASO_SA_FIC_MISSING", "FIC_AUDIENCE_MISMATCH",
                                      "ISSUER_TRAILING_SLASH_MISMATCH", "INPUT_UNREADABLE",
                                      "LEADER_ELECTION_LOST"}));

  Report two;
  Finding a, b;
  a.rule_id = b.rule_id = "R";
  a.subject = b.subject = "s";
  a.fingerprint = "2";
  b.fingerprint = "1";
  two.findings = {a, b};
  two.finalize();
  EXPECT_EQ(two.findings[0].fingerprint, "1");
}

TEST(ReportFinalize, SortsInputsCollectorsCoverageSamplesAndEvidence) {
  Report r = sample::full_report();
  ASSERT_EQ(r.inputs.size(), 4u);
  EXPECT_EQ(r.inputs[0].path, "README.md");
  EXPECT_EQ(r.inputs[1].path, "azure/federated-credentials/capz-quickstart-identity.json");
  EXPECT_EQ(r.inputs[3].path, "templates/kind-config.yaml");
  EXPECT_EQ(r.collectors[0].name, "arm");
  EXPECT_EQ(r.coverage[0].rule_id, "DISCOVERY_DOC_ISSUER_MISMATCH");

  const Finding& sym = r.findings[0];
  ASSERT_EQ(sym.rule_id, "AADSTS70021");
  std::vector<uint64_t> lines;
  for (const Sample& s : sym.samples) lines.push_back(s.source.line);
  EXPECT_EQ(lines, (std::vector<uint64_t>{23, 41, 55, 71}));
  EXPECT_EQ(sym.missing,
            (std::vector<std::string>{"CREDENTIAL_NAME", "IDENTITY_NAME", "RESOURCE_GROUP"}));
  // Fix commands are ordered steps: never sorted.
  const Finding& cause = r.findings[3];
  ASSERT_EQ(cause.rule_id, "ISSUER_TRAILING_SLASH_MISMATCH");
  EXPECT_EQ(cause.evidence[0].source, "azure/federated-credentials/capz-quickstart-identity.json");
}

TEST(ReportFinalize, SummaryCountsFailuresBySeverityAndEveryStatus) {
  Report r = sample::full_report();
  EXPECT_EQ(r.summary.error, 2);  // two failing errors; the unknown and the pass do not count
  EXPECT_EQ(r.summary.warning, 1);
  EXPECT_EQ(r.summary.info, 1);
  EXPECT_EQ(r.summary.fail, 4);
  EXPECT_EQ(r.summary.unknown, 1);
  EXPECT_EQ(r.summary.pass, 1);
  EXPECT_EQ(r.summary.total, 6);

  // Recomputed, not accumulated: a stale summary is overwritten.
  r.summary.error = 99;
  r.finalize();
  EXPECT_EQ(r.summary.error, 2);
}

TEST(ReportFinalize, IsIdempotent) {
  Report r = sample::full_report();
  const std::string once = dump_json(report_to_json(r));
  r.finalize();
  EXPECT_EQ(dump_json(report_to_json(r)), once);
}

TEST(ReportJson, TopLevelShape) {
  const json j = report_to_json(sample::full_report());
  EXPECT_EQ(j["schemaVersion"], "wi-doctor.report/v1");
  EXPECT_EQ(j["tool"], (json{{"name", "wi-doctor"}, {"version", "0.1.0"}}));
  EXPECT_EQ(j["mode"], "offline");
  EXPECT_EQ(j["now"], "2026-11-27T09:15:00Z");
  EXPECT_EQ(j["nowSource"], "manifest");
  EXPECT_EQ(j["rulesLoaded"], 57);
  EXPECT_EQ(j["summary"]["total"], 6);
  EXPECT_EQ(j["redactions"], (json{{"client-secret", 1}, {"jwt", 2}}));
  EXPECT_EQ(j["collectors"][0]["durationMs"], 12);
  EXPECT_FALSE(j["collectors"][1].contains("durationMs"));

  const json& f = j["findings"][0];
  EXPECT_EQ(f["ruleId"], "AADSTS70021");
  EXPECT_EQ(f["severity"], "error");
  EXPECT_EQ(f["status"], "fail");
  EXPECT_EQ(f["count"], 6);
  EXPECT_EQ(f["first"], (json{{"path",
                               "logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/"
                               "manager.log"},
                              {"line", 23}}));
  EXPECT_EQ(f["samples"][0]["line"], 23);
  EXPECT_TRUE(f["samples"][0].contains("text"));
  EXPECT_EQ(f["captures"]["issuer"][0], "https://capzquickstartoidc.blob.core.windows.net/oidc");
  EXPECT_EQ(f["causedBy"], (json{"ISSUER_TRAILING_SLASH_MISMATCH"}));
  EXPECT_TRUE(f["fix"].contains("commands"));
  EXPECT_EQ(j["findings"][3]["evidence"][0]["expected"],
            "https://capzquickstartoidc.blob.core.windows.net/oidc");
}

TEST(ReportJson, EmptyOptionalFieldsAreOmitted) {
  const json j = report_to_json(sample::minimal_report());
  for (const char* key : {"nowSource", "yearSource"}) EXPECT_FALSE(j.contains(key)) << key;
  // Always present, even empty, so consumers can index them.
  for (const char* key : {"inputs", "collectors", "coverage", "findings", "summary", "redactions",
                          "rulesLoaded", "mode", "now"})
    EXPECT_TRUE(j.contains(key)) << key;
  const json& f = j["findings"][0];
  EXPECT_EQ(f, (json{{"fingerprint", "ff"},
                     {"ruleId", "X"},
                     {"title", "t"},
                     {"severity", "error"},
                     {"status", "fail"},
                     {"subject", "s"}}));
}

TEST(ReportJson, RoundTripIsExact) {
  // report_from_json finalizes what it reads, so the round trip is exact for finalized reports:
  // the only kind report_to_json is given outside tests.
  Report empty;
  empty.finalize();
  for (const Report& r : {sample::full_report(), sample::minimal_report(), empty}) {
    const json j = report_to_json(r);
    Result<Report> back = report_from_json(j);
    ASSERT_TRUE(back.ok()) << back.error().to_string();
    EXPECT_EQ(dump_json(report_to_json(*back)), dump_json(j));
  }
}

TEST(ReportJson, RoundTripThroughText) {
  const std::string text = dump_json(report_to_json(sample::full_report()));
  Result<Report> back = report_from_json(json::parse(text));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(dump_json(report_to_json(*back)), text);
}

TEST(ReportJson, ReaderIgnoresUnknownKeys) {
  // v1 grows by adding keys; an older reader must still re-render a newer v1 report.
  json j = report_to_json(sample::full_report());
  j["futureField"] = {1, 2};
  j["findings"][0]["futureField"] = "x";
  EXPECT_TRUE(report_from_json(j).ok());
}

TEST(ReportJson, WrongSchemaOrToolIsUnsupported) {
  json j = report_to_json(sample::minimal_report());
  j["schemaVersion"] = "wi-doctor.report/v2";
  Result<Report> r = report_from_json(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(r.error().where.pointer, "/schemaVersion");

  j = report_to_json(sample::minimal_report());
  j["tool"]["name"] = "kube-bench";
  r = report_from_json(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where.pointer, "/tool/name");
}

TEST(ReportJson, BadFieldsNameTheirPointer) {
  struct Case {
    std::function<void(json&)> mutate;
    std::string pointer;
    std::string message;
  };
  const std::vector<Case> cases = {
      {[](json& j) { j["findings"][2]["severity"] = "critical"; }, "/findings/2/severity",
       "expected one of error, warning, info"},
      {[](json& j) { j["findings"][1]["status"] = "skipped"; }, "/findings/1/status",
       "expected one of pass, fail, unknown"},
      {[](json& j) { j["findings"][0].erase("ruleId"); }, "/findings/0/ruleId",
       "required field is missing"},
      {[](json& j) { j["inputs"][1]["size"] = -5; }, "/inputs/1/size",
       "expected a non-negative integer"},
      {[](json& j) { j["inputs"][1]["size"] = 1.5; }, "/inputs/1/size",
       "expected a non-negative integer"},
      {[](json& j) { j["findings"][0]["captures"]["a/b~c"] = {1}; },
       "/findings/0/captures/a~1b~0c/0", "expected a string"},
      {[](json& j) { j["redactions"]["jwt"] = "two"; }, "/redactions/jwt",
       "expected a non-negative integer"},
      {[](json& j) { j["summary"]["total"] = 1e30; }, "/summary/total",
       "expected a non-negative integer"},
      {[](json& j) { j["rulesLoaded"] = 5000000000ull; }, "/rulesLoaded", "number out of range"},
      {[](json& j) { j.erase("findings"); }, "/findings", "required field is missing"},
      {[](json& j) { j["findings"][0]["first"] = "x:1"; }, "/findings/0/first",
       "expected an object"},
      // The report's closed value sets refuse a name outside them.
      {[](json& j) { j["mode"] = "online"; }, "/mode", "expected one of offline, live"},
      {[](json& j) { j["nowSource"] = "ntp"; }, "/nowSource", "expected one of flag, manifest"},
      {[](json& j) { j["collectors"][0]["status"] = "ok"; }, "/collectors/0/status",
       "expected one of collected, failed, skipped"},
      {[](json& j) { j["coverage"][1]["status"] = "notrun"; }, "/coverage/1/status",
       "expected one of ran, not_run"},
      {[](json& j) { j["chain"][0]["status"] = "broken"; }, "/chain/0/status",
       "expected one of fail, unknown, pass, not_checked"},
      {[](json& j) { j["findings"][0]["confidence"] = "low"; }, "/findings/0/confidence",
       "expected one of high, medium"},
  };
  for (const Case& c : cases) {
    json j = report_to_json(sample::full_report());
    c.mutate(j);
    Result<Report> r = report_from_json(j);
    ASSERT_FALSE(r.ok()) << c.pointer;
    EXPECT_EQ(r.error().code, ErrorCode::kParse) << c.pointer;
    EXPECT_EQ(r.error().where.pointer, c.pointer);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
}

// Every leaf (and every object and array) of a real report, replaced by a value of the wrong type,
// gives an error at exactly that pointer and never an exception.
TEST(ReportJson, EveryWrongTypeIsReportedAtItsPointer) {
  const json good = report_to_json(sample::full_report());
  const json flat = good.flatten();
  std::vector<std::string> pointers;
  for (auto it = flat.begin(); it != flat.end(); ++it) {
    // Every prefix of a leaf pointer is a node too.
    std::string p = it.key();
    while (!p.empty()) {
      pointers.push_back(p);
      p = p.substr(0, p.rfind('/'));
    }
  }
  std::sort(pointers.begin(), pointers.end());
  pointers.erase(std::unique(pointers.begin(), pointers.end()), pointers.end());
  ASSERT_GT(pointers.size(), 100u);
  for (const std::string& p : pointers) {
    const json::json_pointer ptr(p);
    const json& orig = good.at(ptr);
    json bad = good;
    bad[ptr] = orig.is_string() ? json(42) : json("wrong type");
    Result<Report> r(Report{});
    ASSERT_NO_THROW(r = report_from_json(bad)) << p;
    ASSERT_FALSE(r.ok()) << p;
    EXPECT_EQ(r.error().where.pointer, p);
  }
}

TEST(ReportJson, NonObjectsAreErrorsNotExceptions) {
  for (const json& j : {json(nullptr), json(1), json("report"), json::array(), json::object(),
                        json::parse(R"({"schemaVersion": null})")}) {
    Result<Report> r(Report{});
    ASSERT_NO_THROW(r = report_from_json(j));
    EXPECT_FALSE(r.ok());
  }
  Result<Report> r = report_from_json(json::array());
  EXPECT_EQ(r.error().where.pointer, "");
  EXPECT_NE(r.error().message.find("/: expected an object"), std::string::npos);
}

TEST(ReportJson, DumpReplacesInvalidUtf8InsteadOfThrowing) {
  // The model never carries invalid UTF-8 (text.h), but one stray byte must not abort a report.
  Report r = sample::minimal_report();
  r.findings[0].detail = std::string("bad \xff\xfe byte");
  std::string out;
  ASSERT_NO_THROW(out = dump_json(report_to_json(r)));
  EXPECT_NE(out.find("bad \xEF\xBF\xBD\xEF\xBF\xBD byte"), std::string::npos);
  EXPECT_TRUE(json::accept(out));
}

TEST(ReportJson, DumpIndentIsTwoSpacesAndCompactOnRequest) {
  const json j = {{"a", 1}};
  EXPECT_EQ(dump_json(j), "{\n  \"a\": 1\n}");
  EXPECT_EQ(dump_json(j, -1), "{\"a\":1}");
}

}  // namespace
}  // namespace wid

namespace wid {
namespace {

// The closed sets of the model are enums whose names come from one table each: every value
// writes its name and reads back as itself, and anything else is refused on read.
TEST(ReportNames, KindAndInputStatusRoundTrip) {
  for (FindingKind k : {FindingKind::kLog, FindingKind::kCheck, FindingKind::kInput})
    EXPECT_EQ(parse_kind(kind_name(k)), k);
  for (InputStatus s : {InputStatus::kRead, InputStatus::kUnreadable, InputStatus::kSkipped})
    EXPECT_EQ(parse_input_status(input_status_name(s)), s);
  EXPECT_EQ(parse_kind("Log"), std::nullopt);
  EXPECT_EQ(parse_input_status("ok"), std::nullopt);

  json j = report_to_json(sample::full_report());
  j["findings"][0]["kind"] = "rule";
  EXPECT_FALSE(report_from_json(j).ok());
  j = report_to_json(sample::full_report());
  j["inputs"][0]["status"] = "lost";
  EXPECT_FALSE(report_from_json(j).ok());
}

TEST(ReportFinalize, ReadReportsAreFinalized) {
  Result<Report> back = report_from_json(report_to_json(sample::full_report()));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE(back->finalized());
  EXPECT_FALSE(Report{}.finalized());
}

}  // namespace
}  // namespace wid
