// The `junit` renderer: JUnit XML for CI test views (Jenkins, GitLab, GitHub actions such as
// action-junit-report). One <testsuite> per rule group, one <testcase> per finding (rule and
// subject): `fail` is a <failure>, `unknown` a <skipped> saying what to provide, a pass an empty
// testcase, so the totals mean "checks run" and equal the report's summary exactly.
//
// What the consumers need: Jenkins requires testsuite name,
// tests, failures and errors; GitLab shows `classname` as the suite, keeps only the first of
// duplicate names, long ignored failure@message (so the text is in the body too) and reads
// <system-out> only inside a testcase. Times are all 0.000: rules are not timed, and a wall clock
// would make the bytes differ between runs of the same evidence.
//
// Every string is untrusted (log samples, captured values, names from the user's objects, titles
// from --rules, or a whole hand-edited report given to `wi-doctor report`): markup_escape() makes
// each one well-formed XML 1.0 text whatever it holds (NUL, ESC, U+FFFE, invalid UTF-8, `]]>`).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "analyzer/model/limit_table.h"
#include "analyzer/model/limits.h"
#include "analyzer/model/rfc3339.h"
#include "analyzer/model/text.h"
#include "reports/escape.h"
#include "reports/fixed_by.h"
#include "reports/limits.h"
#include "reports/locate.h"
#include "reports/reading_order.h"
#include "reports/renderer.h"

