// The sarif renderer: the SARIF 2.1.0 shape GitHub code scanning ingests, levels by
// severity and status, the three places a result can be located, fingerprints, rule indexes,
// hostile text, the 5,000-result cap, and the whole built-in catalog in rules[]. Schema and
// GitHub-ingestion validity are proven by the real validator in tests/consumers/test_sarif.py.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/outputs.h"
#include "analyzer/model/text.h"
#include "reports/renderer.h"
#include "tests/model/sample_report.h"

namespace wid {
namespace {

using nlohmann::json;

std::string render_bytes(const Report& r, const std::vector<RuleDoc>& rules = {}) {
  std::ostringstream out;
  Status st = render_sarif(r, RenderOptions{false, rules}, out);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().to_string());
  return out.str();
}

json render(const Report& r, const std::vector<RuleDoc>& rules = {}) {
  const std::string bytes = render_bytes(r, rules);
  EXPECT_TRUE(is_valid_utf8(bytes));
  return json::parse(bytes);
}

const json& run_of(const json& s) { return s.at("runs").at(0); }

// The result for a rule id (the first when several).
const json* result_for(const json& s, const std::string& rule_id) {
  for (const json& r : run_of(s).at("results"))
    if (r.at("ruleId") == rule_id) return &r;
  return nullptr;
}

const json& physical(const json& result) {
  return result.at("locations").at(0).at("physicalLocation");
}

Finding finding(const std::string& rule_id, const std::string& subject, Severity sev,
                FindingStatus status = FindingStatus::kFail) {
  Finding f;
  f.fingerprint = "fp-" + rule_id + "-" + subject;
  f.rule_id = rule_id;
  f.title = "Title of " + rule_id;
  f.group = "issuer";
  f.hop = "issuer";
  f.severity = sev;
  f.status = status;
  f.kind = FindingKind::kCheck;
  f.subject = subject;
  return f;
}

Report report_with(std::vector<Finding> findings, std::vector<InputFile> inputs = {}) {
  Report r;
  r.tool_version = "0.1.0";
  r.now = "2026-11-27T09:15:00Z";
  r.inputs = std::move(inputs);
  r.findings = std::move(findings);
  r.finalize();
  return r;
}

InputFile input(const std::string& path, const std::string& source_path = "") {
  return InputFile{path, std::string(64, 'a'), 10, "k8s/kind-config", "", InputStatus::kRead,
                   "",   source_path,          ""};
}

TEST(RenderSarif, SameReportSameBytes) {
  EXPECT_EQ(render_bytes(sample::full_report()), render_bytes(sample::full_report()));
  Report shuffled = sample::full_report();
  std::reverse(shuffled.findings.begin(), shuffled.findings.end());
  std::reverse(shuffled.inputs.begin(), shuffled.inputs.end());
  for (Finding& f : shuffled.findings) std::reverse(f.evidence.begin(), f.evidence.end());
  shuffled.finalize();  // where a report is made: the renderer takes it as it is
  EXPECT_EQ(render_bytes(shuffled), render_bytes(sample::full_report()));
}

TEST(RenderSarif, HasTheShapeGitHubIngests) {
  const std::string bytes = render_bytes(sample::full_report());
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(bytes.back(), '\n');
  const json s = json::parse(bytes);
  EXPECT_EQ(s.at("$schema"), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(s.at("version"), "2.1.0");
  ASSERT_EQ(s.at("runs").size(), 1u);
  const json& driver = run_of(s).at("tool").at("driver");
  EXPECT_EQ(driver.at("name"), "wi-doctor");
  EXPECT_EQ(driver.at("semanticVersion"), "0.1.0");
  EXPECT_EQ(driver.at("informationUri"), "https://github.com/wi-doctor/wi-doctor");
  EXPECT_TRUE(run_of(s).at("invocations").at(0).at("executionSuccessful").get<bool>());
  EXPECT_TRUE(run_of(s).at("originalUriBaseIds").contains("%SRCROOT%"));
  EXPECT_TRUE(run_of(s).at("originalUriBaseIds").contains("BUNDLEROOT"));
  // Passes are not results: 6 findings, one of them a pass.
  EXPECT_EQ(run_of(s).at("results").size(), 5u);
  for (const json& r : run_of(s).at("results")) {
    EXPECT_FALSE(r.at("message").at("text").get<std::string>().empty());
    EXPECT_FALSE(r.at("message").contains("markdown"));
    EXPECT_EQ(r.at("locations").size(), 1u);
    EXPECT_TRUE(physical(r).at("region").at("startLine").get<int>() >= 1);
  }
}

TEST(RenderSarif, NoFindingsIsAnEmptyArrayNotNull) {
  const json s = render(report_with({}));
  ASSERT_TRUE(run_of(s).at("results").is_array());
  EXPECT_TRUE(run_of(s).at("results").empty());
  EXPECT_TRUE(run_of(s).at("tool").at("driver").at("rules").is_array());
}

TEST(RenderSarif, LevelsFollowSeverityAndStatus) {
  const json s = render(report_with({
      finding("E_RULE", "a", Severity::kError),
      finding("W_RULE", "a", Severity::kWarning),
      finding("I_RULE", "a", Severity::kInfo),
      finding("U_RULE", "a", Severity::kError, FindingStatus::kUnknown),
      finding("P_RULE", "a", Severity::kError, FindingStatus::kPass),
  }));
  EXPECT_EQ(result_for(s, "E_RULE")->at("level"), "error");
  EXPECT_EQ(result_for(s, "W_RULE")->at("level"), "warning");
  EXPECT_EQ(result_for(s, "I_RULE")->at("level"), "note");
  EXPECT_FALSE(result_for(s, "E_RULE")->contains("kind"));  // absent = "fail"
  // SARIF 3.27.9/3.27.10: a result whose kind is not "fail" must have level "none".
  const json* u = result_for(s, "U_RULE");
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->at("kind"), "open");
  EXPECT_EQ(u->at("level"), "none");
  EXPECT_NE(u->at("message").at("text").get<std::string>().find("Unknown"), std::string::npos);
  EXPECT_EQ(result_for(s, "P_RULE"), nullptr);

  std::map<std::string, std::string> defaults;
  for (const json& rule : run_of(s).at("tool").at("driver").at("rules"))
    defaults[rule.at("id")] = rule.at("defaultConfiguration").at("level");
  EXPECT_EQ(defaults["E_RULE"], "error");
  EXPECT_EQ(defaults["W_RULE"], "warning");
  EXPECT_EQ(defaults["I_RULE"], "note");
  EXPECT_EQ(defaults["P_RULE"], "error");  // a rule that passed is still described
}

// (a) Evidence from a file under --source-root: the repository path and the manifest's line.
TEST(RenderSarif, LocatesAtTheUsersManifestWhenTheInputIsInTheRepository) {
  Finding f = finding("ISSUER_X", "cluster/kind", Severity::kError);
  f.evidence = {
      {"azure/fic.json", "/0/issuer", "https://a/", "https://a", Difference::kTrailingSlash},
      {"templates/kind-config.yaml", "line 14", "https://a", "", Difference::kNone}};
  const json s = render(
      report_with({f}, {input("templates/kind-config.yaml", "infra/clusters/kind config.yaml"),
                        input("azure/fic.json")}));
  const json& p = physical(*result_for(s, "ISSUER_X"));
  EXPECT_EQ(p.at("artifactLocation").at("uri"), "infra/clusters/kind%20config.yaml");
  EXPECT_EQ(p.at("artifactLocation").at("uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(p.at("region").at("startLine"), 14);
}

TEST(RenderSarif, RepositoryLocationFromALogSourceRefKeepsItsLine) {
  Finding f = finding("LOG_X", "component/x", Severity::kWarning);
  f.first = SourceRef{"repo/app.log", 7, ""};
  const json s = render(report_with({f}, {input("repo/app.log", "ci/app.log")}));
  const json& p = physical(*result_for(s, "LOG_X"));
  EXPECT_EQ(p.at("artifactLocation").at("uri"), "ci/app.log");
  EXPECT_EQ(p.at("artifactLocation").at("uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(p.at("region").at("startLine"), 7);
}

// (b) No repository path: the bundle file and line; a URL source is never a location.
TEST(RenderSarif, LocatesAtTheBundleFileOtherwise) {
  Finding f = finding("AADSTS70021", "system:serviceaccount:a:b", Severity::kError);
  f.evidence = {{"https://issuer.example.com/.well-known/openid-configuration", "/issuer",
                 "https://issuer.example.com", "", Difference::kNone}};
  f.first = SourceRef{"logs/capz-system/manager.log", 23, ""};
  f.samples = {{SourceRef{"logs/capz-system/manager.log", 23, ""}, "line"}};
  const json s = render(report_with({f}, {input("logs/capz-system/manager.log")}));
  const json& p = physical(*result_for(s, "AADSTS70021"));
  EXPECT_EQ(p.at("artifactLocation").at("uri"), "logs/capz-system/manager.log");
  EXPECT_EQ(p.at("artifactLocation").at("uriBaseId"), "BUNDLEROOT");
  EXPECT_EQ(p.at("region").at("startLine"), 23);
}

TEST(RenderSarif, BundleLocationWithoutALineStartsAtLineOne) {
  Finding f = finding("FIC_X", "id/cred", Severity::kError);
  f.evidence = {
      {"azure/federated-credentials/id.json", "/0/subject", "x", "y", Difference::kOther}};
  const json s = render(report_with({f}));
  const json& p = physical(*result_for(s, "FIC_X"));
  EXPECT_EQ(p.at("artifactLocation").at("uri"), "azure/federated-credentials/id.json");
  EXPECT_EQ(p.at("region").at("startLine"), 1);
}

// (c) Nothing file-like: a stable synthetic path, never an absolute path or a host.
TEST(RenderSarif, FallsBackToAStableSyntheticPath) {
  Finding f = finding("ASO_SA_FIC_MISSING",
                      "system:serviceaccount:capz-system:azureserviceoperator-default",
                      Severity::kError, FindingStatus::kUnknown);
  f.hop = "federated-credential";
  f.evidence = {{"/home/user/bundle/azure/x.json", "", "a", "", Difference::kNone},
                {"https://login.microsoftonline.com/x", "", "b", "", Difference::kNone},
                {"--set", "", "c", "", Difference::kNone},
                {"../outside.yaml", "line 3", "d", "", Difference::kNone}};
  const json s = render(report_with({f}));
  const json& p = physical(*result_for(s, "ASO_SA_FIC_MISSING"));
  EXPECT_EQ(p.at("artifactLocation").at("uri"),
            ".wi-doctor/federated-credential/"
            "system_serviceaccount_capz-system_azureserviceoperator-default.yaml");
  EXPECT_EQ(p.at("artifactLocation").at("uriBaseId"), "%SRCROOT%");
  EXPECT_EQ(p.at("region").at("startLine"), 1);
  EXPECT_EQ(render_bytes(report_with({f})), render_bytes(report_with({f})));

  // No hop: the group names the directory; a long subject is cut with a hash that keeps it apart.
  Finding g = finding("ARM_X", "/subscriptions/" + std::string(300, 'x'), Severity::kError);
  g.hop.clear();
  g.group = "arm-authorization";
  Finding h = g;
  h.rule_id = "ARM_Y";
  h.subject += "y";
  const json s2 = render(report_with({g, h}));
  const std::string ug =
      physical(*result_for(s2, "ARM_X")).at("artifactLocation").at("uri").get<std::string>();
  const std::string uh =
      physical(*result_for(s2, "ARM_Y")).at("artifactLocation").at("uri").get<std::string>();
  EXPECT_EQ(ug.rfind(".wi-doctor/arm-authorization/_subscriptions_xxx", 0), 0u) << ug;
  EXPECT_LT(ug.size(), 160u);
  EXPECT_NE(ug, uh);
}

TEST(RenderSarif, NoUriIsAbsoluteOrNamesAHost) {
  const json s = render(sample::full_report());
  for (const json& r : run_of(s).at("results")) {
    const std::string uri = physical(r).at("artifactLocation").at("uri");
    EXPECT_NE(uri.front(), '/') << uri;
    EXPECT_EQ(uri.find("://"), std::string::npos) << uri;
    EXPECT_EQ(uri.find(".."), std::string::npos) << uri;
  }
}

TEST(RenderSarif, FingerprintsAndLogicalLocationsComeFromTheFinding) {
  const json s = render(sample::full_report());
  const json* r = result_for(s, "ISSUER_TRAILING_SLASH_MISMATCH");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->at("partialFingerprints"), json({{"wiDoctorFinding/v1", "5f0c2a7d9e41b3c8"}}));
  const json& logical = r->at("locations").at(0).at("logicalLocations").at(0);
  EXPECT_EQ(logical.at("kind"), "object");
  EXPECT_EQ(logical.at("fullyQualifiedName"), sample::trailing_slash_cause().subject);
  // The sample's kind config lies under the repository (source_path set): location (a).
  EXPECT_EQ(physical(*r).at("artifactLocation").at("uri"), "infra/kind-config.yaml");
  EXPECT_EQ(physical(*r).at("region").at("startLine"), 14);
  // Observed and expected reach the message, the difference named.
  const std::string text = r->at("message").at("text");
  EXPECT_NE(text.find("observed \"https://capzquickstartoidc.blob.core.windows.net/oidc/\""),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("(trailing_slash)"), std::string::npos) << text;
}

TEST(RenderSarif, RuleIndexPointsAtTheRuleOfTheResult) {
  std::vector<RuleDoc> catalog;
  for (const char* id : {"A_FIRST", "AADSTS70021", "ISSUER_TRAILING_SLASH_MISMATCH", "Z_LAST"})
    catalog.push_back(RuleDoc{id,
                              std::string("t ") + id,
                              "issuer",
                              "check",
                              "issuer",
                              Severity::kError,
                              Confidence::kHigh,
                              "e",
                              "f",
                              {},
                              {}});
  const json s = render(sample::full_report(), catalog);
  const json& rules = run_of(s).at("tool").at("driver").at("rules");
  std::set<std::string> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    ids.insert(rules[i].at("id").get<std::string>());
    if (i > 0) {
      EXPECT_LT(rules[i - 1].at("id"), rules[i].at("id"));
    }
  }
  EXPECT_EQ(ids.size(), rules.size());
  // The catalog's rules plus those only the findings name.
  EXPECT_TRUE(ids.count("A_FIRST") && ids.count("Z_LAST") && ids.count("LEADER_ELECTION_LOST"));
  for (const json& r : run_of(s).at("results")) {
    const size_t i = r.at("ruleIndex");
    ASSERT_LT(i, rules.size());
    EXPECT_EQ(rules[i].at("id"), r.at("ruleId"));
  }
}

TEST(RenderSarif, RulesCarryTheCatalogsWords) {
  RuleDoc d{"ISSUER_TRAILING_SLASH_MISMATCH",
            "Issuer differs by a trailing slash",
            "issuer",
            "check",
            "issuer",
            Severity::kWarning,
            Confidence::kHigh,
            "Entra compares issuers byte for byte.",
            "Set the credential's issuer to the API server's.",
            {"az identity federated-credential update --issuer \"{issuer}\" <NAME>"},
            {"see the troubleshooting page", "https://example.com/docs/wi"}};
  const json s = render(report_with({}), {d});
  const json& rule = run_of(s).at("tool").at("driver").at("rules").at(0);
  EXPECT_EQ(rule.at("name"), "IssuerTrailingSlashMismatch");
  EXPECT_EQ(rule.at("shortDescription").at("text"), d.title);
  EXPECT_EQ(rule.at("fullDescription").at("text"), d.explain);
  const std::string help = rule.at("help").at("text");
  EXPECT_NE(help.find(d.fix_summary), std::string::npos);
  EXPECT_NE(help.find(d.fix_commands[0]), std::string::npos);
  EXPECT_NE(help.find("https://example.com/docs/wi"), std::string::npos);
  EXPECT_NE(rule.at("help").at("markdown").get<std::string>().find("```sh"), std::string::npos);
  EXPECT_EQ(rule.at("helpUri"), "https://example.com/docs/wi");
  EXPECT_EQ(rule.at("defaultConfiguration").at("level"), "warning");
  EXPECT_EQ(rule.at("properties").at("tags"), json({"issuer"}));  // group == hop: once

  // A one-word id has no words to recase; the title names it (SARIF1001: name != id).
  RuleDoc one = d;
  one.id = "AADSTS70021";
  one.title = "No federated identity credential matches the presented token";
  EXPECT_EQ(
      run_of(render(report_with({}), {one})).at("tool").at("driver").at("rules").at(0).at("name"),
      "NoFederatedIdentityCredentialMatchesThePresentedToken");

  // No explain: the title stands in, so fullDescription is never empty.
  d.explain.clear();
  const json s2 = render(report_with({}), {d});
  EXPECT_EQ(run_of(s2).at("tool").at("driver").at("rules").at(0).at("fullDescription").at("text"),
            d.title);
}

TEST(RenderSarif, RulesKnownOnlyFromFindingsNeverCarryMarkdown) {
  Finding f = finding("USER_RULE", "x", Severity::kError);
  f.fix.summary = "Run **this** <img src=x onerror=alert(1)>";
  const json s = render(report_with({f}));
  const json& rule = run_of(s).at("tool").at("driver").at("rules").at(0);
  EXPECT_FALSE(rule.at("help").contains("markdown"));
  EXPECT_FALSE(rule.at("fullDescription").at("text").get<std::string>().empty());
}

TEST(RenderSarif, HostileStringsComeOutValidAndVisible) {
  const std::string hostile =
      "a\x1b[31mred\x1b[0m </script><script>alert(1)</script> \xc3\x28 \xff rtl:\xe2\x80\xae"
      "x\r\x07";
  Finding f = finding("HOSTILE", hostile, Severity::kError);
  f.title = hostile;
  f.detail = hostile;
  f.evidence = {{"logs/a.log", "line 2", hostile, hostile, Difference::kNone}};
  f.fingerprint = "fp\x1b";
  // confidence is a closed set: a hostile value cannot be written into it.
  RuleDoc d{"HOSTILE",           hostile, hostile, "log",     hostile,  Severity::kError,
            Confidence::kMedium, hostile, hostile, {hostile}, {hostile}};
  const std::string bytes = render_bytes(report_with({f}), {d});
  EXPECT_TRUE(is_valid_utf8(bytes));
  EXPECT_EQ(bytes.find('\x1b'), std::string::npos);
  EXPECT_EQ(bytes.find("\\u001b"), std::string::npos);  // escaped visibly, not JSON-escaped ESC
  EXPECT_EQ(bytes.find('\r'), std::string::npos);
  EXPECT_EQ(bytes.find("\xe2\x80\xae"), std::string::npos);
  const json s = json::parse(bytes);
  const std::string text = result_for(s, "HOSTILE")->at("message").at("text");
  EXPECT_NE(text.find("\\x1b[31mred"), std::string::npos) << text;
  EXPECT_NE(text.find("</script>"), std::string::npos);  // plain text: shown as written
  EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(text.find("\\u{202e}"), std::string::npos);
  // The markdown escapes what would open HTML; inside the code fence it is code, shown as is.
  const std::string md =
      run_of(s).at("tool").at("driver").at("rules").at(0).at("help").at("markdown");
  const size_t fence = md.find("```");
  ASSERT_NE(fence, std::string::npos) << md;
  EXPECT_EQ(md.substr(0, fence).find("<script>"), std::string::npos) << md;
  EXPECT_NE(md.substr(0, fence).find("\\<script\\>"), std::string::npos) << md;
}

TEST(RenderSarif, LongMessagesAreCapped) {
  Finding f = finding("BIG", "x", Severity::kError);
  f.detail = std::string(size_t{10} * 1024 * 1024, 'x');
  const json s = render(report_with({f}));
  const std::string text = result_for(s, "BIG")->at("message").at("text");
  EXPECT_LT(text.size(), 9u * 1024);
  EXPECT_NE(text.find("truncated"), std::string::npos);
}

TEST(RenderSarif, AtMostFiveThousandResultsErrorsFirstWithANote) {
  std::vector<Finding> many;
  many.reserve(6013);
  for (int i = 0; i < 6000; ++i)
    many.push_back(finding("W_MANY", str_cat("w", i), Severity::kWarning));
  for (int i = 0; i < 10; ++i) many.push_back(finding("I_FEW", str_cat("i", i), Severity::kInfo));
  for (int i = 0; i < 3; ++i) many.push_back(finding("E_FEW", str_cat("e", i), Severity::kError));
  many.push_back(finding("E_UNKNOWN", "u", Severity::kError, FindingStatus::kUnknown));
  const json s = render(report_with(many));
  const json& results = run_of(s).at("results");
  ASSERT_EQ(results.size(), 5000u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(results[i].at("ruleId"), "E_FEW");
  }
  EXPECT_EQ(results[3].at("ruleId"), "E_UNKNOWN");
  EXPECT_EQ(results[4].at("ruleId"), "W_MANY");
  EXPECT_EQ(result_for(s, "I_FEW"), nullptr);
  const json& props = run_of(s).at("properties");
  EXPECT_EQ(props.at("resultsTotal"), 6014);
  EXPECT_EQ(props.at("resultsOmitted"), 1014);
  EXPECT_EQ(props.at("resultsLimit"), 5000);
  bool noted = false;
  for (const json& n : run_of(s).at("invocations").at(0).at("toolExecutionNotifications"))
    noted = noted || (n.at("level") == "warning" &&
                      n.at("message").at("text").get<std::string>().find("1014 of 6014") !=
                          std::string::npos);
  EXPECT_TRUE(noted);

  // Under the cap nothing is said about truncation.
  EXPECT_FALSE(run_of(render(sample::full_report())).contains("properties"));
}

TEST(RenderSarif, IncompleteEvidenceIsNotedNotSilent) {
  const json s = render(sample::full_report());
  std::string all;
  for (const json& n : run_of(s).at("invocations").at(0).at("toolExecutionNotifications"))
    all += n.at("message").at("text").get<std::string>() + "\n";
  EXPECT_NE(all.find("Collector arm skipped (needs: --azure-token or az login)"), std::string::npos)
      << all;
  EXPECT_NE(all.find("Check DISCOVERY_DOC_ISSUER_MISMATCH could not run"), std::string::npos)
      << all;
}

TEST(RenderSarif, ReportsAWriteFailure) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_FALSE(render_sarif(sample::minimal_report(), RenderOptions{}, out).ok());
}

TEST(RenderSarif, EveryBuiltinRuleAppearsOnceWithItsWords) {
  Result<Catalog> catalog = load_rules({}, false);
  ASSERT_TRUE(catalog.ok()) << catalog.error().to_string();
  const std::vector<RuleDoc> docs = rule_docs(*catalog);
  ASSERT_FALSE(docs.empty());
  const json s = render(sample::full_report(), docs);
  std::map<std::string, int> seen;
  for (const json& rule : run_of(s).at("tool").at("driver").at("rules")) {
    const std::string id = rule.at("id");
    ++seen[id];
    EXPECT_FALSE(rule.at("fullDescription").at("text").get<std::string>().empty()) << id;
    EXPECT_FALSE(rule.at("help").at("text").get<std::string>().empty()) << id;
    EXPECT_FALSE(rule.at("shortDescription").at("text").get<std::string>().empty()) << id;
    EXPECT_FALSE(rule.at("name").get<std::string>().empty()) << id;
  }
  for (const Rule& r : catalog->rules()) {
    EXPECT_EQ(seen[r.id], 1) << r.id;
  }
  for (const auto& [id, n] : seen) {
    EXPECT_EQ(n, 1) << id;
  }
}

}  // namespace
}  // namespace wid
