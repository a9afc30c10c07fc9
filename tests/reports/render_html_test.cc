// The html renderer: a complete page without script (every section, hop, finding and fix in the
// markup), hostile text that stays text (only our own tags and attributes), an embedded JSON
// report that cannot close its <script> and still parses, a CSP whose hashes match the inline
// blocks, deterministic bytes, and caps that keep a huge report usable.
// The browser side (nothing executes, no request, the script runs under the CSP) is
// tests/consumers/test_html_chromium.py.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "analyzer/model/text.h"
#include "reports/renderer.h"
#include "tests/model/sample_report.h"

namespace wid {
namespace {

std::string render(const Report& r) {
  std::ostringstream out;
  Status st = render_html(r, RenderOptions{}, out);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  return out.str();
}

size_t count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// The text between `open` and the next `close` after it.
std::string between(const std::string& s, const std::string& open, const std::string& close) {
  const size_t a = s.find(open);
  if (a == std::string::npos) return "";
  const size_t b = s.find(close, a + open.size());
  if (b == std::string::npos) return "";
  return s.substr(a + open.size(), b - a - open.size());
}

const std::string kJsonOpen = "<script type=\"application/json\" id=\"wid-report\">";

// The page without its style, script and JSON contents: what is left is markup and text only.
std::string markup_only(const std::string& page) {
  std::string s = page;
  for (const auto& [open, close] : {std::pair<std::string, std::string>{"<style>", "</style>"},
                                    {kJsonOpen, "</script>"},
                                    {"<script>", "</script>"}}) {
    const size_t a = s.find(open);
    const size_t b = s.find(close, a);
    if (a != std::string::npos && b != std::string::npos)
      s.erase(a + open.size(), b - a - open.size());
  }
  return s;
}

std::string sha256_base64(const std::string& bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr), 1);
  unsigned char b64[128];
  const int n = EVP_EncodeBlock(b64, digest, static_cast<int>(len));
  return std::string(reinterpret_cast<const char*>(b64), static_cast<size_t>(n));
}

// The sample report with its findings placed on the trust chain, so the chain has a broken link.
Report chained_report() {
  Report r = sample::full_report();
  for (Finding& f : r.findings) {
    if (f.rule_id == "ISSUER_TRAILING_SLASH_MISMATCH") f.hop = "issuer";
    if (f.rule_id == "AADSTS70021") f.hop = "entra";
    if (f.rule_id == "ASO_SA_FIC_MISSING") f.hop = "federated-credential";
    if (f.rule_id == "FIC_AUDIENCE_MISMATCH") f.hop = "federated-credential";
  }
  r.finalize();
  return r;
}

const std::string kScriptPayload =
    "</script><script>document.documentElement.dataset.pwned=1</script>";
const std::string kImgPayload = "<img src=x onerror=\"document.documentElement.dataset.pwned=2\">";
const std::string kAttrPayload = "\" onmouseover=\"alert(1)\" x='";
const std::string kTemplatePayload = "{{constructor.constructor('alert(4)')()}}";

// Every string a renderer prints, set to something hostile.
Report hostile_report() {
  Report r = chained_report();
  const std::string all = kScriptPayload + kImgPayload + kAttrPayload + kTemplatePayload +
                          "<!-- <svg onload=alert(5)> \x1b[31mred\r \xe2\x80\xae"
                          "txet";
  for (Finding& f : r.findings) {
    f.title += all;
    f.subject += all;
    f.detail += all;
    f.fingerprint += "\"><img src=x>";
    f.samples.push_back({SourceRef{"logs/" + kImgPayload + ".log", 3, ""}, all});
    f.evidence.push_back({kScriptPayload, kAttrPayload, all, all, Difference::kOther});
    f.fix.summary += all;
    f.fix.commands.push_back("az identity show --name \"" + all + "\"");
    f.fix.docs.push_back("https://example.com/?q=" + kAttrPayload);
    f.missing.push_back(kImgPayload);
    f.needs.push_back(all);
    f.caused_by.push_back(kScriptPayload);
  }
  r.inputs[0].path = all;
  r.inputs[0].detail = all;
  r.collectors[0].error = all;
  r.coverage[1].needs = all;
  r.tool_version = all;
  r.redactions[all] = 1;
  r.findings[0].hop = all;  // a re-rendered report may say anything here
  r.finalize();
  return r;
}

