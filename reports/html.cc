// The `html` renderer: one self-contained page to attach to a ticket or a CI run. A summary
// header, the trust chain with its first broken link, the findings grouped by cause (a proven
// cause, then the symptoms it explains; then the other failures by severity; then what could not
// be decided), the checks that could not run, and the passes, collapsed.
//
// The page must be complete where artifact viewers block all inline script and style (Jenkins'
// default CSP): every finding, hop and fix is served markup, and the one script only adds
// filtering, search and copy buttons. It makes no request of its own: no fonts, images or links
// it loads, and a CSP meta tag that pins the one style block and the one script by hash.
//
// Every string is untrusted (log samples, object names, captured values, even titles from
// --rules): text and attribute values go through markup_escape(), links are made only from
// http(s) URLs, and the embedded JSON has < > & as \u escapes so no value can close its <script>.
#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/text.h"
#include "reports/escape.h"
#include "reports/fixed_by.h"
#include "reports/html_assets.h"
#include "reports/limits.h"
#include "reports/renderer.h"

namespace wid {
namespace {

using namespace render_limits::html;

// For HTML text and quoted attribute values only; never for a URL or inside <script>.
std::string h(std::string_view s) { return markup_escape(truncate_utf8(s, kHtmlValueBytes)); }
std::string h_lines(std::string_view s) {
  return markup_escape(truncate_utf8(s, kHtmlValueBytes), /*keep_newlines=*/true);
}

Status hash_for_csp(std::string_view bytes, std::string& out) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sha256(), nullptr) != 1)
    return make_error(ErrorCode::kInternal, "could not hash the html report's script or style");
  unsigned char b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(b64, digest, static_cast<int>(len));
  out = "'sha256-" + std::string(reinterpret_cast<const char*>(b64), static_cast<size_t>(n)) + "'";
  return Ok{};
}

// Only http(s) becomes a link: a `javascript:` or `data:` issuer or docs URL from a hostile input
// stays text.
bool is_web_url(std::string_view url) {
  const std::string lower = to_lower_ascii(url.substr(0, 8));
  if (!starts_with(lower, "https://") && !starts_with(lower, "http://")) return false;
  return std::none_of(url.begin(), url.end(),
                      [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7F; });
}

std::string link_or_text(const std::string& url) {
  if (!is_web_url(url)) return "<code>" + h(url) + "</code>";
  return "<a href=\"" + h(url) + "\" rel=\"noopener noreferrer\">" + h(url) + "</a>";
}

// A placeholder no evidence could fill (<IDENTITY_NAME>) is marked so it cannot be pasted
// unnoticed. Works on escaped text, where the placeholder reads &lt;NAME&gt;.
std::string mark_placeholders(const std::string& escaped) {
  std::string out;
  size_t i = 0;
  for (size_t open = escaped.find("&lt;"); open != std::string::npos;
       open = escaped.find("&lt;", i)) {
    size_t j = open + 4;
    while (j < escaped.size() && ((escaped[j] >= 'A' && escaped[j] <= 'Z') ||
                                  (escaped[j] >= '0' && escaped[j] <= '9') || escaped[j] == '_'))
      ++j;
    if (j > open + 4 && escaped.compare(j, 4, "&gt;") == 0) {
      out.append(escaped, i, open - i);
      out += "<mark class=\"ph\">" + escaped.substr(open, j + 4 - open) + "</mark>";
      i = j + 4;
    } else {
      out.append(escaped, i, open + 4 - i);
      i = open + 4;
    }
  }
  out.append(escaped, i, std::string::npos);
  return out;
}

// A command the user runs: selectable text without script; the script adds a copy button.
std::string command_block(const std::string& command) {
  return "<div class=\"cmd\"><pre><code>" + mark_placeholders(markup_escape(command)) +
         "</code></pre></div>\n";
}

