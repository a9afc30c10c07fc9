// The markdown renderer: status line first, the findings table and per-finding fixes, and the two
// properties that matter for a step summary or PR comment: no input text becomes markup or a link,
// and the output stays under GitHub's 1 MiB step-summary limit however many findings there are.
#include <gtest/gtest.h>

#include <regex>
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
  Status st = render_markdown(r, RenderOptions{}, out);
  EXPECT_TRUE(st.ok());
  return out.str();
}

std::vector<std::string> lines_starting(const std::string& md, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(md);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(prefix, 0) == 0) out.push_back(line);
  return out;
}

// Cells of a GFM table row: split at pipes not escaped with a backslash (GFM's own rule; `\|`
// is the only escape it knows there).
size_t cell_count(const std::string& row) {
  size_t pipes = 0;
  for (size_t i = 0; i < row.size(); ++i)
    if (row[i] == '|' && (i == 0 || row[i - 1] != '\\')) ++pipes;
  return pipes - 1;
}

constexpr size_t kCap = size_t{900} * 1024;

TEST(RenderMarkdown, DeterministicAndIndependentOfInputOrder) {
  Report a = sample::full_report();
  Report b = a;
  std::reverse(b.findings.begin(), b.findings.end());
  b.finalize();  // where a report is made: the renderer takes it as it is
  const std::string out = render(a);
  EXPECT_EQ(out, render(a));
  EXPECT_EQ(out, render(b));
  EXPECT_TRUE(is_valid_utf8(out));
}

TEST(RenderMarkdown, StatusLineFirst) {
  Report r = sample::full_report();
  const std::string out = render(r);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "## ❌ wi-doctor: 2 errors, 1 warning, 1 info, 1 check undecided");
  EXPECT_NE(out.find("wi-doctor 0\\.1\\.0 · offline analysis as of 2026\\-11\\-27T09\\:15\\:00Z "
                     "\\(manifest\\) · 4 fail, 1 unknown, 1 pass · 4 inputs read \\(1 "
                     "unrecognized, 1 unreadable\\) · 57 rules loaded"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("- ⚠️ collector `arm` skipped — needs `--azure-token or az login`"),
            std::string::npos);

  // With hops set, the chain and its first broken link lead.
  for (Finding& f : r.findings) {
    if (f.rule_id == "ISSUER_TRAILING_SLASH_MISMATCH") f.hop = "issuer";
    if (f.rule_id == "FIC_AUDIENCE_MISMATCH") f.hop = "federated-credential";
  }
  r.finalize();
  const std::string chained = render(r);
  EXPECT_EQ(chained.substr(0, chained.find('\n')),
            "## ❌ wi-doctor: 2 errors, 1 warning, 1 info, 1 check undecided — first broken "
            "link: issuer");
  EXPECT_NE(chained.find("✅ federated\\-credential → **❌ issuer** → ➖ discovery"),
            std::string::npos)
      << chained;
  EXPECT_NE(chained.find("Start at **issuer**: `ISSUER_TRAILING_SLASH_MISMATCH`"),
            std::string::npos);

  Report healthy = sample::full_report();
  for (Finding& f : healthy.findings) f.status = FindingStatus::kPass;
  healthy.finalize();
  const std::string ok = render(healthy);
  EXPECT_EQ(ok.substr(0, ok.find('\n')), "## ✅ wi-doctor: no problems found");
  EXPECT_EQ(ok.find("### Findings"), std::string::npos);
  EXPECT_NE(ok.find("<details><summary>Passed checks (6)</summary>"), std::string::npos);
}

