// The `sarif` renderer: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers
// (docs/reports.md). One run; tool.driver.rules[] is the whole catalog so a rule that stops firing
// still has its words, and each failing or unknown finding is one result with a physical location
// and the finding's fingerprint in partialFingerprints.
//
// Where a result is located, in order of preference:
//   (a) the user's own manifest (a cluster template, a kind config): an input that lies under
//       `analyze --source-root DIR` carries that repository-relative path (InputFile::source_path);
//       uriBaseId %SRCROOT%, the base GitHub resolves against the checkout.
//   (b) the bundle file the evidence came from, relative to the analyzed root; uriBaseId
//       BUNDLEROOT, so a consumer can tell it apart from a repository path.
//   (c) a stable synthetic path .wi-doctor/<hop or group>/<subject>.yaml at line 1 (uriBaseId
//       %SRCROOT%: it names a place in the workspace), because GitHub
//       rejects a result without a location.
// Never an absolute path, a URL or a host name: an evidence source that is
// not a safe relative path is passed over.
//
// Every string from a finding is untrusted (log samples, object names, captured values): it goes
// out as plain `text` only, through visible() and a byte cap. `help.markdown` is written only from
// catalog words, never from a finding.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/text.h"
#include "reports/escape.h"
#include "reports/fixed_by.h"
#include "reports/limits.h"
#include "reports/locate.h"
#include "reports/reading_order.h"
#include "reports/renderer.h"

