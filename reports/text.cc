// The `text` renderer: what a person reads in a terminal. A header with the counts, the trust
// chain with its first broken link, then the findings grouped by severity (errors first; within a
// group, proven causes before the symptoms they explain), each with where it was seen, what was
// observed, the fix and its exact commands, then what could not be checked and what would let it
// run.
//
// Every string here is untrusted: log samples and captured values come from the user's files, and
// even titles come from user rule files (--rules). Each goes through terminal_safe() so an ESC or
// CR inside a log line cannot move the cursor, recolour or overwrite what the user reads
// (CVE-2021-25743 is this bug in kubectl). ANSI codes are written only when options.color.
#include "analyzer/model/text.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "reports/escape.h"
#include "reports/fixed_by.h"
#include "reports/limits.h"
#include "reports/reading_order.h"
#include "reports/renderer.h"

namespace wid {
namespace {

using namespace render_limits::text;

// Everything printed goes through visible() (reports/escape.h): no ESC, CR or bidi override from
// a log line reaches the terminal.
std::string terminal_safe(std::string_view raw) { return visible(raw); }

class Painter {
 public:
  explicit Painter(bool color) : color_(color) {}
  // `text` must already be terminal_safe; the codes are the only ESC bytes we ever write.
  std::string operator()(const char* code, const std::string& text) const {
    if (!color_ || text.empty()) return text;
    return std::string("\x1b[") + code + "m" + text + "\x1b[0m";
  }
  bool on() const { return color_; }

