// The junit renderer: suites per rule group, counts that equal the report's summary, the
// fail/unknown/pass mapping, names unique within a suite (GitLab keeps only the first of
// duplicates), and XML that stays well-formed whatever the input holds. A real XML parser and
// junitparser read the binary's output in tests/consumers/test_junit.py; here the bytes are
// checked directly.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "analyzer/model/text.h"
#include "reports/renderer.h"
#include "tests/model/sample_report.h"

namespace wid {
namespace {

std::string render(const Report& r) {
  std::ostringstream out;
  Status st = render_junit(r, RenderOptions{}, out);
  EXPECT_TRUE(st.ok());
  return out.str();
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

std::string attr_of(const std::string& tag, const std::string& name) {
  const std::regex re("\\s" + name + "=\"([^\"]*)\"");
  std::smatch m;
  return std::regex_search(tag, m, re) ? m[1].str() : std::string("<absent>");
}

struct Suite {
  std::string open_tag;  // <testsuite ...>
  std::string body;      // up to </testsuite>
};

std::vector<Suite> suites(const std::string& xml) {
  std::vector<Suite> out;
  for (size_t p = xml.find("<testsuite "); p != std::string::npos;
       p = xml.find("<testsuite ", p + 1)) {
    const size_t gt = xml.find('>', p);
    const size_t end = xml.find("</testsuite>", gt);
    out.push_back({xml.substr(p, gt - p + 1), xml.substr(gt + 1, end - gt - 1)});
  }
  return out;
}

std::vector<std::string> testcase_tags(const std::string& suite_body) {
  std::vector<std::string> out;
  for (size_t p = suite_body.find("<testcase "); p != std::string::npos;
       p = suite_body.find("<testcase ", p + 1))
    out.push_back(suite_body.substr(p, suite_body.find('>', p) - p + 1));
  return out;
}

// The checks an XML 1.0 parser would make on our output, byte by byte: valid UTF-8, no character
// outside XML's Char production, no `]]>` in content, and every '<' opening one of our own tags.
void expect_well_formed_junit(const std::string& xml) {
  EXPECT_TRUE(is_valid_utf8(xml));
  for (unsigned char c : xml) EXPECT_FALSE((c < 0x20 && c != '\n') || c == 0x7f) << int(c);
  EXPECT_EQ(xml.find("\xef\xbf\xbe"), std::string::npos);  // U+FFFE
  EXPECT_EQ(xml.find("\xef\xbf\xbf"), std::string::npos);  // U+FFFF
  EXPECT_EQ(xml.find("]]>"), std::string::npos);
  const std::regex tag(
      "^<(\\?xml |/?testsuites[ >]|/?testsuite[ >]|/?properties>|property |/?testcase[ >]|"
      "/?failure[ >]|/?skipped[ >]|/?system-out>)");
  for (size_t p = xml.find('<'); p != std::string::npos; p = xml.find('<', p + 1))
    EXPECT_TRUE(std::regex_search(xml.substr(p, 16), tag)) << xml.substr(p, 60);
  // Quotes inside attribute values would end them early.
  for (size_t p = xml.find('<'); p != std::string::npos; p = xml.find('<', p + 1)) {
    const std::string t = xml.substr(p, xml.find('>', p) - p);
    EXPECT_EQ(count(t, "\"") % 2, 0u) << t;
  }
}

TEST(RenderJunit, DeterministicAndIndependentOfInputOrder) {
  Report a = sample::full_report();
  Report b = a;
  std::reverse(b.findings.begin(), b.findings.end());
  b.finalize();  // where the report is made; the renderer takes it as it is
  const std::string out = render(a);
  EXPECT_EQ(out, render(a));
  EXPECT_EQ(out, render(b));
  EXPECT_EQ(
      out.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"wi-doctor\"", 0),
      0u)
      << out;
  // No wall clock anywhere: every time is zero, the only date is the report's own `now`.
  const std::regex time_re("time=\"([^\"]*)\"");
  for (std::sregex_iterator it(out.begin(), out.end(), time_re), end; it != end; ++it)
    EXPECT_EQ((*it)[1].str(), "0.000");
  EXPECT_EQ(count(out, "timestamp=\"2026-11-27T09:15:00Z\""), suites(out).size());
}

TEST(RenderJunit, CountsEqualTheSummaryInTotalAndPerSuite) {
  const Report r = sample::full_report();
  const std::string out = render(r);
  const std::string root =
      out.substr(out.find("<testsuites"),
                 out.find('>', out.find("<testsuites")) - out.find("<testsuites") + 1);
  EXPECT_EQ(attr_of(root, "tests"), std::to_string(r.summary.total));
  EXPECT_EQ(attr_of(root, "failures"), std::to_string(r.summary.fail));
  EXPECT_EQ(attr_of(root, "skipped"), std::to_string(r.summary.unknown));
  EXPECT_EQ(attr_of(root, "errors"), "0");
  EXPECT_EQ(r.summary.total, 6);
  EXPECT_EQ(r.summary.fail, 4);
  EXPECT_EQ(r.summary.unknown, 1);

  int tests = 0, failures = 0, skipped = 0;
  for (const Suite& s : suites(out)) {
    // Jenkins requires name, tests, failures and errors; skipped and time complete the set.
    for (const char* a : {"name", "tests", "failures", "errors", "skipped", "time"})
      EXPECT_NE(attr_of(s.open_tag, a), "<absent>") << a << " in " << s.open_tag;
    const int t = static_cast<int>(count(s.body, "<testcase "));
    const int f = static_cast<int>(count(s.body, "<failure "));
    const int k = static_cast<int>(count(s.body, "<skipped "));
    EXPECT_EQ(attr_of(s.open_tag, "tests"), std::to_string(t)) << s.open_tag;
    EXPECT_EQ(attr_of(s.open_tag, "failures"), std::to_string(f)) << s.open_tag;
    EXPECT_EQ(attr_of(s.open_tag, "skipped"), std::to_string(k)) << s.open_tag;
    EXPECT_EQ(attr_of(s.open_tag, "errors"), "0");
    EXPECT_EQ(count(s.body, "<error"), 0u);
    tests += t;
    failures += f;
    skipped += k;
  }
  EXPECT_EQ(tests, r.summary.total);
  EXPECT_EQ(failures, r.summary.fail);
  EXPECT_EQ(skipped, r.summary.unknown);
}

TEST(RenderJunit, OneSuitePerGroupSortedWithOtherForNoGroup) {
  const std::string out = render(sample::full_report());
  std::vector<std::string> names;
  for (const Suite& s : suites(out)) names.push_back(attr_of(s.open_tag, "name"));
  EXPECT_EQ(names, (std::vector<std::string>{"issuer", "other", "token-exchange"}));
  for (const Suite& s : suites(out)) {
    EXPECT_NE(s.body.find("<property name=\"wi-doctor.version\" value=\"0.1.0\"/>"),
              std::string::npos);
    EXPECT_NE(s.body.find("<property name=\"schemaVersion\" value=\"wi-doctor.report/v1\"/>"),
              std::string::npos);
  }
  const std::string other = suites(out)[1].body;
  EXPECT_NE(other.find("classname=\"wi-doctor.other.ASO_SA_FIC_MISSING\""), std::string::npos);
}

TEST(RenderJunit, EmptyReportStillNamesTheToolAndCountsZero) {
  Report r;
  r.tool_version = "0.1.0";
  r.finalize();
  const std::string out = render(r);
  ASSERT_EQ(suites(out).size(), 1u);
  EXPECT_EQ(attr_of(suites(out)[0].open_tag, "name"), "wi-doctor");
  EXPECT_EQ(attr_of(suites(out)[0].open_tag, "tests"), "0");
  EXPECT_EQ(count(out, "<testcase"), 0u);
  expect_well_formed_junit(out);
}

TEST(RenderJunit, FailSkippedAndPassMapping) {
  const std::string out = render(sample::full_report());

  // fail -> <failure type=severity>, the title as message and everything in the body as well.
  const size_t slash = out.find("name=\"ISSUER_TRAILING_SLASH_MISMATCH /subscriptions/");
  ASSERT_NE(slash, std::string::npos) << out;
  const std::string slash_case = out.substr(slash, out.find("</testcase>", slash) - slash);
  EXPECT_NE(slash_case.find("<failure message=\"Federated credential issuer differs from the "
                            "token issuer only by a trailing &#39;/&#39;\" type=\"error\">"),
            std::string::npos)
      << slash_case;
  for (const char* want :
       {"ISSUER_TRAILING_SLASH_MISMATCH (error, confidence high): Federated credential",
        "Entra compares issuers byte for byte.",
        "evidence: azure/federated-credentials/capz-quickstart-identity.json#/0/issuer\n"
        "  observed: &quot;https://capzquickstartoidc.blob.core.windows.net/oidc/&quot;\n"
        "  expected: &quot;https://capzquickstartoidc.blob.core.windows.net/oidc&quot;\n"
        "  difference: trailing_slash",
        "evidence: templates/kind-config.yaml:14", "explains: AADSTS70021",
        "fix: Set the credential&#39;s issuer to the API server&#39;s, byte for byte.\n"
        "  $ az identity federated-credential update --name capz-manager",
        "docs: https://azure.github.io/azure-workload-identity/docs/troubleshooting.html",
        "<system-out>fingerprint: 5f0c2a7d9e41b3c8\n</system-out>"})
    EXPECT_NE(slash_case.find(want), std::string::npos) << want << "\n" << slash_case;
  // The repository path wins over the bundle path (--source-root), as in SARIF.
  EXPECT_NE(slash_case.find(" file=\"infra/kind-config.yaml\""), std::string::npos) << slash_case;

  // A log finding: located at its first record, samples in system-out (capped at three).
  const size_t log =
      out.find("name=\"AADSTS70021 system:serviceaccount:capz-system:capz-manager\"");
  ASSERT_NE(log, std::string::npos);
  const std::string log_case = out.substr(log, out.find("</testcase>", log) - log);
  EXPECT_NE(log_case.find("file=\"logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/"
                          "manager.log\""),
            std::string::npos);
  EXPECT_NE(log_case.find("where: 6 records, first logs/capz-system/"), std::string::npos);
  EXPECT_NE(log_case.find("caused by: ISSUER_TRAILING_SLASH_MISMATCH"), std::string::npos);
  EXPECT_NE(log_case.find("missing: CREDENTIAL_NAME, IDENTITY_NAME, RESOURCE_GROUP"),
            std::string::npos);
  EXPECT_EQ(count(log_case, "\nsample logs/"), 3u);
  EXPECT_NE(log_case.find("(1 more samples in the JSON report)"), std::string::npos);

  // A warning is still a failure (the binding mapping), typed as a warning.
  EXPECT_NE(out.find("<failure message=\"An input file could not be parsed\" type=\"warning\">"),
            std::string::npos);
  EXPECT_NE(out.find("<failure message=\"Controller lost its leader lease\" type=\"info\">"),
            std::string::npos);

  // unknown -> <skipped> saying what to provide.
  const size_t unknown = out.find("name=\"ASO_SA_FIC_MISSING ");
  ASSERT_NE(unknown, std::string::npos);
  const std::string unknown_case = out.substr(unknown, out.find("</testcase>", unknown) - unknown);
  EXPECT_NE(unknown_case.find("<skipped message=\"needs: az identity federated-credential list "
                              "--identity-name &lt;IDENTITY_NAME&gt;"),
            std::string::npos)
      << unknown_case;
  EXPECT_NE(unknown_case.find("provide the output of:\n  $ az identity federated-credential list"),
            std::string::npos);
  EXPECT_EQ(unknown_case.find("<failure"), std::string::npos);

  // pass -> a plain, self-closed testcase.
  EXPECT_NE(out.find("<testcase classname=\"wi-doctor.other.FIC_AUDIENCE_MISMATCH\" "
                     "name=\"FIC_AUDIENCE_MISMATCH capz-quickstart-identity/capz-manager\" "
                     "time=\"0.000\"/>"),
            std::string::npos)
      << out;
}

TEST(RenderJunit, FailuresComeBeforeSkipsAndPassesCausesBeforeSymptoms) {
  Report r = sample::full_report();
  for (Finding& f : r.findings) f.group = "one";
  const std::string out = render(r);
  const size_t cause = out.find("name=\"ISSUER_TRAILING_SLASH_MISMATCH ");
  const size_t symptom = out.find("name=\"AADSTS70021 ");
  const size_t warning = out.find("name=\"INPUT_UNREADABLE ");
  const size_t info = out.find("name=\"LEADER_ELECTION_LOST ");
  const size_t unknown = out.find("name=\"ASO_SA_FIC_MISSING ");
  const size_t pass = out.find("name=\"FIC_AUDIENCE_MISMATCH ");
  EXPECT_LT(cause, symptom);
  EXPECT_LT(symptom, unknown);  // the unknown is an error; failures of its severity come first
  EXPECT_LT(unknown, warning);
  EXPECT_LT(warning, info);
  EXPECT_LT(info, pass);
}

TEST(RenderJunit, TestcaseNamesAreUniqueWithinASuiteEvenOnCollision) {
  Report r = sample::minimal_report();
  const Finding base = r.findings[0];
  r.findings.clear();
  auto add = [&](std::string subject, std::string fingerprint) {
    Finding f = base;
    f.rule_id = "R";
    f.group = "g";
    f.subject = std::move(subject);
    f.fingerprint = std::move(fingerprint);
    r.findings.push_back(f);
  };
  add("s", "1");
  add("s", "2");      // same rule and subject, other observed values
  add("s (2)", "3");  // a subject that reads like our own suffix
  add("a\x1b"
      "b",
      "4");
  add("a\\x1bb", "5");  // the text a real ESC is shown as
  r.finalize();
  const std::string out = render(r);
  std::vector<std::string> names;
  for (const std::string& t : testcase_tags(suites(out).at(0).body))
    names.push_back(attr_of(t, "name"));
  const std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  EXPECT_EQ(names.size(), 5u);
  EXPECT_TRUE(unique.count("R s"));
  EXPECT_TRUE(unique.count("R s (2)"));
  EXPECT_TRUE(unique.count("R s (2) (2)"));
  EXPECT_TRUE(unique.count("R a\\x1bb"));
  EXPECT_TRUE(unique.count("R a\\x1bb (2)"));
  // Unique across suites is not needed, and a name is not renamed for a twin in another suite.
  r.findings.push_back(base);
  r.findings.back().rule_id = "R";
  r.findings.back().subject = "s";
  r.findings.back().group = "h";
  r.finalize();
  const std::string two = render(r);
  EXPECT_EQ(attr_of(testcase_tags(suites(two).at(1).body).at(0), "name"), "R s");
}

// Everything an attacker or a broken log can put in a value: NUL, ESC, U+FFFE, invalid UTF-8, a
// CDATA terminator, markup, a javascript: link, a pipe and backticks.
const std::string kHostile = std::string("nul:\0:", 6) +
                             "esc:\x1b[31m bad:\xc3\x28\xff fffe:\xef\xbf\xbe cdata:]]> "
                             "</testcase></testsuite><img src=x onerror=alert(1)> "
                             "[x](javascript:alert(1)) a|b ``` \"q\" 'a' &amp;";

Report hostile_report() {
  Report r = sample::full_report();
  for (Finding& f : r.findings) {
    f.subject += kHostile;
    f.title += kHostile;
    f.detail += kHostile;
    f.group = "grp" + kHostile;
    f.samples.push_back(Sample{SourceRef{"logs/evil.log", 1, ""}, kHostile});
    f.evidence.push_back({"logs/evil.log", "1", kHostile, kHostile, Difference::kNone});
    f.fix.commands.push_back("echo `id` " + kHostile);
    f.needs.push_back(kHostile);
    f.fix.docs.push_back("javascript:alert(1)" + kHostile);
  }
  r.tool_version = kHostile;
  r.now = kHostile;  // not RFC 3339: no timestamp attribute at all
  r.finalize();
  return r;
}

TEST(RenderJunit, HostileInputComesOutEscapedAndWellFormed) {
  const Report r = hostile_report();
  const std::string out = render(r);
  expect_well_formed_junit(out);
  EXPECT_EQ(out.find("timestamp="), std::string::npos);
  EXPECT_EQ(out.find("<img"), std::string::npos);
  EXPECT_NE(out.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(out.find("cdata:]]&gt;"), std::string::npos);
  EXPECT_NE(out.find("nul:\\x00:"), std::string::npos);
  EXPECT_NE(out.find("esc:\\x1b[31m"), std::string::npos);
  EXPECT_NE(out.find("bad:\xef\xbf\xbd(\xef\xbf\xbd"), std::string::npos);  // U+FFFD each
  EXPECT_NE(out.find("fffe:\\u{fffe}"), std::string::npos);
  // The structure is ours alone: as many closing tags as there are opening ones.
  EXPECT_EQ(count(out, "</testcase>"), static_cast<size_t>(r.summary.fail + r.summary.unknown));
  EXPECT_EQ(count(out, "</testsuite>"), suites(out).size());
  EXPECT_EQ(count(out, "<testcase "), static_cast<size_t>(r.summary.total));
}

TEST(RenderJunit, HugeValuesAreCutAndHugeCommandsLeftToTheJson) {
  Report r = sample::full_report();
  Finding& f = r.findings[0];
  f.detail = std::string(size_t{10} * 1024 * 1024, 'd');
  f.title = std::string(100000, 't');
  f.subject = std::string(100000, 's');
  f.fix.commands = {std::string(20000, 'c')};
  r.finalize();
  const std::string out = render(r);
  EXPECT_LT(out.size(), 64u * 1024);
  EXPECT_NE(out.find("[truncated "), std::string::npos);
  EXPECT_NE(out.find("$ (a command of 20000 bytes: see the JSON report"), std::string::npos);
  EXPECT_EQ(out.find(std::string(20000, 'c')), std::string::npos);
}

TEST(RenderJunit, ThirtyThousandFindingsKeepEveryTestcaseUnderGitLabsLimit) {
  Report r = sample::full_report();
  const Finding symptom = r.findings[1];
  for (int i = 0; i < 30000; ++i) {
    Finding f = symptom;
    f.fingerprint = "fp" + std::to_string(i);
    f.subject = "component/x-" + std::to_string(i % 1000);
    f.detail = std::string(1500, 'd');
    f.status = i % 3 == 0   ? FindingStatus::kFail
               : i % 3 == 1 ? FindingStatus::kUnknown
                            : FindingStatus::kPass;
    r.findings.push_back(f);
  }
  r.finalize();
  const std::string out = render(r);
  EXPECT_LT(out.size(), 30u * 1000 * 1000);  // GitLab: 30 MB per file
  EXPECT_EQ(count(out, "<testcase "), static_cast<size_t>(r.summary.total));
  EXPECT_EQ(count(out, "<failure "), static_cast<size_t>(r.summary.fail));
  EXPECT_EQ(count(out, "<skipped "), static_cast<size_t>(r.summary.unknown));
  EXPECT_NE(out.find("details are in the JSON report"), std::string::npos);
  std::set<std::string> names;
  for (const Suite& s : suites(out))
    for (const std::string& t : testcase_tags(s.body))
      EXPECT_TRUE(names.insert(attr_of(s.open_tag, "name") + "\n" + attr_of(t, "name")).second);
}

}  // namespace
}  // namespace wid
