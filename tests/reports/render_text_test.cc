// The text renderer: layout (header counts, severity groups, causes before symptoms, fixes,
// samples), colour only on request, and hostile log text that must never reach the terminal raw.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "reports/renderer.h"
#include "tests/model/sample_report.h"

namespace wid {
namespace {

std::string render(const Report& r, bool color = false) {
  std::ostringstream out;
  Status st = render_text(r, RenderOptions{color, {}}, out);
  EXPECT_TRUE(st.ok());
  return out.str();
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// A log sample as an attacker would write it: recolour, return to column 0 and overwrite,
// clear the screen, set the window title, a C1 CSI, and a bidi override.
const std::string kHostile =
    "E1127 09:02:11.482913 1 x.go:1] \x1b[31mFAKE OK\r\x1b[2J\x1b]0;pwned\x07 \xc2\x9b"
    "31m rtl:\xe2\x80\xae"
    "txet\x7f";

Report hostile_report() {
  Report r = sample::full_report();
  Finding& f = r.findings[0];
  f.samples.insert(f.samples.begin(), Sample{SourceRef{"logs/evil.log", 1, ""}, kHostile});
  f.detail = "issuer \x1b[8mhidden\x1b[0m\r";
  f.subject = "component/\x1b[1mcapz";
  f.captures["issuer"] = {kHostile};
  f.evidence.push_back({"logs/evil.log", "1", kHostile, "x\ry", Difference::kNone});
  f.fix.commands.push_back("echo \x1b[31m");
  r.inputs[0].detail = kHostile;
  r.collectors[0].error = "dial tcp: \x1b[33mlookup";
  r.coverage[0].needs = "\rcurl";
  r.finalize();
  return r;
}

TEST(RenderText, HostileLogTextNeverReachesTheTerminalRaw) {
  const std::string out = render(hostile_report(), /*color=*/false);
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find('\x07'), std::string::npos);
  EXPECT_EQ(out.find('\x7f'), std::string::npos);
  EXPECT_EQ(out.find("\xc2\x9b"), std::string::npos);      // C1 CSI
  EXPECT_EQ(out.find("\xe2\x80\xae"), std::string::npos);  // RIGHT-TO-LEFT OVERRIDE
  // Made visible, not dropped: the user sees what the log contained.
  EXPECT_NE(out.find("\\x1b[31mFAKE OK\\x0d\\x1b[2J"), std::string::npos) << out;
  EXPECT_NE(out.find("\\u{009b}"), std::string::npos);
  EXPECT_NE(out.find("\\u{202e}"), std::string::npos);
  EXPECT_NE(out.find("component/\\x1b[1mcapz"), std::string::npos);
}

TEST(RenderText, HostileTextStaysEscapedWithColourOn) {
  const std::string out = render(hostile_report(), /*color=*/true);
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_EQ(out.find("\x1b[31mFAKE"), std::string::npos);
  EXPECT_EQ(out.find("\x1b[2J"), std::string::npos);
  EXPECT_EQ(out.find("\x1b]"), std::string::npos);
  EXPECT_EQ(out.find("\x1b[8m"), std::string::npos);
  EXPECT_NE(out.find("\\x1b[31mFAKE OK"), std::string::npos);
  // Every ESC we write opens an SGR sequence of our own palette.
  for (size_t p = out.find('\x1b'); p != std::string::npos; p = out.find('\x1b', p + 1)) {
    const size_t m = out.find('m', p);
    ASSERT_NE(m, std::string::npos);
    const std::string seq = out.substr(p, m - p + 1);
    EXPECT_TRUE(seq == "\x1b[0m" || seq == "\x1b[1m" || seq == "\x1b[2m" || seq == "\x1b[32m" ||
                seq == "\x1b[1;31m" || seq == "\x1b[1;33m" || seq == "\x1b[1;36m")
        << ::testing::PrintToString(seq);
  }
}

TEST(RenderText, NoAnsiWithoutColourAndAnsiWithIt) {
  const std::string plain = render(sample::full_report(), false);
  const std::string colour = render(sample::full_report(), true);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(colour.find("\x1b[1;31m[AADSTS70021]\x1b[0m"), std::string::npos);
  EXPECT_NE(colour.find("\x1b[0m"), std::string::npos);
  // Removing the SGR codes from the coloured output gives the plain output: colour adds nothing
  // a plain terminal or a log file would miss.
  std::string stripped;
  for (size_t i = 0; i < colour.size();) {
    if (colour[i] == '\x1b') {
      i = colour.find('m', i) + 1;
    } else {
      stripped += colour[i++];
    }
  }
  EXPECT_EQ(stripped, plain);
}

TEST(RenderText, HeaderCountsAndInputs) {
  const std::string out = render(sample::full_report());
  const std::string first_line = out.substr(0, out.find('\n'));
  EXPECT_EQ(first_line, "wi-doctor 0.1.0: 2 errors, 1 warning, 1 info (4 fail, 1 unknown, 1 pass)");
  EXPECT_NE(out.find("offline analysis as of 2026-11-27T09:15:00Z (manifest); 4 inputs read "
                     "(1 unrecognized, 1 unreadable); 57 rules loaded"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("collector arm skipped (needs: --azure-token or az login)"),
            std::string::npos);
  EXPECT_NE(out.find("redacted: 1 client-secret, 2 jwt"), std::string::npos);
}

TEST(RenderText, GroupsBySeverityErrorsFirstAndCausesBeforeSymptoms) {
  const std::string out = render(sample::full_report());
  const size_t errors = out.find("ERRORS (3)");
  const size_t warnings = out.find("WARNINGS (1)");
  const size_t info = out.find("INFO (1)");
  ASSERT_NE(errors, std::string::npos) << out;
  ASSERT_NE(warnings, std::string::npos);
  ASSERT_NE(info, std::string::npos);
  EXPECT_LT(errors, warnings);
  EXPECT_LT(warnings, info);

  const size_t cause = out.find("[ISSUER_TRAILING_SLASH_MISMATCH]");
  const size_t symptom = out.find("[AADSTS70021]");
  const size_t unknown = out.find("[ASO_SA_FIC_MISSING]");
  EXPECT_LT(errors, cause);
  EXPECT_LT(cause, symptom);
  EXPECT_LT(symptom, unknown);  // failures before unknowns
  EXPECT_LT(unknown, warnings);
  // The pass is counted, listed at the end, and not shown as a problem.
  EXPECT_EQ(out.find("[FIC_AUDIENCE_MISMATCH]"), std::string::npos);
  EXPECT_NE(out.find("PASSED (1)\n  FIC_AUDIENCE_MISMATCH  capz-quickstart-identity/capz-manager"),
            std::string::npos);
}

TEST(RenderText, FindingShowsWhereWhatWhyAndTheExactFix) {
  const std::string out = render(sample::full_report());
  EXPECT_NE(out.find("    subject: system:serviceaccount:capz-system:capz-manager   count: 6   "
                     "first: logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/"
                     "manager.log:23   last: logs/capz-system/capz-controller-manager-7c9d8b5f4-"
                     "x2k8p/manager.log:71"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("    Entra saw issuer https://capzquickstartoidc.blob.core.windows.net/oidc"),
            std::string::npos);
  EXPECT_NE(out.find("caused by: ISSUER_TRAILING_SLASH_MISMATCH\n"), std::string::npos);
  EXPECT_NE(out.find("explains: AADSTS70021\n"), std::string::npos);
  EXPECT_NE(out.find("fix: Set the credential's issuer to the API server's, byte for byte.\n"
                     "      $ az identity federated-credential update --name capz-manager "),
            std::string::npos);
  EXPECT_NE(out.find("docs: https://azure.github.io/azure-workload-identity/docs/troubleshooting"),
            std::string::npos);
  // Observed and expected quoted, so the trailing '/' is visible.
  EXPECT_NE(out.find("observed \"https://capzquickstartoidc.blob.core.windows.net/oidc/\", "
                     "expected \"https://capzquickstartoidc.blob.core.windows.net/oidc\""),
            std::string::npos);
  // A multi-line detail keeps its lines, each indented.
  EXPECT_NE(out.find("    The credential's issuer ends with '/', the API server's does not.\n"
                     "    Entra compares issuers byte for byte.\n"),
            std::string::npos);
  // Unknown findings say what would let them run.
  EXPECT_NE(out.find("(unknown: evidence missing)"), std::string::npos);
  EXPECT_NE(out.find("needs: $ az identity federated-credential list"), std::string::npos);
  EXPECT_NE(out.find("NOT CHECKED (1)\n  DISCOVERY_DOC_ISSUER_MISMATCH: needs curl -s"),
            std::string::npos);
}

TEST(RenderText, AtMostThreeSamplesAndTheRestCounted) {
  const std::string out = render(sample::full_report());
  EXPECT_EQ(count(out, "manager.log:23  E1127"), 1u);
  EXPECT_EQ(count(out, "manager.log:55  E1127"), 1u);
  EXPECT_EQ(count(out, "manager.log:71  E1127"), 0u);
  EXPECT_NE(out.find("(1 more in the JSON report)"), std::string::npos);
}

TEST(RenderText, MissingPlaceholderIsRenderedVisibly) {
  const std::string plain = render(sample::full_report(), false);
  EXPECT_NE(plain.find("--identity-name <IDENTITY_NAME> --resource-group <RESOURCE_GROUP>"),
            std::string::npos);
  EXPECT_NE(plain.find("missing: CREDENTIAL_NAME, IDENTITY_NAME, RESOURCE_GROUP (no evidence "
                       "supplied these; fill them in before running the fix)"),
            std::string::npos);
  const std::string colour = render(sample::full_report(), true);
  EXPECT_NE(colour.find("--identity-name \x1b[1;33m<IDENTITY_NAME>\x1b[0m"), std::string::npos);
}

TEST(RenderText, CleanReportSaysSo) {
  Report r;
  r.tool_version = "0.1.0";
  r.now = "2026-11-27T09:15:00Z";
  r.inputs = {{"a.log", "", 1, "log/klog", "", InputStatus::kRead, "", "", ""}};
  r.finalize();
  const std::string out = render(r);
  EXPECT_NE(out.find("wi-doctor 0.1.0: 0 errors, 0 warnings, 0 info (0 fail, 0 unknown, 0 pass)"),
            std::string::npos);
  EXPECT_NE(out.find("1 input read (0 unrecognized)"), std::string::npos);
  EXPECT_NE(out.find("No problems found."), std::string::npos);
  EXPECT_EQ(out.find("ERRORS"), std::string::npos);
}

TEST(RenderText, UnfinalizedReportIsRefused) {
  Report r;  // never finalized: rendering it would print the caller's order and a zero summary
  std::ostringstream out;
  Status st = render_text(r, RenderOptions{}, out);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInternal);
  EXPECT_EQ(out.str(), "");
}

TEST(RenderText, HugeValuesAreCutButFixCommandsAreNot) {
  Report r = sample::minimal_report();
  Finding& f = r.findings[0];
  f.detail = std::string(size_t{10} * 1024 * 1024, 'd');
  f.evidence.push_back({"a.json", "/x", std::string(100000, 'o'), "", Difference::kNone});
  f.samples.push_back({SourceRef{"a.log", 1, ""}, std::string(4096, 's')});
  const std::string long_command = "az " + std::string(5000, 'c');
  f.fix.commands = {long_command};
  const std::string out = render(r);
  EXPECT_LT(out.size(), 20000u);
  EXPECT_NE(out.find("[truncated"), std::string::npos);
  EXPECT_EQ(out.find(std::string(2049, 'd')), std::string::npos);
  EXPECT_EQ(out.find(std::string(2049, 'o')), std::string::npos);
  EXPECT_EQ(out.find(std::string(321, 's')), std::string::npos);
  EXPECT_NE(out.find("$ " + long_command + "\n"), std::string::npos);
}

TEST(RenderText, ReportsAWriteFailure) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Status st = render_text(sample::full_report(), RenderOptions{}, out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("could not write the text report"), std::string::npos);
}

}  // namespace
}  // namespace wid