TEST(RenderHtml, SameReportSameBytesWhateverTheOrderOrTheClock) {
  const std::string a = render(sample::full_report());
  EXPECT_EQ(a, render(sample::full_report()));
  Report shuffled = sample::full_report();
  std::reverse(shuffled.findings.begin(), shuffled.findings.end());
  std::reverse(shuffled.inputs.begin(), shuffled.inputs.end());
  shuffled.summary = Summary{};
  shuffled.collectors[1].duration_ms = 987654;  // wall-clock time never reaches the page
  shuffled.finalize();  // where a report is made: the renderer takes it as it is
  EXPECT_EQ(render(shuffled), a);
  EXPECT_EQ(a.find("987654"), std::string::npos);
  EXPECT_EQ(a.find("durationMs"), std::string::npos);
}

TEST(RenderHtml, EverySectionIsInTheServedMarkup) {
  const std::string out = render(chained_report());
  ASSERT_EQ(out.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0u);
  // Summary header: counts, inputs, collectors, coverage, redactions.
  EXPECT_NE(out.find("<li class=\"sev-error\">2 errors</li><li class=\"sev-warning\">1 warning</li>"
                     "<li class=\"sev-info\">1 info</li><li class=\"st-unknown\">1 unknown</li>"
                     "<li class=\"st-pass\">1 passed</li>"),
            std::string::npos);
  EXPECT_NE(out.find("<title>wi-doctor: 2 errors, 1 warning, 1 info, 1 unknown</title>"),
            std::string::npos);
  EXPECT_NE(out.find("4 files read</a> (1 unrecognized, 1 unreadable)"), std::string::npos);
  EXPECT_NE(out.find("arm: skipped (needs <code>--azure-token or az login</code>)"),
            std::string::npos);
  EXPECT_NE(out.find("1 check ran, <a href=\"#not-checked\">1 could not run</a>"),
            std::string::npos);
  EXPECT_NE(out.find("<dt>Redacted</dt><dd>1 client-secret, 2 jwt</dd>"), std::string::npos);
  EXPECT_NE(out.find("offline, as of 2026-11-27T09:15:00Z (manifest)"), std::string::npos);
  // Every hop, the first broken one marked, and the lead cause named.
  for (const char* hop : kChainHops)
    EXPECT_NE(out.find("id=\"hop-" + std::string(hop) + "\""), std::string::npos) << hop;
  EXPECT_NE(out.find("<li class=\"hop hop-fail first-broken\" id=\"hop-issuer\" "
                     "aria-current=\"step\"><span class=\"hop-name\">issuer</span> "
                     "<span class=\"hop-status\">FAIL</span>"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("<li class=\"hop hop-unknown\" id=\"hop-federated-credential\">"),
            std::string::npos);
  EXPECT_NE(out.find("Start with <a href=\"#f-5f0c2a7d9e41b3c8\"><code>ISSUER_TRAILING_SLASH_"
                     "MISMATCH</code></a>"),
            std::string::npos);
  // Every open finding as a card, with its anchor; the pass only in the collapsed list.
  for (const char* id : {"f-5f0c2a7d9e41b3c8", "f-a19e77c04d2b6f10", "f-0c3e", "f-11", "f-22"})
    EXPECT_EQ(count(out, "id=\"" + std::string(id) + "\""), 1u) << id;
  EXPECT_EQ(count(out, "<article "), 5u);
  EXPECT_NE(out.find("<section id=\"passed\">\n<h2>Passed (1)</h2>\n<details><summary>Show the 1 "
                     "check that passed</summary>"),
            std::string::npos);
  EXPECT_NE(out.find("<code class=\"rule\">FIC_AUDIENCE_MISMATCH</code> <code>capz-quickstart-"
                     "identity/capz-manager</code>"),
            std::string::npos);
  // The exact fix, as selectable text, placeholders marked; evidence with file:line and pointer.
  EXPECT_NE(out.find("<div class=\"cmd\"><pre><code>az identity federated-credential update "
                     "--name capz-manager --identity-name capz-quickstart-identity "
                     "--resource-group capz-quickstart --issuer &quot;https://"
                     "capzquickstartoidc.blob.core.windows.net/oidc&quot;</code></pre></div>"),
            std::string::npos);
  EXPECT_NE(out.find("--identity-name <mark class=\"ph\">&lt;IDENTITY_NAME&gt;</mark>"),
            std::string::npos);
  EXPECT_NE(out.find("<code>templates/kind-config.yaml:14</code>: observed <code>https://"),
            std::string::npos);
  EXPECT_NE(out.find("<code>azure/federated-credentials/capz-quickstart-identity.json#/0/issuer"
                     "</code>: observed <code>https://capzquickstartoidc.blob.core.windows.net/"
                     "oidc/</code>, expected <code>https://capzquickstartoidc.blob.core.windows."
                     "net/oidc</code> <span class=\"diff\">(trailing_slash)</span>"),
            std::string::npos);
  EXPECT_NE(out.find("first at <code>logs/capz-system/capz-controller-manager-7c9d8b5f4-x2k8p/"
                     "manager.log:23</code>"),
            std::string::npos);
  EXPECT_NE(out.find("<strong>Caused by:</strong> <a href=\"#f-5f0c2a7d9e41b3c8\">"),
            std::string::npos);
  EXPECT_NE(out.find("<strong>Explains:</strong> <a href=\"#f-a19e77c04d2b6f10\">"),
            std::string::npos);
  // Unknowns say what to provide; checks that could not run say what they need.
  EXPECT_NE(out.find("<strong>To decide this, provide:</strong></p>\n<div class=\"cmd\"><pre><code>"
                     "az identity federated-credential list"),
            std::string::npos);
  // <issuer> is lower case: not a placeholder, so plain text.
  EXPECT_NE(out.find("DISCOVERY_DOC_ISSUER_MISMATCH</code>: needs\n<div class=\"cmd\"><pre><code>"
                     "curl -s https://&lt;issuer&gt;/.well-known/openid-configuration"),
            std::string::npos);
  EXPECT_NE(out.find("<td><code>cluster/broken.yaml</code></td><td>k8s/objects</td><td>unreadable: "
                     "line 1, column 3: bad indentation</td>"),
            std::string::npos);
  // The controls exist only as an empty slot the script fills.
  EXPECT_NE(out.find("<div id=\"controls\"></div>"), std::string::npos);
  EXPECT_EQ(out.find("<button"), std::string::npos);
  EXPECT_EQ(out.find("<input"), std::string::npos);
}

TEST(RenderHtml, GroupsByCauseThenSeverityThenUnknown) {
  const std::string out = render(chained_report());
  const size_t cause_group = out.find("<h3>Proven cause: <code>ISSUER_TRAILING_SLASH_MISMATCH");
  const size_t cause = out.find("id=\"f-5f0c2a7d9e41b3c8\"");
  const size_t symptoms = out.find("Symptoms this cause explains");
  const size_t symptom = out.find("id=\"f-a19e77c04d2b6f10\"");
  const size_t other_warnings = out.find("<h3>Other warnings (1)</h3>");
  const size_t warning = out.find("id=\"f-22\"");
  const size_t other_info = out.find("<h3>Other info (1)</h3>");
  const size_t unknown_group = out.find("<h3>Could not decide: evidence missing (1)</h3>");
  const size_t unknown = out.find("id=\"f-0c3e\"");
  const size_t not_checked = out.find("<section id=\"not-checked\">");
  const size_t passed = out.find("<section id=\"passed\">");
  const std::vector<size_t> order = {cause_group,    cause,       symptoms,   symptom,
                                     other_warnings, warning,     other_info, unknown_group,
                                     unknown,        not_checked, passed};
  for (size_t i = 0; i < order.size(); ++i) ASSERT_NE(order[i], std::string::npos) << i;
  EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
  // The symptom sits under its cause only, not again under errors.
  EXPECT_EQ(out.find("Other errors"), std::string::npos);
  EXPECT_EQ(out.find("<h3>Errors"), std::string::npos);
}

TEST(RenderHtml, WithoutCausesFailuresAreGroupedBySeverity) {
  Report r = sample::full_report();
  for (Finding& f : r.findings) {
    f.explains.clear();
    f.caused_by.clear();
  }
  r.finalize();
  const std::string out = render(r);
  EXPECT_EQ(out.find("Proven cause"), std::string::npos);
  const size_t errors = out.find("<h3>Errors (2)</h3>");
  const size_t warnings = out.find("<h3>Warnings (1)</h3>");
  const size_t info = out.find("<h3>Info (1)</h3>");
  ASSERT_NE(errors, std::string::npos);
  EXPECT_LT(errors, warnings);
  EXPECT_LT(warnings, info);
}

TEST(RenderHtml, CleanReportSaysSo) {
  Report r;
  r.tool_version = "0.1.0";
  r.now = "2026-11-27T09:15:00Z";
  r.finalize();
  const std::string out = render(r);
  EXPECT_NE(out.find("<p>No problems found. "), std::string::npos);
  EXPECT_NE(out.find("No link is proven broken."), std::string::npos);
  EXPECT_EQ(out.find("<article"), std::string::npos);
}

TEST(RenderHtml, HostileTextStaysTextEverywhere) {
  const std::string out = render(hostile_report());
  const std::string markup = markup_only(out);
  // Only our own elements, and only our own attributes on them: no value opened a tag or
  // escaped an attribute.
  const std::set<std::string> tags = {
      "!DOCTYPE", "html", "head",    "meta",    "link",    "title",   "style", "body",  "header",
      "h1",       "h2",   "h3",      "h4",      "ul",      "ol",      "li",    "p",     "dl",
      "dt",       "dd",   "a",       "strong",  "code",    "pre",     "span",  "mark",  "div",
      "nav",      "main", "section", "article", "details", "summary", "table", "thead", "tbody",
      "tr",       "th",   "td",      "br",      "footer",  "script"};
  const std::set<std::string> attrs = {"lang",         "charset",
                                       "http-equiv",   "content",
                                       "name",         "rel",
                                       "href",         "class",
                                       "id",           "type",
                                       "aria-current", "data-severity",
                                       "data-status",  "data-filter-group",
                                       "open"};
  const std::regex tag_re(R"re(<(/?)([!A-Za-z][A-Za-z0-9]*)([^<>]*)>)re");
  const std::regex attr_re(R"re(\s([a-z-]+)(="([^"<>]*)")?)re");
  size_t tags_seen = 0;
  for (auto it = std::sregex_iterator(markup.begin(), markup.end(), tag_re);
       it != std::sregex_iterator(); ++it) {
    ++tags_seen;
    const std::string name = (*it)[2];
    EXPECT_TRUE(tags.count(name)) << "unexpected tag " << it->str();
    if (name == "!DOCTYPE" || (*it)[1] == "/") continue;
    const std::string rest = (*it)[3];
    std::string leftover = std::regex_replace(rest, attr_re, "");
    EXPECT_TRUE(leftover.empty()) << "unparsed attribute text in " << it->str();
    for (auto a = std::sregex_iterator(rest.begin(), rest.end(), attr_re);
         a != std::sregex_iterator(); ++a) {
      EXPECT_TRUE(attrs.count((*a)[1])) << "unexpected attribute in " << it->str();
      if ((*a)[1] == "href") {
        const std::string href = (*a)[3];
        EXPECT_TRUE(href.rfind('#', 0) == 0 || href.rfind("https://", 0) == 0 ||
                    href.rfind("data:,", 0) == 0)
            << it->str();
      }
    }
  }
  EXPECT_GT(tags_seen, 100u);
  // Every '<' outside our tags was escaped, so no stray one is left for a browser to parse.
  EXPECT_EQ(std::regex_replace(markup, tag_re, "").find('<'), std::string::npos);
  EXPECT_EQ(count(out, "<script"), 2u);
  EXPECT_EQ(count(out, "</script"), 2u);
  EXPECT_EQ(out.find("<img"), std::string::npos);
  EXPECT_EQ(out.find("<svg"), std::string::npos);
  EXPECT_EQ(out.find("<!--"), std::string::npos);
  // Shown, escaped, not dropped.
  EXPECT_NE(markup.find("&lt;/script&gt;&lt;script&gt;document.documentElement.dataset.pwned=1"),
            std::string::npos);
  EXPECT_NE(markup.find("&lt;img src=x onerror=&quot;document.documentElement.dataset.pwned=2"),
            std::string::npos);
  EXPECT_NE(markup.find("{{constructor.constructor(&#39;alert(4)&#39;)()}}"), std::string::npos);
  // Controls and bidi overrides are made visible, not passed through (outside the JSON data).
  EXPECT_EQ(markup.find('\x1b'), std::string::npos);
  EXPECT_EQ(markup.find('\r'), std::string::npos);
  EXPECT_EQ(markup.find("\xe2\x80\xae"), std::string::npos);
  EXPECT_NE(markup.find("\\x1b[31mred\\x0d \\u{202e}txet"), std::string::npos);
  // The hostile fingerprint became a safe, still unique anchor.
  EXPECT_NE(markup.find("id=\"f-5f0c2a7d9e41b3c8___img_src_x_\""), std::string::npos);
}

TEST(RenderHtml, EmbeddedJsonCannotCloseItsScriptAndRoundTrips) {
  const Report hostile = hostile_report();
  const std::string out = render(hostile);
  const std::string blob = between(out, kJsonOpen, "</script>");
  ASSERT_FALSE(blob.empty());
  EXPECT_EQ(blob.find('<'), std::string::npos);
  EXPECT_EQ(blob.find('>'), std::string::npos);
  EXPECT_EQ(blob.find('&'), std::string::npos);
  EXPECT_NE(blob.find("\\u003c/script\\u003e\\u003cscript\\u003e"), std::string::npos);
  // \u003c is a JSON escape: the blob parses to exactly the report, nothing lost.
  const nlohmann::json parsed = nlohmann::json::parse(blob);
  Report want = hostile;
  for (CollectorStatus& c : want.collectors) c.duration_ms.reset();
  EXPECT_EQ(parsed, report_to_json(want));
  auto back = report_from_json(parsed);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back.value().findings.size(), hostile.findings.size());
}

TEST(RenderHtml, EmbeddedJsonHoldsTheWholeReportWithoutDurations) {
  Report r = sample::full_report();
  r.findings[0].samples.resize(9, r.findings[0].samples.empty()
                                      ? Sample{SourceRef{"a.log", 1, ""}, "line"}
                                      : r.findings[0].samples[0]);
  r.collectors[0].duration_ms = 5;
  r.finalize();  // where a report is made: the renderer takes it as it is
  const std::string out = render(r);
  const nlohmann::json parsed = nlohmann::json::parse(between(out, kJsonOpen, "</script>"));
  Report want = r;
  want.finalize();
  for (CollectorStatus& c : want.collectors) c.duration_ms.reset();
  EXPECT_EQ(parsed, report_to_json(want));
}

TEST(RenderHtml, CspPinsTheExactInlineStyleAndScript) {
  const std::string out = render(sample::full_report());
  EXPECT_EQ(count(out, "<style>"), 1u);
  const std::string style = between(out, "<style>", "</style>");
  const std::string script = between(out, "\n<script>", "</script>");
  ASSERT_FALSE(style.empty());
  ASSERT_FALSE(script.empty());
  const std::string csp =
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      "'none'; script-src 'sha256-" +
      sha256_base64(script) + "'; style-src 'sha256-" + sha256_base64(style) +
      "'; img-src data:; base-uri 'none'; form-action 'none'\">";
  EXPECT_NE(out.find(csp), std::string::npos) << csp;
  // The CSP is the first thing after the charset, so it governs everything parsed after it.
  EXPECT_LT(out.find("Content-Security-Policy"), out.find("<style>"));
  // Nothing in the page can load anything: no source attributes, no CSS imports or urls.
  for (const char* needle : {" src=", "url(", "@import", "//fonts", "<iframe", "<object"})
    EXPECT_EQ(out.find(needle), std::string::npos) << needle;
  EXPECT_EQ(style.find("http"), std::string::npos);
  EXPECT_EQ(script.find("http"), std::string::npos);
  EXPECT_EQ(script.find("innerHTML"), std::string::npos);
  EXPECT_EQ(script.find("eval("), std::string::npos);
  // No inline style or handler attributes: the CSP would block them, and the page must not need
  // anything the CSP blocks.
  EXPECT_FALSE(std::regex_search(markup_only(out), std::regex(R"(<[^>]*\s(style|on[a-z]+)=)")));
}

TEST(RenderHtml, OnlyHttpDocLinksBecomeHrefs) {
  Report r = sample::minimal_report();
  r.findings[0].fix.docs = {"javascript:alert(1)",
                            " JaVaScRiPt:alert(2)",
                            "data:text/html,<b>x</b>",
                            "vbscript:msgbox",
                            "https://learn.microsoft.com/x?a=1&b=2",
                            "HTTP://example.com/y",
                            "https://evil.example/ onmouseover=x"};
  const std::string out = render(r);
  EXPECT_EQ(out.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(out.find("href=\" JaVa"), std::string::npos);
  EXPECT_EQ(out.find("href=\"data:text"), std::string::npos);
  EXPECT_EQ(out.find("href=\"vbscript"), std::string::npos);
  EXPECT_NE(out.find("<code>javascript:alert(1)</code>"), std::string::npos);
  EXPECT_NE(out.find("<code>data:text/html,&lt;b&gt;x&lt;/b&gt;</code>"), std::string::npos);
  EXPECT_NE(out.find("<a href=\"https://learn.microsoft.com/x?a=1&amp;b=2\" rel=\"noopener "
                     "noreferrer\">"),
            std::string::npos);
  EXPECT_NE(out.find("<a href=\"HTTP://example.com/y\""), std::string::npos);
  // A URL with a space in it is not a URL we link.
  EXPECT_EQ(out.find("href=\"https://evil.example/"), std::string::npos);
}

TEST(RenderHtml, InvalidUtf8BecomesReplacementCharacters) {
  Report r = sample::minimal_report();
  r.findings[0].samples.push_back({SourceRef{"a.log", 1, ""}, "bad \xff\xfe bytes \xc3"});
  r.findings[0].subject = "sub\xc0\xafject";
  r.findings[0].detail = std::string("cut \xe2\x82");
  const std::string out = render(r);
  EXPECT_TRUE(is_valid_utf8(out));
  EXPECT_NE(out.find("bad \xef\xbf\xbd\xef\xbf\xbd bytes \xef\xbf\xbd"), std::string::npos);
  EXPECT_NE(out.find("sub\xef\xbf\xbd"), std::string::npos);
  // The embedded JSON is valid UTF-8 too and parses.
  EXPECT_TRUE(nlohmann::json::accept(between(out, kJsonOpen, "</script>")));
}

TEST(RenderHtml, ThirtyThousandFindingsRenderWithCaps) {
  Report r;
  r.tool_version = "0.1.0";
  r.now = "2026-11-27T09:15:00Z";
  r.findings.reserve(30000);
  for (int i = 0; i < 30000; ++i) {
    Finding f;
    f.fingerprint = "fp" + std::to_string(i);
    f.rule_id = "RULE_" + std::to_string(i % 40);
    f.title = "A finding";
    f.severity = static_cast<Severity>(i % 3);
    f.subject = "subject/" + std::to_string(i);
    f.detail = "detail " + std::to_string(i);
    f.samples.push_back({SourceRef{"a.log", static_cast<uint64_t>(i + 1), ""}, "E1127 line"});
    f.fix.commands = {"kubectl get pod p" + std::to_string(i)};
    r.findings.push_back(std::move(f));
  }
  Finding& big = r.findings[0];
  big.detail = std::string(size_t{10} * 1024 * 1024, 'd');
  big.samples.clear();
  for (uint64_t i = 1; i <= 12; ++i)
    big.samples.push_back({SourceRef{"big.log", i, ""}, "sample " + std::string(6000, 's')});
  for (int i = 0; i < 50; ++i)
    big.evidence.push_back(
        {"e" + std::to_string(100 + i) + ".json", "/x", "o", "", Difference::kNone});
  const std::string long_command = "az " + std::string(6000, 'c');
  big.fix.commands = {long_command};
  r.finalize();

  const std::string out = render(r);
  EXPECT_EQ(count(out, "<article "), 30000u);
  const std::string markup = markup_only(out);
  EXPECT_EQ(markup.find(std::string(4097, 'd')), std::string::npos);
  EXPECT_EQ(markup.find(std::string(4097, 's')), std::string::npos);
  EXPECT_NE(markup.find("…[truncated"), std::string::npos);
  EXPECT_EQ(count(markup, "big.log:"), 5u);
  EXPECT_NE(markup.find("7 more sample lines in the embedded JSON report"), std::string::npos);
  EXPECT_EQ(count(markup, "<code>e1"), 20u);
  EXPECT_NE(markup.find("30 more in the embedded JSON report"), std::string::npos);
  EXPECT_NE(markup.find("<pre><code>" + long_command + "</code></pre>"), std::string::npos);
  // Bounded per finding: the markup is not proportional to the 10 MB value.
  EXPECT_LT(markup.size(), 30000u * 1500u);
  // The JSON keeps everything whole.
  const std::string blob = between(out, kJsonOpen, "</script>");
  EXPECT_NE(blob.find(std::string(size_t{10} * 1024 * 1024, 'd')), std::string::npos);
}

TEST(RenderHtml, ReportsAWriteFailure) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  Status st = render_html(sample::full_report(), RenderOptions{}, out);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("could not write the html report"), std::string::npos);
}

}  // namespace
}  // namespace wid