// The JSON report as a data block. nlohmann does not escape "</script>"; \u003c, \u003e and
// \u0026 are JSON escapes, so the text still parses to the same report, and no "</", "<!--" or
// "<script" can appear in it. These characters only ever occur inside JSON strings.
std::string embedded_json(const Report& r) {
  const std::string raw = dump_json(report_to_json(r), -1);
  std::string out;
  out.reserve(raw.size() + raw.size() / 16);
  for (char c : raw) {
    switch (c) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Element ids from fingerprints, which a re-rendered report (wi-doctor report) may carry as any
// text: kept to [A-Za-z0-9_-] and made unique, so fragment links always name one card.
class Anchors {
 public:
  explicit Anchors(const std::vector<Finding>& findings) {
    std::set<std::string> used;
    for (const Finding& f : findings) {
      std::string id = "f-";
      for (char c : f.fingerprint.substr(0, 64)) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '-' || c == '_';
        id += plain ? c : '_';
      }
      const std::string base = id;
      for (int n = 2; !used.insert(id).second; ++n) id = base + "-" + std::to_string(n);
      by_index_.push_back(id);
      if (f.status != FindingStatus::kPass) first_open_.emplace(f.rule_id, id);
    }
  }
  const std::string& of(size_t index) const { return by_index_[index]; }
  // A rule id as a link to its first open finding, or as plain text when none is in the report.
  std::string rule_link(const std::string& rule_id) const {
    auto it = first_open_.find(rule_id);
    if (it == first_open_.end()) return "<code>" + h(rule_id) + "</code>";
    return "<a href=\"#" + it->second + "\"><code>" + h(rule_id) + "</code></a>";
  }
  std::string rule_links(const std::vector<std::string>& ids) const {
    std::string out;
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + rule_link(ids[i]);
    return out;
  }

 private:
  std::vector<std::string> by_index_;
  std::map<std::string, std::string> first_open_;
};

std::string where(const SourceRef& s) { return "<code>" + h(s.to_string()) + "</code>"; }

// "file:12" for a line, "file#/0/issuer" for a JSON pointer, "file (spec.x)" otherwise, as the
// text renderer joins them.
std::string evidence_location(const EvidenceItem& e) {
  std::string loc = e.source;
  if (!e.locator.empty()) {
    const bool digits = std::all_of(e.locator.begin(), e.locator.end(),
                                    [](char c) { return c >= '0' && c <= '9'; });
    loc += digits                        ? ":" + e.locator
           : starts_with(e.locator, "/") ? "#" + e.locator
                                         : " (" + e.locator + ")";
  }
  return "<code>" + h(loc) + "</code>";
}

void write_finding(std::ostream& out, const Finding& f, const std::string& id,
                   const Anchors& anchors) {
  const std::string sev = severity_name(f.severity);
  const std::string st = status_name(f.status);
  out << "<article class=\"finding sev-" << sev << " st-" << st << "\" id=\"" << id
      << "\" data-severity=\"" << sev << "\" data-status=\"" << st
      << "\">\n<h4><span class=\"badge sev-" << sev << "\">" << sev << "</span> ";
  if (f.status == FindingStatus::kUnknown)
    out << "<span class=\"badge st-unknown\">unknown: evidence missing</span> ";
  out << "<code class=\"rule\">" << h(f.rule_id) << "</code> " << h(f.title);
  if (const std::string codes = codes_seen(f); !codes.empty())
    out << " (logged as " << h(codes) << ")";
  out << "</h4>\n";

  out << "<dl class=\"facts\"><dt>Subject</dt><dd><code>" << h(f.subject) << "</code></dd>";
  if (!f.hop.empty()) out << "<dt>Trust-chain hop</dt><dd>" << h(f.hop) << "</dd>";
  if (f.count > 0 || f.first) {
    out << "<dt>Seen</dt><dd>";
    if (f.count > 0) out << plural(f.count, "time", "times");
    if (f.first) out << (f.count > 0 ? ", " : "") << "first at " << where(*f.first);
    if (!f.first_seen.empty()) out << " (" << h(f.first_seen) << ")";
    if (f.last && f.count > 1 && !(f.first && *f.first == *f.last)) {
      out << ", last at " << where(*f.last);
      if (!f.last_seen.empty()) out << " (" << h(f.last_seen) << ")";
    }
    out << "</dd>";
  }
  if (f.confidence) out << "<dt>Confidence</dt><dd>" << confidence_name(*f.confidence) << "</dd>";
  out << "</dl>\n";
  if (!f.detail.empty()) out << "<p class=\"detail\">" << h_lines(trim(f.detail)) << "</p>\n";

  if (!f.evidence.empty()) {
    out << "<ul class=\"evidence\">\n";
    const size_t shown = std::min(f.evidence.size(), kHtmlEvidencePerFinding);
    for (size_t i = 0; i < shown; ++i) {
      const EvidenceItem& e = f.evidence[i];
      out << "<li>" << evidence_location(e);
      if (!e.observed.empty()) out << ": observed <code>" << h(e.observed) << "</code>";
      if (!e.expected.empty()) out << ", expected <code>" << h(e.expected) << "</code>";
      if (e.difference != Difference::kNone)
        out << " <span class=\"diff\">(" << h(difference_name(e.difference)) << ")</span>";
      out << "</li>\n";
    }
    if (f.evidence.size() > shown)
      out << "<li class=\"note\">" << f.evidence.size() - shown
          << " more in the embedded JSON report</li>\n";
    out << "</ul>\n";
  }

  if (!f.caused_by.empty())
    out << "<p class=\"links\"><strong>Caused by:</strong> " << anchors.rule_links(f.caused_by)
        << "</p>\n";
  if (!f.candidate_causes.empty())
    out << "<p class=\"links\"><strong>Candidate causes:</strong> "
        << anchors.rule_links(f.candidate_causes) << " (hinted by the text, not proven)</p>\n";
  if (f.caused_by.empty() && f.candidate_causes.empty() && !f.causes.empty())
    out << "<p class=\"links\">Possible causes: " << anchors.rule_links(f.causes) << "</p>\n";
  if (!f.explains.empty())
    out << "<p class=\"links\"><strong>Explains:</strong> " << anchors.rule_links(f.explains)
        << "</p>\n";
  if (f.explained_by != f.caused_by && !f.explained_by.empty())
    out << "<p class=\"links\"><strong>Explained by:</strong> "
        << anchors.rule_links(f.explained_by) << "</p>\n";

  if (!f.fixed_by.empty()) {
    out << "<div class=\"fix\"><p><span class=\"fix-title\">Fix:</span> Fixed by fixing "
        << anchors.rule_links(f.fixed_by) << ".</p></div>\n";
  } else if (!f.fix.summary.empty() || !f.fix.commands.empty()) {
    out << "<div class=\"fix\"><p><span class=\"fix-title\">Fix:</span> " << h(f.fix.summary)
        << "</p>\n";
    for (const std::string& c : f.fix.commands) out << command_block(c);
    if (!f.missing.empty()) {
      out << "<p class=\"note\">No evidence supplied ";
      for (size_t i = 0; i < f.missing.size(); ++i)
        out << (i ? ", " : "") << "<code>" << h(f.missing[i]) << "</code>";
      out << ": fill them in before running the fix.</p>\n";
    }
    out << "</div>\n";
  }
  if (f.status == FindingStatus::kUnknown && !f.needs.empty()) {
    out << "<div class=\"needs\"><p><strong>To decide this, provide:</strong></p>\n";
    for (const std::string& n : f.needs) out << command_block(n);
    out << "</div>\n";
  }
  if (!f.fix.docs.empty()) {
    out << "<p class=\"links\">Docs: ";
    for (size_t i = 0; i < f.fix.docs.size(); ++i)
      out << (i ? " · " : "") << link_or_text(f.fix.docs[i]);
    out << "</p>\n";
  }

  if (!f.samples.empty()) {
    out << "<div class=\"samples\">\n";
    const size_t shown = std::min(f.samples.size(), kHtmlSamplesPerFinding);
    for (size_t i = 0; i < shown; ++i)
      out << "<p class=\"sample-loc\">" << where(f.samples[i].source)
          << "</p><pre class=\"sample\"><code>" << h_lines(f.samples[i].text) << "</code></pre>\n";
    if (f.samples.size() > shown)
      out << "<p class=\"note\">"
          << plural(f.samples.size() - shown, "more sample line", "more sample lines")
          << " in the embedded JSON report</p>\n";
    out << "</div>\n";
  }
  out << "</article>\n";
}

void write_header(std::ostream& out, const Report& r, const Anchors& anchors, size_t lead) {
  const Summary& s = r.summary;
  out << "<header class=\"summary\">\n<h1>wi-doctor report</h1>\n<ul class=\"counts\">"
      << "<li class=\"sev-error\">" << plural(static_cast<size_t>(s.error), "error", "errors")
      << "</li><li class=\"sev-warning\">"
      << plural(static_cast<size_t>(s.warning), "warning", "warnings") << "</li>"
      << "<li class=\"sev-info\">" << s.info << " info</li>"
      << "<li class=\"st-unknown\">" << s.unknown << " unknown</li>"
      << "<li class=\"st-pass\">" << s.pass << " passed</li></ul>\n<p>";
  if (s.fail == 0 && s.unknown == 0) out << "No problems found. ";
  if (!r.first_broken.empty())
    out << "First broken link of the trust chain: <a href=\"#hop-" << h(r.first_broken)
        << "\"><strong>" << h(r.first_broken) << "</strong></a>. ";
  if (lead < r.findings.size())
    out << "Start with " << anchors.rule_link(r.findings[lead].rule_id) << ": "
        << h(r.findings[lead].title) << ".";
  out << "</p>\n<dl class=\"meta\">\n<dt>Tool</dt><dd>wi-doctor " << h(r.tool_version) << ", "
      << plural(static_cast<size_t>(r.rules_loaded), "rule", "rules")
      << " loaded</dd>\n<dt>Analysis</dt><dd>" << report_mode_name(r.mode);
  if (!r.now.empty()) {
    out << ", as of " << h(r.now);
    if (r.now_source) out << " (" << now_source_name(*r.now_source) << ")";
  }
  size_t unrecognized = 0, unreadable = 0;
  for (const InputFile& in : r.inputs) {
    if (in.type == "unrecognized") ++unrecognized;
    if (in.status == InputStatus::kUnreadable) ++unreadable;
  }
  out << "</dd>\n<dt>Inputs</dt><dd><a href=\"#inputs\">"
      << plural(r.inputs.size(), "file", "files") << " read</a> (" << unrecognized
      << " unrecognized";
  if (unreadable > 0) out << ", " << unreadable << " unreadable";
  out << ")</dd>\n";
  if (!r.collectors.empty()) {
    out << "<dt>Collectors</dt><dd>";
    for (size_t i = 0; i < r.collectors.size(); ++i) {
      const CollectorStatus& c = r.collectors[i];
      out << (i ? "; " : "") << h(c.name) << ": " << collector_state_name(c.status);
      if (!c.error.empty()) out << " (" << h(c.error) << ")";
      if (!c.needs.empty()) out << " (needs <code>" << h(c.needs) << "</code>)";
    }
    out << "</dd>\n";
  }
  size_t ran = 0;
  for (const CoverageItem& c : r.coverage) ran += c.status == CoverageState::kRan;
  out << "<dt>Coverage</dt><dd>" << plural(ran, "check", "checks") << " ran";
  if (r.coverage.size() > ran)
    out << ", <a href=\"#not-checked\">" << r.coverage.size() - ran << " could not run</a>";
  out << "</dd>\n";
  if (!r.redactions.empty()) {
    out << "<dt>Redacted</dt><dd>";
    bool first = true;
    for (const auto& [kind, n] : r.redactions) {
      out << (first ? "" : ", ") << n << " " << h(kind);
      first = false;
    }
    out << "</dd>\n";
  }
  out << "</dl>\n<nav class=\"toc\"><a href=\"#chain\">Trust chain</a> · <a href=\"#findings\">"
         "Findings</a> · <a href=\"#not-checked\">Not checked</a> · <a href=\"#passed\">Passed</a>"
         " · <a href=\"#inputs\">Inputs</a></nav>\n</header>\n";
}

void write_chain(std::ostream& out, const Report& r, const Anchors& anchors) {
  out << "<section id=\"chain\">\n<h2>Trust chain</h2>\n<p class=\"note\">The links a token "
         "travels, pod to role assignment. ";
  if (!r.first_broken.empty())
    out << "The first broken link is <strong>" << h(r.first_broken) << "</strong>: start there.";
  else
    out << "No link is proven broken.";
  out << "</p>\n<ol class=\"chain\">\n";
  for (const ChainHop& hop : r.chain) {
    const bool first = hop.hop == r.first_broken;
    const std::string status = hop.status == HopStatus::kFail         ? "FAIL"
                               : hop.status == HopStatus::kNotChecked ? "not checked"
                                                                      : hop_status_name(hop.status);
    out << "<li class=\"hop hop-" << hop_status_name(hop.status) << (first ? " first-broken" : "")
        << "\" id=\"hop-" << h(hop.hop) << "\"" << (first ? " aria-current=\"step\"" : "")
        << "><span class=\"hop-name\">" << h(hop.hop) << "</span> <span class=\"hop-status\">"
        << h(status) << "</span>";
    if (!hop.rules.empty())
      out << " <span class=\"hop-rules\">" << anchors.rule_links(hop.rules) << "</span>";
    else if (!hop.passed.empty())
      out << " <span class=\"hop-rules muted\">" << plural(hop.passed.size(), "check", "checks")
          << " passed</span>";
    if (first) out << " <span class=\"start\">&larr; first broken link: start here</span>";
    out << "</li>\n";
  }
  out << "</ol>\n</section>\n";
}

// Findings grouped by cause: each proven cause (a finding that explains others) leads a group
// with the symptoms it explains; then the other failures by severity; then the unknowns. A
// symptom explained by several causes sits under the first and is linked from the others.
void write_findings(std::ostream& out, const Report& r, const Anchors& anchors) {
  const std::vector<Finding>& fs = r.findings;
  std::vector<int> placed(fs.size(), -1);  // index of the cause a symptom sits under
  std::vector<size_t> causes;
  for (size_t i = 0; i < fs.size(); ++i)
    if (fs[i].status == FindingStatus::kFail && !fs[i].explains.empty()) causes.push_back(i);
  for (size_t i = 0; i < fs.size(); ++i) {
    if (fs[i].status == FindingStatus::kPass || !fs[i].explains.empty()) continue;
    // Under the cause that explains it, or the one fixing it fixes (a wrapper's root cause).
    for (size_t c : causes)
      if (std::find(fs[i].caused_by.begin(), fs[i].caused_by.end(), fs[c].rule_id) !=
              fs[i].caused_by.end() ||
          std::find(fs[i].fixed_by.begin(), fs[i].fixed_by.end(), fs[c].rule_id) !=
              fs[i].fixed_by.end()) {
        placed[i] = static_cast<int>(c);
        break;
      }
  }

  out << "<section id=\"findings\">\n<h2>Findings</h2>\n";
  if (r.summary.fail == 0 && r.summary.unknown == 0) out << "<p>No problems found.</p>\n";
  for (size_t c : causes) {
    std::vector<size_t> symptoms;
    for (size_t i = 0; i < fs.size(); ++i)
      if (placed[i] == static_cast<int>(c)) symptoms.push_back(i);
    out << "<section class=\"group cause-group\" data-filter-group>\n<h3>Proven cause: <code>"
        << h(fs[c].rule_id) << "</code></h3>\n";
    write_finding(out, fs[c], anchors.of(c), anchors);
    if (!symptoms.empty()) {
      out << "<div class=\"symptoms\">\n<p class=\"sym-title\">Symptoms this cause explains</p>\n";
      for (size_t i : symptoms) write_finding(out, fs[i], anchors.of(i), anchors);
      out << "</div>\n";
    }
    out << "</section>\n";
  }

  struct Group {
    Severity severity;
    const char* heading;
    const char* after_causes;  // the heading when cause groups precede it
  };
  constexpr Group kGroups[] = {{Severity::kError, "Errors", "Other errors"},
                               {Severity::kWarning, "Warnings", "Other warnings"},
                               {Severity::kInfo, "Info", "Other info"}};
  for (const Group& g : kGroups) {
    std::vector<size_t> group;
    for (size_t i = 0; i < fs.size(); ++i)
      if (fs[i].severity == g.severity && fs[i].status == FindingStatus::kFail &&
          fs[i].explains.empty() && placed[i] < 0)
        group.push_back(i);
    if (group.empty()) continue;
    out << "<section class=\"group\" data-filter-group>\n<h3>"
        << (causes.empty() ? g.heading : g.after_causes) << " (" << group.size() << ")</h3>\n";
    for (size_t i : group) write_finding(out, fs[i], anchors.of(i), anchors);
    out << "</section>\n";
  }

  std::vector<size_t> unknown;
  for (size_t i = 0; i < fs.size(); ++i)
    if (fs[i].status == FindingStatus::kUnknown && placed[i] < 0) unknown.push_back(i);
  if (!unknown.empty()) {
    out << "<section class=\"group\" data-filter-group>\n<h3>Could not decide: evidence missing ("
        << unknown.size() << ")</h3>\n";
    for (size_t i : unknown) write_finding(out, fs[i], anchors.of(i), anchors);
    out << "</section>\n";
  }
  out << "</section>\n";
}

void write_not_checked(std::ostream& out, const Report& r) {
  std::vector<const CoverageItem*> not_run;
  for (const CoverageItem& c : r.coverage)
    if (c.status != CoverageState::kRan) not_run.push_back(&c);
  out << "<section id=\"not-checked\">\n<h2>Not checked (" << not_run.size() << ")</h2>\n";
  if (not_run.empty()) {
    out << "<p class=\"note\">Every check had the evidence it needs.</p>\n</section>\n";
    return;
  }
  out << "<p class=\"note\">These checks could not run for lack of evidence; provide it and run "
         "again.</p>\n<ul class=\"not-checked\">\n";
  for (const CoverageItem* c : not_run) {
    out << "<li><code class=\"rule\">" << h(c->rule_id) << "</code>";
    if (!c->needs.empty()) out << ": needs\n" << command_block(c->needs);
    out << "</li>\n";
  }
  out << "</ul>\n</section>\n";
}

void write_passed(std::ostream& out, const Report& r) {
  std::vector<const Finding*> passed;
  for (const Finding& f : r.findings)
    if (f.status == FindingStatus::kPass) passed.push_back(&f);
  out << "<section id=\"passed\">\n<h2>Passed (" << passed.size() << ")</h2>\n";
  if (!passed.empty()) {
    out << "<details><summary>Show the " << plural(passed.size(), "check", "checks")
        << " that passed</summary>\n<ul class=\"passed\">\n";
    for (const Finding* f : passed)
      out << "<li><code class=\"rule\">" << h(f->rule_id) << "</code> <code>" << h(f->subject)
          << "</code> " << h(f->title) << "</li>\n";
    out << "</ul>\n</details>\n";
  }
  out << "</section>\n";
}

void write_inputs(std::ostream& out, const Report& r) {
  out << "<section id=\"inputs\">\n<h2>Inputs (" << r.inputs.size() << ")</h2>\n";
  if (!r.inputs.empty()) {
    out << "<details" << (r.inputs.size() <= kHtmlInputsOpen ? " open" : "")
        << "><summary>What each file was taken to be</summary>\n<div class=\"scroll\"><table>"
           "<thead><tr><th>Path</th><th>Taken as</th><th>Status</th><th>Size</th></tr></thead>"
           "<tbody>\n";
    for (const InputFile& in : r.inputs) {
      out << "<tr><td><code>" << h(in.path) << "</code></td><td>" << h(in.type);
      if (!in.detail.empty()) out << "<br><span class=\"muted\">" << h(in.detail) << "</span>";
      out << "</td><td>" << h(input_status_name(in.status));
      if (!in.error.empty()) out << ": " << h(in.error);
      out << "</td><td>" << in.size << "</td></tr>\n";
    }
    out << "</tbody></table></div>\n</details>\n";
  }
  out << "</section>\n";
}

}  // namespace