namespace wid {
namespace {

using nlohmann::json;

// The SchemaStore URL is the one SARIF Multitool's SARIF1011/GH1011 rules accept as the final
// 2.1.0 schema, and the one GitHub's own documentation shows.
constexpr const char* kSchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char* kInformationUri = "https://github.com/wi-doctor/wi-doctor";
constexpr const char* kFingerprintKey = "wiDoctorFinding/v1";
constexpr const char* kSourceRoot = "%SRCROOT%";
constexpr const char* kBundleRoot = "BUNDLEROOT";

using namespace render_limits::sarif;

std::string safe_text(std::string_view raw, size_t cap = kMaxMessageBytes) {
  return visible(truncate_utf8(trim(raw), cap), /*keep_newlines=*/true);
}

std::string level_for(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "error";
}

// SARIF wants a friendly rule name distinct from the id; catalog ids are SCREAMING_SNAKE, so the
// name is the same words in PascalCase: ISSUER_TRAILING_SLASH_MISMATCH ->
// IssuerTrailingSlashMismatch. An apostrophe does not split a word (credential's -> Credentials);
// a one-letter word ("a") is dropped, since two capitals in a row fail SARIF2012's Pascal check.
std::string pascal_case(std::string_view text, size_t cap = 128) {
  std::string out;
  std::string word;
  const auto flush = [&] {
    const bool one_letter = word.size() == 1 && !(word[0] >= '0' && word[0] <= '9');
    if (!word.empty() && !one_letter && out.size() < cap) out += word;
    word.clear();
  };
  for (char c : text) {
    if (c == '\'') continue;
    const bool upper = c >= 'A' && c <= 'Z';
    const bool lower = c >= 'a' && c <= 'z';
    const bool digit = c >= '0' && c <= '9';
    if (!upper && !lower && !digit) {
      flush();
      continue;
    }
    const char low = upper ? static_cast<char>(c - 'A' + 'a') : c;
    word += word.empty() && (upper || lower) ? static_cast<char>(low - 'a' + 'A') : low;
  }
  flush();
  return out;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return to_lower_ascii(a) == to_lower_ascii(b);
}

// A one-word id (AADSTS70021) has no words to recase, and SARIF1001 rejects a name that is the
// id again: the title's words name it instead, and with no title the name is left out, as
// SARIF 3.49.7 asks.
std::string rule_name(const RuleDoc& r) {
  std::string name = pascal_case(r.id);
  if (!name.empty() && !equal_ignoring_case(name, r.id)) return name;
  name = pascal_case(r.title, 64);
  if (!name.empty() && !equal_ignoring_case(name, r.id)) return name;
  return "";
}

// A doc link becomes helpUri only when it is a plain https URL: SARIF1002 rejects an invalid URI,
// and a catalog from --rules could hold anything.
bool is_plain_https(std::string_view u) {
  if (!starts_with(u, "https://") || u.size() <= 8) return false;
  return std::all_of(u.begin(), u.end(), [](char c) {
    return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\\' && c != '^' &&
           c != '`' && c != '{' && c != '|' && c != '}';
  });
}

// Markdown from catalog words only. Escaping the characters that open links, HTML, code or
// emphasis keeps a --rules file from turning its text into markup.
std::string markdown_escape(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (std::string_view("\\`*_[]<>|~#&").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// A fence longer than any backtick run inside, so a command cannot close it.
std::string code_fence(const std::vector<std::string>& lines) {
  size_t longest = 0;
  for (const std::string& l : lines) {
    size_t run = 0;
    for (char c : l) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

json text_message(const std::string& text) { return json{{"text", text}}; }

json rule_json(const RuleDoc& r, bool from_catalog, const std::string& precision) {
  const std::string id = visible(r.id);
  const std::string title = safe_text(r.title.empty() ? r.id : r.title, kMaxRuleTextBytes);
  const std::string full =
      safe_text(trim(r.explain).empty() ? r.title : r.explain, kMaxRuleTextBytes);

  // help.text is what a person needs to act: the fix, its command templates, where to read more.
  std::string help;
  if (!trim(r.fix_summary).empty()) help += "Fix: " + safe_text(r.fix_summary, kMaxRuleTextBytes);
  if (!r.fix_commands.empty()) {
    help += std::string(help.empty() ? "" : "\n\n") + "Commands:";
    for (const std::string& c : r.fix_commands) help += "\n  " + visible(c);
  }
  if (!r.docs.empty()) {
    help += std::string(help.empty() ? "" : "\n\n") + "Docs:";
    for (const std::string& d : r.docs) help += "\n  " + visible(d);
  }
  // GitHub's ingestion (GH2012) rejects a rule without help, and a rule with no fix still has a
  // longer story behind `explain`.
  help += std::string(help.empty() ? "" : "\n\n") + "More: wi-doctor explain " + id;

  json rule = {{"id", id},
               {"shortDescription", text_message(title.empty() ? id : title)},
               {"fullDescription", text_message(full.empty() ? id : full)},
               {"help", text_message(help)},
               {"defaultConfiguration", {{"level", level_for(r.severity)}}}};
  if (const std::string name = rule_name(r); !name.empty()) rule["name"] = name;
  if (from_catalog) {
    std::string md;
    if (!trim(r.fix_summary).empty())
      md += "**Fix.** " + markdown_escape(safe_text(r.fix_summary, kMaxRuleTextBytes));
    if (!r.fix_commands.empty()) {
      std::vector<std::string> cmds;
      for (const std::string& c : r.fix_commands) cmds.push_back(visible(c));
      const std::string fence = code_fence(cmds);
      md += std::string(md.empty() ? "" : "\n\n") + fence + "sh";
      for (const std::string& c : cmds) md += "\n" + c;
      md += "\n" + fence;
    }
    for (const std::string& d : r.docs)
      if (is_plain_https(d)) md += std::string(md.empty() ? "" : "\n\n") + "Docs: <" + d + ">";
    md += std::string(md.empty() ? "" : "\n\n") + "More: `wi-doctor explain " + id + "`";
    rule["help"]["markdown"] = md;
  }
  for (const std::string& d : r.docs) {
    if (is_plain_https(d)) {
      rule["helpUri"] = d;
      break;
    }
  }
  json props = json::object();
  json tags = json::array();
  for (const std::string* t : {&r.group, &r.hop}) {
    const std::string tag = visible(*t);
    if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
  }
  if (!tags.empty()) props["tags"] = tags;
  if (!precision.empty()) props["precision"] = precision;
  if (!props.empty()) rule["properties"] = props;
  return rule;
}

// A finding's words, for a rule the caller's catalog does not know (a report made with --rules
// that are not loaded now, or unit tests with no catalog): never markdown, since they are the
// finding's.
RuleDoc doc_from_finding(const Finding& f) {
  const std::string kind = f.kind ? kind_name(*f.kind) : "";
  return RuleDoc{f.rule_id,    f.title,       f.group,       kind, f.hop,     f.severity,
                 f.confidence, std::string{}, f.fix.summary, {},   f.fix.docs};
}

// GitHub's precision vocabulary, from the catalog's confidence: its names are the same words.
std::string precision_of(const std::optional<Confidence>& confidence) {
  return confidence ? confidence_name(*confidence) : "";
}

// ---------------------------------------------------------------------------------------------
// Locations

// RFC 3986 path characters, so the uri is a valid URI reference (SARIF1002). ':' is encoded too:
// in a first segment it would read as a scheme.
std::string percent_encode_path(std::string_view path) {
  static constexpr std::string_view kKeep = "-._~/!$&'()*+,;=@";
  std::string out;
  char buf[4];
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum || kKeep.find(ch) != std::string_view::npos) {
      out += ch;
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string path_safe(std::string_view raw, size_t cap) {
  std::string out;
  for (char c : raw) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  // Never "." or ".." (a segment that walks), never hidden by a leading dot.
  while (!out.empty() && out.front() == '.') out.front() = '_';
  if (out.size() > cap) {
    // A stable hash of the whole subject keeps two long subjects with one prefix apart.
    uint64_t h = 1469598103934665603ull;
    for (char c : raw) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char buf[20];
    std::snprintf(buf, sizeof buf, "-%08llx", static_cast<unsigned long long>(h & 0xffffffffull));
    out = out.substr(0, cap) + buf;
  }
  return out.empty() ? "_" : out;
}

json physical_location(const std::string& uri, const char* base, uint64_t line) {
  return json{{"artifactLocation", {{"uri", percent_encode_path(uri)}, {"uriBaseId", base}}},
              {"region", {{"startLine", line > 0 ? line : 1}}}};
}

json locate(const Finding& f, const SourcePaths& source_paths) {
  // (a) the user's manifest in the repository being scanned, (b) the bundle file.
  if (auto at = locate_file(f, source_paths))
    return physical_location(at->path, at->in_source_root ? kSourceRoot : kBundleRoot, at->line);
  // (c) somewhere stable to hang it.
  const std::string dir = !f.hop.empty() ? f.hop : !f.group.empty() ? f.group : "findings";
  const std::string synthetic = ".wi-doctor/" + path_safe(dir, kMaxSyntheticNameBytes) + "/" +
                                path_safe(f.subject, kMaxSyntheticNameBytes) + ".yaml";
  return physical_location(synthetic, kSourceRoot, 1);
}

// ---------------------------------------------------------------------------------------------
// Results

std::string with_period(std::string s) {
  if (!s.empty() && std::string_view(".!?").find(s.back()) == std::string_view::npos) s += '.';
  return s;
}

// Plain text only: the title, the detail, then each compared value, and for an unknown what would
// decide it. Capped before visible() so a cut never splits one of its escapes.
std::string message_text(const Finding& f) {
  std::string m = with_period(std::string(trim(f.title.empty() ? f.rule_id : f.title)));
  if (f.status == FindingStatus::kUnknown) m += " Unknown: the evidence to decide this is missing.";
  if (const std::string codes = codes_seen(f); !codes.empty()) m += " Logged as " + codes + ".";
  if (!trim(f.detail).empty()) m.append(1, '\n').append(trim(f.detail));
  // The rule's help carries its generic fix; a result fixed by another says which instead.
  if (!f.fixed_by.empty()) m.append(1, '\n').append(fixed_by_sentence(f));
  for (const EvidenceItem& e : f.evidence) {
    if (e.observed.empty() && e.expected.empty()) continue;
    std::string line = "\n" + e.source;
    if (!e.locator.empty()) line += " (" + e.locator + ")";
    line += ":";
    if (!e.observed.empty()) line += " observed \"" + e.observed + "\"";
    if (!e.expected.empty())
      line += std::string(e.observed.empty() ? "" : ",") + " expected \"" + e.expected + "\"";
    if (e.difference != Difference::kNone)
      line += " (" + std::string(difference_name(e.difference)) + ")";
    m += line;
    if (m.size() > kMaxMessageBytes) break;
  }
  if (f.status == FindingStatus::kUnknown)
    for (const std::string& n : f.needs) m += "\nNeeds: " + n;
  return visible(truncate_utf8(m, kMaxMessageBytes), /*keep_newlines=*/true);
}

json result_json(const Finding& f, size_t rule_index, const SourcePaths& source_paths) {
  json location = locate(f, source_paths);
  json loc = {{"physicalLocation", std::move(location)}};
  if (!f.subject.empty())
    loc["logicalLocations"] =
        json::array({{{"fullyQualifiedName", visible(truncate_utf8(f.subject, kMaxNameBytes))},
                      {"kind", "object"}}});
  json r = {{"ruleId", visible(f.rule_id)},
            {"ruleIndex", rule_index},
            {"message", text_message(message_text(f))},
            {"locations", json::array({std::move(loc)})}};
  if (f.status == FindingStatus::kUnknown) {
    // SARIF 2.1.0 3.27.9/3.27.10: a result that is not a failure has a kind other than "fail",
    // and then its level must be "none". "open": the tool could not decide.
    r["kind"] = "open";
    r["level"] = "none";
  } else {
    r["level"] = level_for(f.severity);
  }
  if (!f.fingerprint.empty())
    r["partialFingerprints"] = {{kFingerprintKey, visible(f.fingerprint)}};
  return r;
}

bool is_semver(std::string_view v) {
  // MAJOR.MINOR.PATCH with optional -pre and +build; enough to keep semanticVersion honest.
  int dots = 0;
  size_t i = 0;
  bool digit = false;
  for (; i < v.size(); ++i) {
    const char c = v[i];
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && digit && dots < 2) {
      ++dots;
      digit = false;
    } else {
      break;
    }
  }
  if (dots != 2 || !digit) return false;
  if (i == v.size()) return true;
  if (v[i] != '-' && v[i] != '+') return false;
  return std::all_of(v.begin() + static_cast<std::ptrdiff_t>(i) + 1, v.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
           c == '-' || c == '+';
  });
}

json notification(const char* level, const std::string& text) {
  return json{{"level", level}, {"message", text_message(text)}};
}

}  // namespace

Status render_sarif(const Report& report, const RenderOptions& options, std::ostream& out) {
  if (Status st = require_finalized(report); !st.ok()) return st;
  const Report& r = report;

  // rules[]: the catalog, plus any rule a finding names that the catalog does not know, so every
  // ruleIndex resolves. Sorted by id, one entry per id.
  std::map<std::string, std::pair<RuleDoc, bool>> docs;
  for (const RuleDoc& d : options.rules) docs.try_emplace(d.id, d, true);
  for (const Finding& f : r.findings) docs.try_emplace(f.rule_id, doc_from_finding(f), false);
  json rules = json::array();
  std::map<std::string, size_t> rule_index;
  for (const auto& [id, doc] : docs) {
    rule_index[id] = rules.size();
    rules.push_back(rule_json(doc.first, doc.second, precision_of(doc.first.confidence)));
  }

  const SourcePaths source_paths = source_paths_of(r);

  // The reading order (errors first, a failure before an unknown), so the cap keeps what matters
  // most.
  std::vector<const Finding*> shown = findings_for_reading(r, /*with_passes=*/false);
  const size_t total = shown.size();
  const size_t max_results = options.sarif_results;
  if (shown.size() > max_results) shown.resize(max_results);

  json results = json::array();
  for (const Finding* f : shown)
    results.push_back(result_json(*f, rule_index.at(f->rule_id), source_paths));

  // What could not be looked at is part of the answer: a run missing its Azure evidence must not
  // read as clean. Notifications, not results, because nothing was found wrong.
  json notes = json::array();
  if (total > shown.size())
    notes.push_back(notification(
        "warning", std::to_string(total - shown.size()) + " of " + std::to_string(total) +
                       " results were left out: this report keeps at most " +
                       std::to_string(max_results) +
                       " (--limit sarif-results=N; GitHub code scanning shows 5,000 per run). "
                       "Errors are kept first; the JSON report has every finding."));
  for (const CollectorStatus& c : r.collectors) {
    if (c.status == CollectorState::kCollected) continue;
    std::string text = "Collector " + c.name + " " + collector_state_name(c.status);
    if (!c.error.empty()) text += ": " + c.error;
    if (!c.needs.empty()) text += " (needs: " + c.needs + ")";
    notes.push_back(notification(c.status == CollectorState::kFailed ? "warning" : "note",
                                 visible(truncate_utf8(with_period(text), kMaxMessageBytes))));
  }
  for (const CoverageItem& c : r.coverage) {
    if (c.status == CoverageState::kRan) continue;
    std::string text = "Check " + c.rule_id + " could not run";
    if (!c.needs.empty()) text += "; it needs: " + c.needs;
    json n = notification("note", visible(truncate_utf8(with_period(text), kMaxMessageBytes)));
    auto it = rule_index.find(c.rule_id);
    if (it != rule_index.end())
      n["associatedRule"] = {{"id", visible(c.rule_id)}, {"index", it->second}};
    notes.push_back(std::move(n));
  }
  json invocation = {{"executionSuccessful", true}};
  if (!notes.empty()) invocation["toolExecutionNotifications"] = std::move(notes);

  json driver = {{"name", "wi-doctor"}, {"informationUri", kInformationUri}, {"rules", rules}};
  if (is_semver(r.tool_version))
    driver["semanticVersion"] = r.tool_version;
  else if (!r.tool_version.empty())
    driver["version"] = visible(r.tool_version);

  json bases = json::object();
  bases[kSourceRoot]["description"] = text_message(
      "The root of the repository being scanned (analyze --source-root), which "
      "GitHub resolves against the checkout. Paths under .wi-doctor/ are synthetic, "
      "stable locations for findings no file locates.");
  bases[kBundleRoot]["description"] = text_message(
      "The root of the analyzed bundle or directory (the PATH given to analyze); "
      "archive members are named by their path inside the archive.");

  json run = json::object();
  run["tool"]["driver"] = std::move(driver);
  run["originalUriBaseIds"] = std::move(bases);
  run["invocations"] = json::array({std::move(invocation)});
  run["results"] = std::move(results);
  if (total > shown.size())
    run["properties"] = {{"resultsTotal", total},
                         {"resultsShown", shown.size()},
                         {"resultsOmitted", total - shown.size()},
                         {"resultsLimit", max_results}};

  const json sarif = {{"$schema", kSchemaUri}, {"version", "2.1.0"}, {"runs", json::array({run})}};
  out << dump_json(sarif, 2) << '\n';
  out.flush();
  if (!out) return make_error(ErrorCode::kUnreadable, "could not write the SARIF report");
  return Ok{};
}

}  // namespace wid