TEST(RenderMarkdown, TableOfFindingsInReadingOrderWithCountsOfTheSummary) {
  const Report r = sample::full_report();
  const std::string out = render(r);
  EXPECT_NE(out.find("### Findings (5)\n\n| Status | Severity | Rule | Subject | Where |\n"
                     "|---|---|---|---|---|\n"),
            std::string::npos);
  const std::vector<std::string> rows = lines_starting(out, "| ");
  // 5 open findings, the table header, 1 not-checked row + its header, 1 pass row + its header.
  std::vector<std::string> findings;
  for (const std::string& row : rows)
    if (row.find(" fail | ") != std::string::npos || row.find(" unknown | ") != std::string::npos)
      findings.push_back(row);
  ASSERT_EQ(findings.size(), static_cast<size_t>(r.summary.fail + r.summary.unknown));
  EXPECT_EQ(findings[0],
            "| ❌ fail | error | `ISSUER_TRAILING_SLASH_MISMATCH` | `/subscriptions/3f2b8c1e-7d4a-"
            "4e59-9b62-0c8d5a1f7e23/resourceGroups/capz-quickstart/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/capz-quickstart-identity/"
            "federatedIdentityCredentials/capz-manager` | "
            "`azure/federated-credentials/capz-quickstart-identity.json#/0/issuer` |");
  EXPECT_EQ(findings[1],
            "| ❌ fail | error | `AADSTS70021` | `system:serviceaccount:capz-system:capz-manager` "
            "| `logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/manager.log:23 (6×)` |");
  EXPECT_NE(findings[2].find("| ❔ unknown | error | `ASO_SA_FIC_MISSING` |"), std::string::npos);
  EXPECT_NE(findings[3].find("| ⚠️ fail | warning | `INPUT_UNREADABLE` |"), std::string::npos);
  EXPECT_NE(findings[4].find("| ℹ️ fail | info | `LEADER_ELECTION_LOST` |"), std::string::npos);
  for (const std::string& row : findings) EXPECT_EQ(cell_count(row), 5u) << row;

  // Sections follow the same order: a cause before the symptom it explains, unknowns after.
  const size_t cause = out.find("#### ❌ `ISSUER_TRAILING_SLASH_MISMATCH`");
  const size_t symptom = out.find("#### ❌ `AADSTS70021`");
  const size_t unknown = out.find("#### ❔ `ASO_SA_FIC_MISSING`");
  const size_t warning = out.find("#### ⚠️ `INPUT_UNREADABLE`");
  ASSERT_NE(cause, std::string::npos) << out;
  EXPECT_LT(cause, symptom);
  EXPECT_LT(symptom, unknown);
  EXPECT_LT(unknown, warning);
  EXPECT_EQ(out.find("#### ✅"), std::string::npos);  // passes are listed, not detailed
  EXPECT_NE(out.find("| `FIC_AUDIENCE_MISMATCH` | `capz-quickstart-identity/capz-manager` |"),
            std::string::npos);
}