namespace wid {
namespace {

using namespace render_limits::junit;

constexpr const char* kNoTime = "0.000";

std::string attr(std::string_view raw) { return markup_escape(raw); }
std::string body(std::string_view raw) { return markup_escape(raw, /*keep_newlines=*/true); }

// A value inside a multi-line body stays on its line: its own newlines become \x0a, so a
// captured value cannot forge a "fix:" line of its own.
std::string one_line(std::string_view raw, size_t max = kValueBytes) {
  return visible(truncate_utf8(raw, max));
}

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + one_line(v[i]);
  return out;
}

std::string group_of(const Finding& f) { return f.group.empty() ? "other" : f.group; }

// "file:12" for a line, "file#/0/issuer" for a JSON pointer, "file (spec.x)" otherwise, as the
// text report writes evidence.
std::string evidence_where(const EvidenceItem& e) {
  std::string s = e.source;
  if (e.locator.empty()) return s;
  const bool digits =
      std::all_of(e.locator.begin(), e.locator.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return s + ":" + e.locator;
  if (e.locator.front() == '/') return s + "#" + e.locator;
  return s + " (" + e.locator + ")";
}

// The name a consumer will see after XML unescaping, made unique within its suite. Compared after
// visible() because two different raw names (a real ESC and the text "\x1b") look the same there.
std::string unique_name(const Finding& f, std::set<std::string>& taken) {
  std::string raw = f.rule_id;
  if (!f.subject.empty()) raw += " " + f.subject;
  const std::string base = visible(truncate_utf8(raw, kNameBytes));
  std::string name = base;
  for (int n = 2; !taken.insert(name).second; ++n) name = base + " (" + std::to_string(n) + ")";
  return name;
}

std::string where_line(const Finding& f) {
  std::string s;
  if (f.count > 0) s += std::to_string(f.count) + (f.count == 1 ? " record" : " records");
  if (f.first) s += std::string(s.empty() ? "" : ", ") + "first " + one_line(f.first->to_string());
  if (f.last && f.count > 1 && !(f.first && *f.first == *f.last))
    s += ", last " + one_line(f.last->to_string());
  if (!f.first_seen.empty()) s += " at " + one_line(f.first_seen);
  return s;
}

void append_commands(std::string& out, const std::vector<std::string>& commands) {
  for (const std::string& c : commands) {
    if (c.size() > kCommandBytes)
      out += "  $ (a command of " + std::to_string(c.size()) +
             " bytes: see the JSON report, commands are never cut)\n";
    else
      out += "  $ " + visible(c) + "\n";
  }
}

// The failure body: everything a reader needs without opening another file, in the text report's
// order (what, where, why, evidence, causes, the fix, docs).
std::string failure_text(const Finding& f) {
  std::string out = one_line(f.rule_id) + " (" + severity_name(f.severity);
  if (f.confidence) out += std::string(", confidence ") + confidence_name(*f.confidence);
  out += "): " + one_line(f.title) + "\n";
  if (const std::string codes = codes_seen(f); !codes.empty())
    out += "logged as: " + one_line(codes) + "\n";
  out += "subject: " + one_line(f.subject) + "\n";
  if (const std::string w = where_line(f); !w.empty()) out += "where: " + w + "\n";
  if (!f.hop.empty()) out += "trust-chain hop: " + one_line(f.hop) + "\n";
  if (!f.detail.empty())
    out += visible(truncate_utf8(trim(f.detail), kValueBytes), /*keep_newlines=*/true) + "\n";
  const size_t shown = std::min(f.evidence.size(), kEvidencePerCase);
  for (size_t i = 0; i < shown; ++i) {
    const EvidenceItem& e = f.evidence[i];
    out += "evidence: " + one_line(evidence_where(e));
    if (!e.observed.empty()) out += "\n  observed: \"" + one_line(e.observed) + "\"";
    if (!e.expected.empty()) out += "\n  expected: \"" + one_line(e.expected) + "\"";
    if (e.difference != Difference::kNone)
      out += "\n  difference: " + one_line(difference_name(e.difference));
    out += "\n";
  }
  if (f.evidence.size() > shown)
    out += "(" + std::to_string(f.evidence.size() - shown) +
           " more evidence items in the JSON "
           "report)\n";
  if (!f.caused_by.empty()) out += "caused by: " + join(f.caused_by) + "\n";
  if (!f.candidate_causes.empty())
    out += "candidate causes (hinted, not proven): " + join(f.candidate_causes) + "\n";
  if (f.caused_by.empty() && f.candidate_causes.empty() && !f.causes.empty())
    out += "possible causes: " + join(f.causes) + "\n";
  if (!f.explains.empty()) out += "explains: " + join(f.explains) + "\n";
  if (f.explained_by != f.caused_by && !f.explained_by.empty())
    out += "explained by: " + join(f.explained_by) + "\n";
  if (!f.fixed_by.empty()) {
    out += "fix: " + fixed_by_sentence(f) + "\n";
  } else if (!f.fix.summary.empty() || !f.fix.commands.empty()) {
    out += "fix: " + one_line(f.fix.summary) + "\n";
    append_commands(out, f.fix.commands);
  }
  if (!f.missing.empty() && f.fixed_by.empty())
    out += "missing: " + join(f.missing) +
           " (no evidence supplied these; fill them in before running the fix)\n";
  for (const std::string& d : f.fix.docs) out += "docs: " + one_line(d) + "\n";
  return out;
}

std::string skipped_message(const Finding& f) {
  if (f.needs.empty()) return "evidence missing: " + f.title;
  std::string s = "needs: " + f.needs.front();
  if (f.needs.size() > 1) s += " (and " + std::to_string(f.needs.size() - 1) + " more)";
  return s;
}

std::string skipped_text(const Finding& f) {
  std::string out =
      one_line(f.rule_id) + " could not be decided (evidence missing): " + one_line(f.title) + "\n";
  out += "subject: " + one_line(f.subject) + "\n";
  if (!f.detail.empty())
    out += visible(truncate_utf8(trim(f.detail), kValueBytes), /*keep_newlines=*/true) + "\n";
  if (!f.needs.empty()) {
    out += "provide the output of:\n";
    append_commands(out, f.needs);
  }
  for (const std::string& d : f.fix.docs) out += "docs: " + one_line(d) + "\n";
  return out;
}

// The fingerprint is the id the JSON report, SARIF and HTML use for the same finding, so a CI
// failure can be traced to them; sample lines show the raw evidence.
std::string system_out_text(const Finding& f) {
  std::string out = "fingerprint: " + one_line(f.fingerprint) + "\n";
  const size_t shown = std::min(f.samples.size(), kSamplesPerCase);
  for (size_t i = 0; i < shown; ++i)
    out += "sample " + one_line(f.samples[i].source.to_string()) + "  " +
           one_line(f.samples[i].text, kSampleBytes) + "\n";
  if (f.samples.size() > shown)
    out += "(" + std::to_string(f.samples.size() - shown) + " more samples in the JSON report)\n";
  return out;
}

struct Counts {
  int tests = 0, failures = 0, skipped = 0;
};

Counts count(const std::vector<const Finding*>& v) {
  Counts c;
  for (const Finding* f : v) {
    ++c.tests;
    if (f->status == FindingStatus::kFail) ++c.failures;
    if (f->status == FindingStatus::kUnknown) ++c.skipped;
  }
  return c;
}

std::string count_attrs(const Counts& c) {
  return " tests=\"" + std::to_string(c.tests) + "\" failures=\"" + std::to_string(c.failures) +
         "\" errors=\"0\" skipped=\"" + std::to_string(c.skipped) + "\" time=\"" + kNoTime + "\"";
}

void write_properties(std::ostream& out, const Report& r) {
  std::vector<std::pair<const char*, std::string>> props = {
      {"wi-doctor.version", r.tool_version},
      {"schemaVersion", r.schema_version},
      {"mode", report_mode_name(r.mode)},
  };
  if (!r.now.empty()) props.emplace_back("now", r.now);
  if (!r.first_broken.empty()) props.emplace_back("firstBrokenLink", r.first_broken);
  out << "    <properties>\n";
  for (const auto& [name, value] : props)
    out << "      <property name=\"" << name << "\" value=\""
        << attr(truncate_utf8(value, kNameBytes)) << "\"/>\n";
  out << "    </properties>\n";
}

class SuiteWriter {
 public:
  SuiteWriter(std::ostream& out, const Report& r, size_t body_budget)
      : out_(out), report_(r), source_paths_(source_paths_of(r)), body_budget_(body_budget) {
    // Only a time that parses goes into timestamp: a hand-edited report must not put an arbitrary
    // string where consumers expect an ISO 8601 date.
    if (rfc3339_seconds(r.now)) timestamp_ = " timestamp=\"" + attr(r.now) + "\"";
  }

  void write(const std::string& group, std::vector<const Finding*> findings) {
    sort_for_reading(findings);
    out_ << "  <testsuite name=\"" << attr(group) << "\"" << count_attrs(count(findings))
         << timestamp_ << ">\n";
    write_properties(out_, report_);
    std::set<std::string> taken;
    for (const Finding* f : findings) write_case(*f, group, taken);
    out_ << "  </testsuite>\n";
  }

 private:
  void write_case(const Finding& f, const std::string& group, std::set<std::string>& taken) {
    const std::string name = unique_name(f, taken);
    const std::string classname =
        visible(truncate_utf8("wi-doctor." + group + "." + f.rule_id, kNameBytes));
    out_ << "    <testcase classname=\"" << attr(classname) << "\" name=\"" << attr(name) << "\"";
    // testcase@file: relative only (reports/locate.h), since GitLab and the GitHub actions
    // resolve it against the checkout; an absolute path or a URL would leak or mislead.
    if (const auto at = locate_file(f, source_paths_))
      out_ << " file=\"" << attr(truncate_utf8(at->path, kNameBytes)) << "\"";
    out_ << " time=\"" << kNoTime << "\"";
    if (f.status == FindingStatus::kPass) {
      out_ << "/>\n";
      return;
    }
    out_ << ">\n";
    const bool full = body_bytes_ < body_budget_;
    const std::string rest = "details are in the JSON report (this file stopped writing them at " +
                             format_limit_value(Limit::kJunitBytes, body_budget_) +
                             " to stay under GitLab's 30 MB; --limit junit-bytes=N raises it)\n";
    if (f.status == FindingStatus::kFail) {
      const std::string text = full ? failure_text(f) : one_line(f.title) + "\n" + rest;
      body_bytes_ += text.size();
      out_ << "      <failure message=\"" << attr(one_line(f.title, kMessageBytes)) << "\" type=\""
           << severity_name(f.severity) << "\">" << body(text) << "</failure>\n";
    } else {
      const std::string text = full ? skipped_text(f) : one_line(f.title) + "\n" + rest;
      body_bytes_ += text.size();
      out_ << "      <skipped message=\"" << attr(one_line(skipped_message(f), kMessageBytes))
           << "\">" << body(text) << "</skipped>\n";
    }
    if (full) {
      const std::string so = system_out_text(f);
      body_bytes_ += so.size();
      out_ << "      <system-out>" << body(so) << "</system-out>\n";
    }
    out_ << "    </testcase>\n";
  }

  std::ostream& out_;
  const Report& report_;
  const SourcePaths source_paths_;
  std::string timestamp_;
  size_t body_budget_;
  size_t body_bytes_ = 0;
};

}  // namespace

Status render_junit(const Report& report, const RenderOptions& options, std::ostream& out) {
  if (Status st = require_finalized(report); !st.ok()) return st;
  const Report& r = report;

  // Keyed by the name a consumer will read, so two groups that only look alike share a suite
  // rather than giving two suites one name.
  std::map<std::string, std::vector<const Finding*>> groups;
  for (const Finding& f : r.findings)
    groups[visible(truncate_utf8(group_of(f), kNameBytes))].push_back(&f);

  // Straight from the summary, so the file can only agree with the JSON report; the suites below
  // partition the same findings, and the tests check that the sums match.
  const Counts total{r.summary.total, r.summary.fail, r.summary.unknown};
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"wi-doctor\"" << count_attrs(total) << ">\n";
  SuiteWriter suites(out, r, options.junit_bytes);
  for (const auto& [group, findings] : groups) suites.write(group, findings);
  // No findings at all: one empty suite still records which version looked, and when.
  if (groups.empty()) suites.write("wi-doctor", {});
  out << "</testsuites>\n";

  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the JUnit report");
  return Ok{};
}

}  // namespace wid
