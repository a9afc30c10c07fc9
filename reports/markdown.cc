// The `markdown` renderer: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment. A
// status line first, then the trust chain, a table of findings, and per finding the fix in fenced
// code blocks with the evidence folded into <details>; then what could not be checked.
//
// GitHub renders Markdown and some HTML here, and every string is untrusted (log samples,
// captured values, object names, titles from --rules, or a whole hand-edited report given to
// `wi-doctor report`). So no input text may become markup or a link: prose has the ASCII
// punctuation Markdown acts on backslash-escaped (CommonMark makes an escaped character literal;
// escaping `:` and `.` also stops GFM's autolinker), values go in code spans or fenced blocks whose
// fences are longer than any backtick run inside, and `@name`/`#123` go in code spans because
// GitHub's mention and issue-reference filters skip code. The only tags are our own <details>,
// <summary> and <sub>; the only links are https docs URLs from the catalog.
//
// GitHub refuses a step summary over 1 MiB, so the output stops well under that (kMaxBytes) and
// says how many findings are left to the JSON report.
#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "reports/escape.h"
#include "reports/fixed_by.h"
#include "reports/limits.h"
#include "reports/reading_order.h"
#include "reports/renderer.h"

namespace wid {
namespace {

using namespace render_limits::markdown;

// ASCII punctuation that can start or end Markdown syntax (emphasis, links, headings, lists, HTML,
// entities, tables, GitHub's $math$) or complete an autolink (`:` and `.`). `, ; " ' / ? %` can do
// none of that once `:` `.` `[` `<` are escaped, so they stay readable in the raw comment.
bool needs_escape(char c) {
  const bool punct = (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') ||
                     (c >= '{' && c <= '~');
  return punct && std::string_view(",;\"'/?%").find(c) == std::string_view::npos;
}
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

size_t longest_backtick_run(std::string_view s) {
  size_t best = 0, run = 0;
  for (char c : s) {
    run = c == '`' ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

// Inline code: shown literally by every Markdown renderer and skipped by GitHub's mention, issue
// and autolink filters. In a table cell `|` must be written `\|` even inside code (GFM splits cells
// before it parses code); elsewhere that backslash would show.
std::string md_code(std::string_view raw, bool in_table = false) {
  std::string s = visible(raw);
  if (s.empty()) return "";
  if (in_table) {
    std::string piped;
    for (char c : s) piped += c == '|' ? std::string("\\|") : std::string(1, c);
    s = std::move(piped);
  }
  const std::string fence(longest_backtick_run(s) + 1, '`');
  // CommonMark strips one space from each side when both are present, and a backtick at an edge
  // would join the fence: padding both sides keeps the content exact.
  const bool pad = s.front() == '`' || s.back() == '`' || s.front() == ' ' || s.back() == ' ';
  return fence + (pad ? " " : "") + s + (pad ? " " : "") + fence;
}

std::string cell(std::string_view raw) {
  const std::string c = md_code(truncate_utf8(raw, kCellBytes), /*in_table=*/true);
  return c.empty() ? " " : c;
}

// Prose from the report (titles, detail, fix summaries; captures are filled into them), escaped
// so it stays text: see the header comment. Tabs become spaces (a tab cannot be escaped and could
// start an indented code block).
std::string md_text(std::string_view raw) {
  const std::string s = visible(raw);
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool word_start = i == 0 || !(is_alnum(s[i - 1]) || s[i - 1] == '_');
    if ((c == '@' || c == '#') && word_start && i + 1 < s.size() && is_alnum(s[i + 1])) {
      size_t j = i + 1;
      while (j < s.size() &&
             (is_alnum(s[j]) || s[j] == '_' || s[j] == '-' || s[j] == '/' || s[j] == '.'))
        ++j;
      while (s[j - 1] == '.' || s[j - 1] == '/') --j;  // sentence punctuation stays outside
      out += "`" + s.substr(i, j - i) + "`";
      i = j - 1;
    } else if (c == '\t') {
      out += ' ';
    } else if (needs_escape(c)) {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out;
}

// Multi-line prose (a catalog `detail` folded with `>`) keeps its line breaks as hard breaks;
// leading spaces go, so no line can become an indented code block.
std::string md_paragraph(std::string_view raw) {
  std::string out;
  const std::string_view all = trim(raw);
  size_t start = 0;
  while (start <= all.size()) {
    size_t end = all.find('\n', start);
    if (end == std::string_view::npos) end = all.size();
    const std::string line = md_text(trim(all.substr(start, end - start)));
    if (!line.empty()) out += (out.empty() ? "" : "\\\n") + line;
    start = end + 1;
  }
  return out;
}

// A fenced block: content is code, so nothing inside is escaped except controls made visible; the
// fence is longer than any backtick run in it so no line can close it early.
std::string code_block(const std::vector<std::string>& lines, const char* info) {
  size_t longest = 0;
  for (const std::string& l : lines) longest = std::max(longest, longest_backtick_run(l));
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string out = fence + info + "\n";
  for (const std::string& l : lines) out += l + "\n";
  return out + fence + "\n\n";
}

std::string one_line(std::string_view raw, size_t max = kValueBytes) {
  return visible(truncate_utf8(raw, max));
}

std::vector<std::string> command_lines(const std::vector<std::string>& commands) {
  std::vector<std::string> lines;
  lines.reserve(commands.size());
  for (const std::string& c : commands)
    lines.push_back(c.size() > kCommandBytes
                        ? "# a command of " + std::to_string(c.size()) +
                              " bytes: see the JSON report (commands are never cut)"
                        : visible(c));
  return lines;
}

// Only a plain https URL becomes a link; anything else is shown as code.
std::string doc_link(const std::string& url) {
  const bool plain = starts_with(url, "https://") && url.size() <= kValueBytes &&
                     std::all_of(url.begin(), url.end(), [](char c) {
                       return is_alnum(c) || std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) !=
                                                 std::string_view::npos;
                     });
  return plain ? "<" + url + ">" : md_code(truncate_utf8(url, kValueBytes));
}

std::string join_code(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v)
    out += (out.empty() ? "" : ", ") + md_code(one_line(s, kCellBytes));
  return out;
}

std::string evidence_where(const EvidenceItem& e) {
  std::string s = e.source;
  if (e.locator.empty()) return s;
  const bool digits =
      std::all_of(e.locator.begin(), e.locator.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return s + ":" + e.locator;
  if (e.locator.front() == '/') return s + "#" + e.locator;
  return s + " (" + e.locator + ")";
}

std::string where_of(const Finding& f) {
  if (f.first) return f.first->to_string();
  if (!f.evidence.empty()) return evidence_where(f.evidence.front());
  if (!f.samples.empty()) return f.samples.front().source.to_string();
  return "";
}

const char* status_icon(const Finding& f) {
  if (f.status == FindingStatus::kUnknown) return "❔";
  if (f.status == FindingStatus::kPass) return "✅";
  switch (f.severity) {
    case Severity::kError:
      return "❌";
    case Severity::kWarning:
      return "⚠️";
    case Severity::kInfo:
      return "ℹ️";
  }
  return "❌";
}

// ------------------------------------------------------------------------------------------------

std::string header(const Report& r) {
  const Summary& s = r.summary;
  std::vector<std::string> parts;
  if (s.error > 0) parts.push_back(plural(s.error, "error", "errors"));
  if (s.warning > 0) parts.push_back(plural(s.warning, "warning", "warnings"));
  if (s.info > 0) parts.push_back(std::to_string(s.info) + " info");
  if (s.unknown > 0) parts.push_back(plural(s.unknown, "check", "checks") + " undecided");
  const char* icon = s.error > 0     ? "❌"
                     : s.warning > 0 ? "⚠️"
                     : s.info > 0    ? "ℹ️"
                     : s.unknown > 0 ? "❔"
                                     : "✅";
  std::string out = std::string("## ") + icon + " wi-doctor: ";
  if (parts.empty()) {
    out += "no problems found";
  } else {
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  }
  if (!r.first_broken.empty())
    out += " — first broken link: " + md_text(one_line(r.first_broken, kCellBytes));
  out += "\n\n";

  size_t unrecognized = 0, unreadable = 0;
  for (const InputFile& in : r.inputs) {
    if (in.type == "unrecognized") ++unrecognized;
    if (in.status == InputStatus::kUnreadable) ++unreadable;
  }
  std::string line = "wi-doctor " + md_text(one_line(r.tool_version, kCellBytes)) + " · " +
                     report_mode_name(r.mode) + " analysis";
  if (!r.now.empty()) {
    line += " as of " + md_text(one_line(r.now, kCellBytes));
    if (r.now_source) line += std::string(" \\(") + md_text(now_source_name(*r.now_source)) + "\\)";
  }
  line += " · " + std::to_string(s.fail) + " fail, " + std::to_string(s.unknown) + " unknown, " +
          std::to_string(s.pass) + " pass · " +
          plural(static_cast<long long>(r.inputs.size()), "input", "inputs") + " read \\(" +
          std::to_string(unrecognized) + " unrecognized";
  if (unreadable > 0) line += ", " + std::to_string(unreadable) + " unreadable";
  line += "\\) · " + plural(r.rules_loaded, "rule", "rules") + " loaded";
  out += line + "\n\n";

  size_t listed = 0, not_collected = 0;
  for (const CollectorStatus& c : r.collectors) {
    if (c.status == CollectorState::kCollected) continue;
    if (++not_collected > kMaxCollectorLines) continue;
    ++listed;
    out += "- ⚠️ collector " + md_code(one_line(c.name, kCellBytes)) + " " +
           md_text(collector_state_name(c.status));
    if (!c.error.empty()) out += ": " + md_text(one_line(c.error));
    if (!c.needs.empty()) out += " — needs " + md_code(one_line(c.needs));
    out += "\n";
  }
  if (not_collected > listed)
    out += "- " + std::to_string(not_collected - listed) + " more collectors in the JSON report\n";
  if (listed > 0) out += "\n";

  if (!r.redactions.empty()) {
    std::string red;
    for (const auto& [kind, n] : r.redactions)
      red +=
          (red.empty() ? "" : ", ") + std::to_string(n) + " " + md_text(one_line(kind, kCellBytes));
    out += "Redacted before anything was written: " + red + "\\.\n\n";
  }
  return out;
}

// The chain on one line, so a PR comment stays short and the first broken link stands out. Left
// out when no rule had the evidence to look at any hop.
std::string chain(const Report& r) {
  bool any = false;
  for (const ChainHop& h : r.chain) any = any || h.status != HopStatus::kNotChecked;
  if (!any) return "";
  std::string out = "**Trust chain:** ";
  for (size_t i = 0; i < r.chain.size(); ++i) {
    const ChainHop& h = r.chain[i];
    const char* icon = h.status == HopStatus::kFail      ? "❌"
                       : h.status == HopStatus::kUnknown ? "❔"
                       : h.status == HopStatus::kPass    ? "✅"
                                                         : "➖";
    std::string hop = std::string(icon) + " " + md_text(one_line(h.hop, kCellBytes));
    if (h.hop == r.first_broken) hop = "**" + hop + "**";
    out += (i ? " → " : "") + hop;
  }
  out += "\n\n";
  if (!r.first_broken.empty()) {
    for (const ChainHop& h : r.chain)
      if (h.hop == r.first_broken && !h.rules.empty())
        out += "Start at **" + md_text(one_line(h.hop, kCellBytes)) + "**: " + join_code(h.rules) +
               "\\.\n\n";
  }
  out += "➖ not checked: no evidence for that link\\.\n\n";
  return out;
}

std::string table_row(const Finding& f) {
  std::string where = where_of(f);
  if (f.count > 1) where += " (" + std::to_string(f.count) + "×)";
  return std::string("| ") + status_icon(f) + " " + status_name(f.status) + " | " +
         severity_name(f.severity) + " | " + cell(f.rule_id) + " | " + cell(f.subject) + " | " +
         cell(where) + " |\n";
}

std::string section(const Finding& f) {
  std::string out = std::string("#### ") + status_icon(f) + " " +
                    md_code(one_line(f.rule_id, kCellBytes)) + ": " +
                    md_text(one_line(f.title, kTitleBytes));
  if (f.status == FindingStatus::kUnknown) out += " \\(could not be decided\\)";
  if (const std::string codes = codes_seen(f); !codes.empty())
    out += " \\(logged as " + md_text(one_line(codes, kCellBytes)) + "\\)";
  out += "\n\n";

  out += "**Subject:** " + (f.subject.empty() ? std::string("—") : md_code(one_line(f.subject))) +
         " · **Severity:** " + severity_name(f.severity);
  if (f.confidence) out += std::string(", confidence ") + confidence_name(*f.confidence);
  if (!f.hop.empty()) out += " · **Hop:** " + md_text(one_line(f.hop, kCellBytes));
  out += "\n\n";
  if (f.count > 0 || f.first) {
    out += "**Seen:** ";
    if (f.count > 0) out += plural(static_cast<long long>(f.count), "record", "records");
    if (f.first)
      out +=
          std::string(f.count > 0 ? ", " : "") + "first " + md_code(one_line(f.first->to_string()));
    if (f.last && f.count > 1 && !(f.first && *f.first == *f.last))
      out += ", last " + md_code(one_line(f.last->to_string()));
    out += "\n\n";
  }
  if (!f.detail.empty()) out += md_paragraph(truncate_utf8(f.detail, kValueBytes)) + "\n\n";
  if (!f.caused_by.empty()) out += "**Caused by:** " + join_code(f.caused_by) + "\n\n";
  if (!f.candidate_causes.empty())
    out += "**Candidate causes** \\(hinted by the text, not proven\\): " +
           join_code(f.candidate_causes) + "\n\n";
  if (f.caused_by.empty() && f.candidate_causes.empty() && !f.causes.empty())
    out += "**Possible causes:** " + join_code(f.causes) + "\n\n";
  if (!f.explains.empty()) out += "**Explains:** " + join_code(f.explains) + "\n\n";
  if (f.explained_by != f.caused_by && !f.explained_by.empty())
    out += "**Explained by:** " + join_code(f.explained_by) + "\n\n";

  if (f.status == FindingStatus::kUnknown && !f.needs.empty()) {
    out += "**To decide it, provide the output of:**\n\n";
    out += code_block(command_lines(f.needs), "sh");
  }
  if (f.status == FindingStatus::kFail && !f.fixed_by.empty()) {
    out += "**Fix:** " + md_text(fixed_by_sentence(f)) + "\n\n";
  } else if (f.status == FindingStatus::kFail &&
             (!f.fix.summary.empty() || !f.fix.commands.empty())) {
    out += "**Fix:** " + md_text(one_line(f.fix.summary)) + "\n\n";
    if (!f.fix.commands.empty()) out += code_block(command_lines(f.fix.commands), "sh");
  }
  if (f.status == FindingStatus::kFail && !f.missing.empty() && f.fixed_by.empty())
    out += "**Fill in first** \\(no evidence supplied these\\): " + join_code(f.missing) + "\n\n";
  if (!f.fix.docs.empty()) {
    out += "**Docs:**";
    for (const std::string& d : f.fix.docs) out += " " + doc_link(d);
    out += "\n\n";
  }

  if (!f.evidence.empty() || !f.samples.empty()) {
    std::vector<std::string> lines;
    const size_t ev = std::min(f.evidence.size(), kEvidencePerFinding);
    for (size_t i = 0; i < ev; ++i) {
      const EvidenceItem& e = f.evidence[i];
      lines.push_back(one_line(evidence_where(e)));
      if (!e.observed.empty()) lines.push_back("  observed: \"" + one_line(e.observed) + "\"");
      if (!e.expected.empty()) lines.push_back("  expected: \"" + one_line(e.expected) + "\"");
      if (e.difference != Difference::kNone)
        lines.push_back("  difference: " + one_line(difference_name(e.difference)));
    }
    if (f.evidence.size() > ev)
      lines.push_back("(" + std::to_string(f.evidence.size() - ev) +
                      " more evidence items in the JSON report)");
    const size_t sm = std::min(f.samples.size(), kSamplesPerFinding);
    for (size_t i = 0; i < sm; ++i)
      lines.push_back(one_line(f.samples[i].source.to_string()) + "  " +
                      one_line(f.samples[i].text, kSampleBytes));
    if (f.samples.size() > sm)
      lines.push_back("(" + std::to_string(f.samples.size() - sm) +
                      " more samples in the JSON report)");
    std::string what;
    if (!f.evidence.empty()) what = "Evidence (" + std::to_string(f.evidence.size()) + ")";
    if (!f.samples.empty())
      what += (what.empty() ? "Log samples (" : " and log samples (") +
              std::to_string(f.samples.size()) + ")";
    out += "<details><summary>" + what + "</summary>\n\n";
    out += code_block(lines, "text");
    out += "</details>\n\n";
  }
  if (!f.fingerprint.empty())
    out += "<sub>fingerprint " + md_code(one_line(f.fingerprint, kCellBytes)) + "</sub>\n\n";
  return out;
}

std::string not_checked(const Report& r, size_t budget) {
  std::vector<const CoverageItem*> items;
  for (const CoverageItem& c : r.coverage)
    if (c.status != CoverageState::kRan) items.push_back(&c);
  if (items.empty()) return "";
  std::string out = "### Not checked (" + std::to_string(items.size()) +
                    ")\n\nThese checks had no evidence to run on\\.\n\n<details><summary>What "
                    "would let each one run</summary>\n\n| Check | Needs |\n|---|---|\n";
  size_t shown = 0;
  for (const CoverageItem* c : items) {
    const std::string row = "| " + cell(c->rule_id) + " | " + cell(c->needs) + " |\n";
    if (out.size() + row.size() > budget) break;
    out += row;
    ++shown;
  }
  if (shown < items.size())
    out += "\n…and " + std::to_string(items.size() - shown) + " more in the JSON report\\.\n";
  return out + "\n</details>\n\n";
}

std::string passed(const std::vector<const Finding*>& passes, size_t budget) {
  if (passes.empty()) return "";
  std::string out = "<details><summary>Passed checks (" + std::to_string(passes.size()) +
                    ")</summary>\n\n| Rule | Subject |\n|---|---|\n";
  size_t shown = 0;
  for (const Finding* f : passes) {
    const std::string row = "| " + cell(f->rule_id) + " | " + cell(f->subject) + " |\n";
    if (out.size() + row.size() > budget) break;
    out += row;
    ++shown;
  }
  if (shown < passes.size())
    out += "\n…and " + std::to_string(passes.size() - shown) + " more in the JSON report\\.\n";
  return out + "\n</details>\n\n";
}

std::string more_line(size_t n, const char* what) {
  return "**…and " + plural(static_cast<long long>(n), "more finding", "more findings") +
         " in the JSON report** \\(`-o json=FILE`\\): " + what +
         " stops here to stay under GitHub's 1 MiB step-summary limit \\(`--limit "
         "markdown-bytes=N` moves the cut\\)\\.\n\n";
}

}  // namespace

Status render_markdown(const Report& report, const RenderOptions& options, std::ostream& out) {
  if (Status st = require_finalized(report); !st.ok()) return st;
  const Report& r = report;

  const std::vector<const Finding*> open = findings_for_reading(r, /*with_passes=*/false);
  std::vector<const Finding*> passes;
  for (const Finding& f : r.findings)
    if (f.status == FindingStatus::kPass) passes.push_back(&f);

  const std::string head = header(r) + chain(r);
  const std::string tail = not_checked(r, kTailBytes / 2) + passed(passes, kTailBytes / 2);
  // What is left for the findings, with room for the table heading and the two "more" lines.
  const size_t fixed = head.size() + tail.size() + 2 * limits::kKiB;
  const size_t room = fixed < options.markdown_bytes ? options.markdown_bytes - fixed : 0;

  std::string table;
  size_t rows = 0;
  for (const Finding* f : open) {
    const std::string row = table_row(*f);
    if (table.size() + row.size() > room / kTableShareDivisor) break;
    table += row;
    ++rows;
  }
  std::string sections;
  size_t shown = 0;
  for (const Finding* f : open) {
    const std::string s = section(*f);
    if (table.size() + sections.size() + s.size() > room) break;
    sections += s;
    ++shown;
  }

  out << head;
  if (!open.empty()) {
    out << "### Findings (" << open.size() << ")\n\n"
        << "| Status | Severity | Rule | Subject | Where |\n|---|---|---|---|---|\n"
        << table << "\n";
    if (rows < open.size()) out << more_line(open.size() - rows, "the table");
    out << sections;
    if (shown < open.size()) out << more_line(open.size() - shown, "the detail");
  }
  out << tail;

  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the Markdown report");
  return Ok{};
}

}  // namespace wid