 private:
  bool color_;
};

constexpr const char* kBold = "1";
constexpr const char* kDim = "2";
constexpr const char* kRed = "1;31";
constexpr const char* kYellow = "1;33";
constexpr const char* kCyan = "1;36";
constexpr const char* kGreen = "32";

const char* severity_colour(Severity s) {
  switch (s) {
    case Severity::kError:
      return kRed;
    case Severity::kWarning:
      return kYellow;
    case Severity::kInfo:
      return kCyan;
  }
  return kRed;
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + terminal_safe(v[i]);
  return out;
}

// Highlights <PLACEHOLDER> tokens in a fix command so a value no evidence supplied cannot be
// pasted unnoticed. Without colour the angle brackets themselves are the mark.
std::string highlight_placeholders(const std::string& safe, const Painter& paint) {
  if (!paint.on()) return safe;
  std::string out;
  size_t i = 0;
  while (i < safe.size()) {
    const size_t open = safe.find('<', i);
    const size_t close = open == std::string::npos ? open : safe.find('>', open);
    if (close == std::string::npos) break;
    const std::string inner = safe.substr(open + 1, close - open - 1);
    const bool is_placeholder =
        !inner.empty() && std::all_of(inner.begin(), inner.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        });
    out += safe.substr(i, open - i);
    out += is_placeholder ? paint(kYellow, safe.substr(open, close - open + 1))
                          : safe.substr(open, close - open + 1);
    i = close + 1;
  }
  out += safe.substr(std::min(i, safe.size()));
  return out;
}

// Multi-line text (a catalog `explain`/`detail` folded with `>`) keeps its line breaks, each line
// made safe and indented; no other control character survives.
void write_block(std::ostream& out, const std::string& label, const std::string& text,
                 const Painter& paint) {
  const std::string pad(label.size(), ' ');
  size_t start = 0;
  bool first = true;
  const std::string_view all = trim(text);
  while (start <= all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    out << "    " << (first ? paint(kBold, label) : pad)
        << terminal_safe(truncate_utf8(all.substr(start, end - start), kTextValueBytes)) << '\n';
    first = false;
    start = end + 1;
  }
}

std::string location(const SourceRef& s) { return terminal_safe(s.to_string()); }

// Joins an evidence locator to its source the way SourceRef::to_string does: "file:12" for a
// line, "file#/0/issuer" for a JSON pointer, "file (spec.template)" for anything else.
std::string locator_joint(const std::string& locator) {
  if (!locator.empty() &&
      std::all_of(locator.begin(), locator.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return ":";
  if (starts_with(locator, "/")) return "#";
  return " ";
}

void write_finding(std::ostream& out, const Finding& f, const Painter& paint) {
  // Title line: [RULE_ID] title, with the status when it is not a plain failure.
  const std::string id = str_cat('[', terminal_safe(f.rule_id), ']');
  out << "  " << paint(severity_colour(f.severity), id) << ' '
      << paint(kBold, terminal_safe(f.title));
  if (f.status == FindingStatus::kUnknown)
    out << ' ' << paint(kYellow, "(unknown: evidence missing)");
  if (const std::string codes = codes_seen(f); !codes.empty())
    out << " (logged as " << terminal_safe(codes) << ')';
  out << '\n';

  std::string where = "subject: " + terminal_safe(f.subject);
  if (f.count > 0) where += "   count: " + std::to_string(f.count);
  if (f.first) where += "   first: " + location(*f.first);
  if (f.last && f.count > 1 && !(f.first && *f.first == *f.last))
    where += "   last: " + location(*f.last);
  out << "    " << where << '\n';

  if (!f.detail.empty()) write_block(out, "", f.detail, paint);
  for (const EvidenceItem& e : f.evidence) {
    std::string line = terminal_safe(e.source);
    if (!e.locator.empty()) line += locator_joint(e.locator) + terminal_safe(e.locator);
    // Quoted, because the difference is often a trailing '/' or a space.
    if (!e.observed.empty())
      line += ": observed \"" + terminal_safe(truncate_utf8(e.observed, kTextValueBytes)) + "\"";
    if (!e.expected.empty())
      line += ", expected \"" + terminal_safe(truncate_utf8(e.expected, kTextValueBytes)) + "\"";
    if (e.difference != Difference::kNone)
      line += " (" + terminal_safe(difference_name(e.difference)) + ")";
    out << "    " << paint(kDim, "evidence: ") << line << '\n';
  }
  if (!f.caused_by.empty())
    out << "    " << paint(kBold, "caused by: ") << join(f.caused_by) << '\n';
  if (!f.candidate_causes.empty())
    out << "    " << paint(kBold, "candidate causes: ") << join(f.candidate_causes)
        << " (hinted by the text, not proven)\n";
  if (f.caused_by.empty() && f.candidate_causes.empty() && !f.causes.empty())
    out << "    possible causes: " << join(f.causes) << '\n';
  if (!f.explains.empty()) out << "    " << paint(kBold, "explains: ") << join(f.explains) << '\n';
  if (f.explained_by != f.caused_by && !f.explained_by.empty())
    out << "    " << paint(kBold, "explained by: ") << join(f.explained_by) << '\n';

  if (!f.fixed_by.empty()) {
    out << "    " << paint(kGreen, "fix:") << ' ' << terminal_safe(fixed_by_sentence(f)) << '\n';
  } else if (!f.fix.summary.empty() || !f.fix.commands.empty()) {
    out << "    " << paint(kGreen, "fix:") << ' ' << terminal_safe(f.fix.summary) << '\n';
    for (const std::string& c : f.fix.commands)
      out << "      $ " << highlight_placeholders(terminal_safe(c), paint) << '\n';
  }
  if (!f.missing.empty() && f.fixed_by.empty())
    out << "    " << paint(kYellow, "missing: ") << join(f.missing)
        << " (no evidence supplied these; fill them in before running the fix)\n";
  if (f.status == FindingStatus::kUnknown)
    for (const std::string& n : f.needs) out << "    needs: $ " << terminal_safe(n) << '\n';
  for (const std::string& d : f.fix.docs) out << "    docs: " << terminal_safe(d) << '\n';

  const size_t shown = std::min(f.samples.size(), kTextSamplesPerFinding);
  for (size_t i = 0; i < shown; ++i) {
    const Sample& s = f.samples[i];
    out << "    " << paint(kDim, (i == 0 ? "sample: " : "        ") + location(s.source)) << "  "
        << terminal_safe(truncate_utf8(s.text, kTextSampleBytes)) << '\n';
  }
  if (f.samples.size() > shown)
    out << "            (" << f.samples.size() - shown << " more in the JSON report)\n";
  out << '\n';
}

void write_header(std::ostream& out, const Report& r, const Painter& paint) {
  const Summary& s = r.summary;
  std::string counts = plural(s.error, "error", "errors") + ", " +
                       plural(s.warning, "warning", "warnings") + ", " + std::to_string(s.info) +
                       " info";
  out << paint(kBold, "wi-doctor " + terminal_safe(r.tool_version)) << ": "
      << paint(s.error > 0     ? kRed
               : s.warning > 0 ? kYellow
                               : kGreen,
               counts)
      << " (" << s.fail << " fail, " << s.unknown << " unknown, " << s.pass << " pass)\n";

  size_t unrecognized = 0, unreadable = 0;
  for (const InputFile& in : r.inputs) {
    if (in.type == "unrecognized") ++unrecognized;
    if (in.status == InputStatus::kUnreadable) ++unreadable;
  }
  std::string line = std::string(report_mode_name(r.mode)) + " analysis";
  if (!r.now.empty()) {
    line += " as of " + terminal_safe(r.now);
    if (r.now_source) line += std::string(" (") + now_source_name(*r.now_source) + ")";
  }
  line += "; " + std::to_string(r.inputs.size()) + (r.inputs.size() == 1 ? " input" : " inputs") +
          " read (" + std::to_string(unrecognized) + " unrecognized";
  if (unreadable > 0) line += ", " + std::to_string(unreadable) + " unreadable";
  line += "); " + plural(r.rules_loaded, "rule", "rules") + " loaded";
  out << line << '\n';

  for (const CollectorStatus& c : r.collectors) {
    if (c.status == CollectorState::kCollected) continue;
    out << paint(kYellow,
                 "collector " + terminal_safe(c.name) + " " + collector_state_name(c.status));
    if (!c.error.empty()) out << ": " << terminal_safe(c.error);
    if (!c.needs.empty()) out << " (needs: " << terminal_safe(c.needs) << ")";
    out << '\n';
  }
  if (!r.redactions.empty()) {
    std::string red;
    for (const auto& [kind, n] : r.redactions)
      red += (red.empty() ? "" : ", ") + std::to_string(n) + " " + terminal_safe(kind);
    out << "redacted: " << red << '\n';
  }
  out << '\n';
}

// The trust chain, one hop per line, so the first broken link is where the eye lands. Left out
// when nothing was checked beyond the logs' own hops.
void write_chain(std::ostream& out, const Report& r, const Painter& paint) {
  bool any = false;
  for (const ChainHop& h : r.chain) any = any || h.status != HopStatus::kNotChecked;
  if (!any) return;
  out << paint(kBold, "TRUST CHAIN");
  if (!r.first_broken.empty())
    out << "  first broken link: " << paint(kRed, terminal_safe(r.first_broken));
  out << '\n';
  for (const ChainHop& h : r.chain) {
    std::string name = terminal_safe(h.hop);
    name.resize(std::max<size_t>(name.size(), 22), ' ');
    const bool more = !h.rules.empty() || !h.passed.empty() || h.hop == r.first_broken;
    const std::string status = h.status == HopStatus::kFail ? paint(kRed, more ? "FAIL   " : "FAIL")
                               : h.status == HopStatus::kUnknown ? paint(kYellow, "UNKNOWN")
                               : h.status == HopStatus::kPass
                                   ? paint(kGreen, more ? "pass   " : "pass")
                                   : paint(kDim, "-");
    out << "  " << name << status;
    if (!h.rules.empty()) out << "  " << join(h.rules);
    if (h.rules.empty() && !h.passed.empty())
      out << "  " << plural(static_cast<int>(h.passed.size()), "check", "checks") << " passed";
    if (h.hop == r.first_broken) out << "   <- start here";
    out << '\n';
  }
  out << '\n';
}

}  // namespace

Status render_text(const Report& report, const RenderOptions& options, std::ostream& out) {
  if (Status st = require_finalized(report); !st.ok()) return st;
  const Report& r = report;
  const Painter paint(options.color);
  write_header(out, r, paint);
  write_chain(out, r, paint);

  struct Group {
    Severity severity;
    const char* heading;
  };
  constexpr Group kGroups[] = {
      {Severity::kError, "ERRORS"}, {Severity::kWarning, "WARNINGS"}, {Severity::kInfo, "INFO"}};
  for (const Group& g : kGroups) {
    std::vector<const Finding*> group;
    for (const Finding& f : r.findings)
      if (f.severity == g.severity && f.status != FindingStatus::kPass) group.push_back(&f);
    if (group.empty()) continue;
    sort_for_reading(group);
    out << paint(severity_colour(g.severity),
                 std::string(g.heading) + " (" + std::to_string(group.size()) + ")")
        << "\n\n";
    for (const Finding* f : group) write_finding(out, *f, paint);
  }
  if (r.summary.fail == 0 && r.summary.unknown == 0)
    out << paint(kGreen, "No problems found.") << "\n\n";

  std::vector<const CoverageItem*> not_run;
  for (const CoverageItem& c : r.coverage)
    if (c.status != CoverageState::kRan) not_run.push_back(&c);
  if (!not_run.empty()) {
    out << paint(kBold, "NOT CHECKED (" + std::to_string(not_run.size()) + ")") << "\n";
    for (const CoverageItem* c : not_run) {
      out << "  " << terminal_safe(c->rule_id);
      if (!c->needs.empty()) out << ": needs " << terminal_safe(c->needs);
      out << '\n';
    }
    out << '\n';
  }

  std::vector<const Finding*> passed;
  for (const Finding& f : r.findings)
    if (f.status == FindingStatus::kPass) passed.push_back(&f);
  if (!passed.empty()) {
    out << paint(kGreen, "PASSED (" + std::to_string(passed.size()) + ")") << "\n";
    for (const Finding* f : passed)
      out << "  " << terminal_safe(f->rule_id) << "  " << terminal_safe(f->subject) << '\n';
    out << '\n';
  }

  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the text report");
  return Ok{};
}

}  // namespace wid