Status render_html(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  // A copy with the collectors' wall-clock durations dropped: the same report gives the same bytes
  // (durations are the one clock-dependent field in the model).
  if (Status st = require_finalized(report); !st.ok()) return st;
  Report r = report;
  for (CollectorStatus& c : r.collectors) c.duration_ms.reset();

  std::string style_hash, script_hash;
  if (Status st = hash_for_csp(html_assets::style(), style_hash); !st.ok()) return st;
  if (Status st = hash_for_csp(html_assets::script(), script_hash); !st.ok()) return st;
  const Anchors anchors(r.findings);

  // The first thing to fix: the first proven cause, else a failure on the first broken link of
  // the chain, else the first failure, else the first unknown (the report's order puts errors
  // first).
  size_t lead = r.findings.size();
  for (int pass = 0; pass < 4 && lead == r.findings.size(); ++pass)
    for (size_t i = 0; i < r.findings.size() && lead == r.findings.size(); ++i) {
      const Finding& f = r.findings[i];
      const bool fail = f.status == FindingStatus::kFail;
      if ((pass == 0 && fail && !f.explains.empty()) ||
          (pass == 1 && fail && !r.first_broken.empty() && f.hop == r.first_broken) ||
          (pass == 2 && fail) || (pass == 3 && f.status == FindingStatus::kUnknown))
        lead = i;
    }

  const Summary& s = r.summary;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
      << script_hash << "; style-src " << style_hash
      << "; img-src data:; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta http-equiv=\"x-dns-prefetch-control\" content=\"off\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"generator\" content=\"wi-doctor "
      << h(r.tool_version) << "\">\n<link rel=\"icon\" href=\"data:,\">\n<title>wi-doctor: "
      << plural(static_cast<size_t>(s.error), "error", "errors") << ", "
      << plural(static_cast<size_t>(s.warning), "warning", "warnings") << ", " << s.info
      << " info, " << s.unknown << " unknown</title>\n<style>" << html_assets::style()
      << "</style>\n</head>\n<body>\n";
  write_header(out, r, anchors, lead);
  // Filled by the script; empty (and hidden by the style) when either is blocked.
  out << "<div id=\"controls\"></div>\n<main>\n";
  write_chain(out, r, anchors);
  write_findings(out, r, anchors);
  write_not_checked(out, r);
  write_passed(out, r);
  write_inputs(out, r);
  out << "</main>\n<footer class=\"note\"><p>The complete report, every sample and value uncut, "
         "is embedded in this page as JSON (schema <code>"
      << h(r.schema_version)
      << "</code>, element <code>script#wid-report</code>).</p></footer>\n"
         "<script type=\"application/json\" id=\"wid-report\">"
      << embedded_json(r) << "</script>\n<script>" << html_assets::script()
      << "</script>\n</body>\n</html>\n";

  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the html report");
  return Ok{};
}

}  // namespace wid