TEST(RenderMarkdown, FixesInFencedBlocksEvidenceCollapsedAndWhatToProvide) {
  const std::string out = render(sample::full_report());
  const size_t cause = out.find("#### ❌ `ISSUER_TRAILING_SLASH_MISMATCH`");
  const std::string section = out.substr(cause, out.find("#### ", cause + 5) - cause);
  EXPECT_NE(section.find("**Fix:** Set the credential's issuer to the API server's, byte for "
                         "byte\\.\n\n```sh\naz identity federated-credential update --name "
                         "capz-manager --identity-name capz-quickstart-identity "
                         "--resource-group capz-quickstart --issuer "
                         "\"https://capzquickstartoidc.blob.core.windows.net/oidc\"\n```\n"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("The credential's issuer ends with '/', the API server's does "
                         "not\\.\\\nEntra compares issuers byte for byte\\."),
            std::string::npos);
  EXPECT_NE(section.find("**Explains:** `AADSTS70021`"), std::string::npos);
  EXPECT_NE(section.find("**Docs:** <https://azure.github.io/azure-workload-identity/docs/"
                         "troubleshooting.html>"),
            std::string::npos);
  EXPECT_NE(section.find("<details><summary>Evidence (2)</summary>\n\n```text\n"
                         "azure/federated-credentials/capz-quickstart-identity.json#/0/issuer\n"
                         "  observed: \"https://capzquickstartoidc.blob.core.windows.net/oidc/\"\n"
                         "  expected: \"https://capzquickstartoidc.blob.core.windows.net/oidc\"\n"
                         "  difference: trailing_slash\n"
                         "templates/kind-config.yaml:14\n"),
            std::string::npos)
      << section;
  EXPECT_NE(section.find("```\n\n</details>\n"), std::string::npos);

  const size_t symptom = out.find("#### ❌ `AADSTS70021`");
  const std::string log = out.substr(symptom, out.find("#### ", symptom + 5) - symptom);
  EXPECT_NE(log.find("**Seen:** 6 records, first "
                     "`logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/manager.log:23`, "
                     "last `logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/"
                     "manager.log:71`"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("**Caused by:** `ISSUER_TRAILING_SLASH_MISMATCH`"), std::string::npos);
  EXPECT_NE(log.find("**Fill in first** \\(no evidence supplied these\\): `CREDENTIAL_NAME`, "
                     "`IDENTITY_NAME`, `RESOURCE_GROUP`"),
            std::string::npos);
  EXPECT_NE(log.find("(1 more samples in the JSON report)"), std::string::npos);

  const size_t unknown = out.find("#### ❔ `ASO_SA_FIC_MISSING`");
  const std::string u = out.substr(unknown, out.find("#### ", unknown + 5) - unknown);
  EXPECT_NE(u.find("\\(could not be decided\\)"), std::string::npos);
  EXPECT_NE(u.find("**To decide it, provide the output of:**\n\n```sh\naz identity "
                   "federated-credential list --identity-name <IDENTITY_NAME>"),
            std::string::npos)
      << u;
  EXPECT_EQ(u.find("**Fix:**"), std::string::npos);

  EXPECT_NE(out.find("### Not checked (1)"), std::string::npos);
  EXPECT_NE(out.find("| `DISCOVERY_DOC_ISSUER_MISMATCH` | `curl -s "
                     "https://<issuer>/.well-known/openid-configuration` |"),
            std::string::npos);
}

TEST(RenderMarkdown, FenceIsLongerThanAnyBacktickRunInACommand) {
  Report r = sample::full_report();
  r.findings[0].fix.commands = {"echo ```` `id` ``", "kubectl get sa"};
  r.finalize();
  const std::string out = render(r);
  EXPECT_NE(out.find("\n`````sh\necho ```` `id` ``\nkubectl get sa\n`````\n"), std::string::npos)
      << out;
}

const std::string kHostile = std::string("nul:\0:", 6) +
                             "esc:\x1b[31m bad:\xc3\x28\xff fffe:\xef\xbf\xbe cdata:]]> "
                             "</details><img src=x onerror=alert(1)> <script>x</script> "
                             "[x](javascript:alert(1)) ![i](https://evil.example/p.png) "
                             "a|b ``` @octocat #123 https://evil.example *b* _i_ ~s~ &amp;\n"
                             "# heading\n    indented\n---\n<!-- c -->\r\x07";

Report hostile_report() {
  Report r = sample::full_report();
  for (Finding& f : r.findings) {
    f.subject += kHostile;
    f.title += kHostile;
    f.detail += kHostile;
    f.rule_id += kHostile;
    f.samples.push_back(Sample{SourceRef{"logs/evil.log", 1, ""}, kHostile});
    f.evidence.push_back({"logs/evil.log", "1", kHostile, kHostile, Difference::kNone});
    f.fix.summary += kHostile;
    f.fix.commands.push_back("echo `id` " + kHostile);
    f.needs.push_back(kHostile);
    f.fix.docs.push_back("javascript:alert(1)");
    f.fix.docs.push_back("https://ok.example/a b<script>");
    f.missing.push_back(kHostile);
    f.caused_by.push_back(kHostile);
  }
  r.tool_version = kHostile;
  r.now = kHostile;
  r.collectors[0].error = kHostile;
  r.coverage[0].needs = kHostile;
  r.redactions[kHostile] = 1;
  r.finalize();
  return r;
}

TEST(RenderMarkdown, HostileInputNeverBecomesMarkupOrALink) {
  const std::string out = render(hostile_report());
  EXPECT_TRUE(is_valid_utf8(out));
  for (unsigned char c : out) EXPECT_FALSE((c < 0x20 && c != '\n') || c == 0x7f) << int(c);
  EXPECT_EQ(out.find("\xef\xbf\xbe"), std::string::npos);
  // Only our own tags: every '<' opens <details>, <summary>, <sub> (or their ends) or an https
  // autolink to the catalog's docs; any other '<' is escaped or inside code.
  std::vector<std::string> outside_code;
  {
    // Drop fenced blocks and code spans, then look at what a renderer treats as markup.
    std::string prose;
    bool in_fence = false;
    std::string fence;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
      if (!in_fence && line.rfind("```", 0) == 0) {
        in_fence = true;
        fence = line.substr(0, line.find_first_not_of('`'));
        continue;
      }
      if (in_fence) {
        if (line == fence) in_fence = false;
        continue;
      }
      prose += line + "\n";
    }
    EXPECT_FALSE(in_fence);
    std::string bare;
    for (size_t i = 0; i < prose.size();) {
      if (prose[i] == '\\' && i + 1 < prose.size()) {
        bare += "E";  // an escaped character is literal text
        i += 2;
      } else if (prose[i] == '`') {
        const size_t run = prose.find_first_not_of('`', i) - i;
        const size_t close = prose.find(std::string(run, '`'), i + run);
        ASSERT_NE(close, std::string::npos) << prose.substr(i, 80);
        bare += "CODE";
        i = close + run;
      } else {
        bare += prose[i++];
      }
    }
    const std::regex own("^<(/?details>|/?summary>|/?sub>)");
    for (size_t p = bare.find('<'); p != std::string::npos; p = bare.find('<', p + 1)) {
      const std::string at = bare.substr(p, 40);
      EXPECT_TRUE(std::regex_search(at, own) || at.rfind("<https://azure.github.io/", 0) == 0 ||
                  at.rfind("<https://learn.microsoft.com/", 0) == 0)
          << at;
    }
    // Nothing else a renderer would act on survives outside code.
    for (const char* bad : {"](", "![", "&amp;", "*b*", "_i_", "~s~", "https://evil", "@octocat",
                            "#123", "<!--", "\n# heading", "\n---", "\n    "})
      EXPECT_EQ(bare.find(bad), std::string::npos) << bad;
  }
  // Made visible, not dropped.
  EXPECT_NE(out.find("nul\\:\\\\x00\\:"), std::string::npos);
  EXPECT_NE(out.find("`@octocat`"), std::string::npos);
  EXPECT_NE(out.find("`#123`"), std::string::npos);
  EXPECT_NE(out.find("\\<img src\\=x onerror\\=alert\\(1\\)\\>"), std::string::npos);
  EXPECT_NE(out.find("\\[x\\]\\(javascript\\:alert\\(1\\)\\)"), std::string::npos);
  EXPECT_NE(out.find("`javascript:alert(1)`"), std::string::npos);  // a doc that is no https link
  EXPECT_EQ(out.find("<javascript"), std::string::npos);
  EXPECT_EQ(out.find("<https://ok.example"), std::string::npos);
  // Table rows keep their five cells: the pipe in a subject is escaped even inside code.
  for (const std::string& row : lines_starting(out, "| ❌ fail | error |"))
    EXPECT_EQ(cell_count(row), 5u) << row;
  EXPECT_NE(out.find("a\\|b"), std::string::npos);
  // A command with backticks still sits in one fenced block, fence longer than its runs.
  EXPECT_NE(out.find("````sh\n"), std::string::npos);
}

// A report far past the cap: every finding carries a long detail, evidence, samples and fixes.
TEST(RenderMarkdown, ThirtyThousandFindingsStayUnderTheCap) {
  Report r = sample::full_report();
  const Finding symptom = r.findings[1];
  for (int i = 0; i < 30000; ++i) {
    Finding f = symptom;
    f.fingerprint = "fp" + std::to_string(i);
    f.subject = "component/x-" + std::to_string(i);
    f.detail = std::string(1500, 'd');
    f.status = i % 2 == 0 ? FindingStatus::kFail : FindingStatus::kPass;
    r.findings.push_back(f);
  }
  r.finalize();
  const std::string out = render(r);
  EXPECT_LT(out.size(), kCap);
  EXPECT_GT(out.size(), kCap / 2);  // the room is used, not given up early
  EXPECT_NE(
      out.find("more findings in the JSON report** \\(`-o json=FILE`\\): the detail stops here"),
      std::string::npos);
  EXPECT_NE(
      out.find("more findings in the JSON report** \\(`-o json=FILE`\\): the table stops here"),
      std::string::npos);
  EXPECT_NE(out.find("<details><summary>Passed checks (15001)</summary>"), std::string::npos);
  EXPECT_NE(out.find(" more in the JSON report\\.\n\n</details>"), std::string::npos);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "## ❌ wi-doctor: 15002 errors, 1 warning, 1 info, 1 check undecided");

  // One finding alone larger than the cap is not shown half-way: it is left to the JSON report.
  Report one = sample::minimal_report();
  one.findings[0].fix.commands.assign(200, std::string(8000, 'c'));
  one.finalize();
  const std::string big = render(one);
  EXPECT_LT(big.size(), kCap);
  EXPECT_NE(big.find("1 more finding in the JSON report"), std::string::npos);
}

}  // namespace
}  // namespace wid
