#include "analyzer/engine/engine.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unordered_map>

#include "analyzer/engine/explanations.h"
#include "analyzer/engine/rule_selection.h"
#include "analyzer/engine/run_checks.h"
#include "analyzer/model/limit_table.h"
#include "analyzer/model/text.h"

namespace wid {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

void push_unique(std::vector<std::string>& v, const std::string& s) {
  if (!contains(v, s)) v.push_back(s);
}

// A record time as RFC 3339: full ones as they are, klog's year-less ones in the year of
// `year_from`.
std::string record_time(const std::string& t, const std::string& year_from) {
  if (t.size() > 4 && t[4] == '-') return t;
  return t.empty() ? "" : klog_with_year(t, year_from);
}

Finding finding_from_hits(const Rule& rule, RuleHits&& hits, const std::string& year_from) {
  Finding f;
  f.rule_id = rule.id;
  f.title = rule.title;
  f.group = rule.group;
  f.severity = rule.severity;
  f.status = FindingStatus::kFail;
  f.confidence = rule.confidence;
  f.kind = FindingKind::kLog;
  f.hop = rule.hop;
  f.subject = hits.subject_key.empty() ? "component/" + hits.component : hits.subject_key;
  f.count = hits.count;
  f.first = hits.first;
  f.last = hits.last;
  f.first_seen = record_time(hits.first_time, year_from);
  f.last_seen = record_time(hits.last_time, year_from);
  f.samples = std::move(hits.samples);
  f.captures = std::move(hits.captures);
  f.causes = rule.causes;
  f.candidate_causes = hits.candidate_causes;
  f.codes = hits.codes;
  // A wrapper is explained only when every one of its records carried what it wraps; the link
  // step keeps the ids whose findings made it into the report.
  if (!hits.wrapped.empty() && hits.wrapped_records == hits.count) f.explained_by = hits.wrapped;
  f.needs = rule.needs;
  std::vector<std::string> ignored;
  f.detail = render_template(rule.detail.empty() ? rule.explain : rule.detail, hits.first_captures,
                             &ignored);
  f.fix.summary = render_template(rule.fix_summary, hits.first_captures, &ignored);
  for (auto& cmd : rule.fix_commands)
    f.fix.commands.push_back(render_command(cmd, hits.first_captures, &f.missing));
  f.fix.docs = rule.docs;
  for (auto& [name, value] : hits.first_captures)
    f.evidence.push_back(EvidenceItem{hits.first.path, "line " + std::to_string(hits.first.line),
                                      name + "=" + value, "", Difference::kNone});
  if (!hits.derived_from.empty()) {
    f.evidence.push_back(EvidenceItem{hits.first.path, "line " + std::to_string(hits.first.line),
                                      "proven by the text of " + hits.derived_from, "",
                                      Difference::kNone});
    push_unique(f.explains, hits.derived_from);
  }
  f.fingerprint = fingerprint(f.rule_id, f.subject, hits.first_captures);
  return f;
}

// A finding the engine makes about an input itself (group input, always proven): its words come
// from the catalog entry when one is loaded, else from `fallback_title`.
Finding input_finding(const Catalog& catalog, const char* rule_id, const char* fallback_title,
                      const std::string& path, std::string detail, const std::string& observed,
                      const std::map<std::string, std::string>& identity) {
  Finding f;
  const Rule* rule = catalog.find(rule_id);
  f.rule_id = rule_id;
  f.title = rule ? rule->title : fallback_title;
  f.group = "input";
  f.severity = rule ? rule->severity : Severity::kWarning;
  f.status = FindingStatus::kFail;
  f.confidence = Confidence::kHigh;
  f.kind = FindingKind::kInput;
  f.subject = path;
  f.detail = std::move(detail);
  f.evidence.push_back(EvidenceItem{path, "", observed, "", Difference::kNone});
  if (rule) {
    f.fix.summary = rule->fix_summary;
    f.fix.docs = rule->docs;
  }
  f.fingerprint = fingerprint(f.rule_id, f.subject, identity);
  return f;
}

Finding unreadable_finding(const Catalog& catalog, const std::string& path, const std::string& type,
                           const std::string& message) {
  return input_finding(catalog, "INPUT_UNREADABLE", "An input could not be read", path, message,
                       type.empty() ? "unreadable" : type, {{"type", type}});
}

// A bound that cut an input short, with what was not read and the option that raises it.
Finding limit_finding(const Catalog& catalog, const LimitReached& hit) {
  return input_finding(catalog, "ANALYSIS_LIMIT_REACHED", "An analysis limit cut an input short",
                       hit.source.path,
                       "Limit reached (" + hit.limit + "): " + hit.detail +
                           (hit.flag.empty() ? "." : ". " + hit.flag + " raises it."),
                       hit.limit, {{"limit", hit.limit}});
}

}  // namespace

std::string klog_with_year(const std::string& mm_dd_time, const std::string& reference) {
  if (reference.size() < 4 || mm_dd_time.size() < 14) return "";
  int year = std::atoi(reference.substr(0, 4).c_str());
  std::string t = std::to_string(year) + "-" + mm_dd_time + "Z";
  // A December line read against a January reference belongs to the year before.
  if (t > reference && reference.size() >= 7 && mm_dd_time.substr(0, 2) > reference.substr(5, 2))
    t = std::to_string(year - 1) + "-" + mm_dd_time + "Z";
  return t;
}

std::string fingerprint(const std::string& rule_id, const std::string& subject,
                        const std::map<std::string, std::string>& observed) {
  // FNV-1a 64 over length-prefixed fields: stable across runs, platforms and path layouts.
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const std::string& s) {
    std::string field = std::to_string(s.size()) + ":" + s;
    for (unsigned char c : field) {
      h ^= c;
      h *= 1099511628211ull;
    }
  };
  mix(rule_id);
  mix(subject);
  for (auto& [k, v] : observed) {
    mix(k);
    mix(v);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

void link_causes(std::vector<Finding>& findings) {
  std::map<std::string, std::vector<size_t>> failing;  // rule id -> finding indices
  for (size_t i = 0; i < findings.size(); ++i)
    if (findings[i].status == FindingStatus::kFail) failing[findings[i].rule_id].push_back(i);
  for (size_t i = 0; i < findings.size(); ++i) {
    for (auto& cause : findings[i].causes) {
      auto it = failing.find(cause);
      if (it == failing.end()) continue;
      push_unique(findings[i].caused_by, cause);
      for (size_t c : it->second) push_unique(findings[c].explains, findings[i].rule_id);
    }
    // A cause proven by this symptom's own text explains it too.
    for (size_t c = 0; c < findings.size(); ++c)
      if (c != i && contains(findings[c].explains, findings[i].rule_id) &&
          findings[c].first == findings[i].first)
        push_unique(findings[i].caused_by, findings[c].rule_id);
  }
  link_explanations(findings);
}

namespace {

// A log the ingest left to the scan to hash gets its sha256 now. One the scan did not read whole
// (it changed since it was listed) is read again; when that fails too, its entry says so.
void settle_digests(const std::vector<LogSource>& logs, std::vector<InputFile>& inputs) {
  std::unordered_map<std::string_view, InputFile*> by_path;
  for (const LogSource& log : logs) {
    if (!log.digest) continue;
    if (by_path.empty())
      for (InputFile& in : inputs) by_path.emplace(in.path, &in);
    auto it = by_path.find(log.source.path);
    if (it == by_path.end()) continue;
    auto hex = log.digest->settle();
    if (hex) {
      it->second->sha256 = std::move(*hex);
    } else {
      append_clause(it->second->detail, "not hashed: " + hex.error().message);
    }
  }
}

Report report_from(const EvidenceStore& store, std::vector<InputFile> inputs,
                   const Catalog& catalog, const RuleSelection& selection,
                   const AnalyzeOptions& options, ScanResult scan) {
  Report report;
  report.tool_version = options.tool_version;
  report.mode = options.mode;
  report.inputs = std::move(inputs);
  report.collectors = options.collectors;
  report.rules_loaded = static_cast<int>(catalog.rules().size());

  // A log that was removed, replaced or cut short between listing and reading says so in its
  // inputs entry; what was read of it is still analyzed.
  // A .gz log over the decompressed-bytes bound was read up to it: a limit, not damage.
  for (const Error& e : scan.errors)
    for (InputFile& in : report.inputs)
      if (in.path == e.where.path && in.status == InputStatus::kRead &&
          e.code != ErrorCode::kLimit) {
        in.status = InputStatus::kUnreadable;
        in.error = e.message;
      }

  settle_digests(store.logs, report.inputs);

  // A saved bundle is judged as of when it was saved. klog times carry no year: it comes from
  // a full timestamp in the same bundle, else from the clock, and the report says which.
  const std::string newest_full = std::max(store.newest_timestamp, scan.newest_timestamp);
  const auto [year_from, year_source] =
      !store.manifest_time.empty() ? std::pair{store.manifest_time, NowSource::kManifest}
      : !newest_full.empty()       ? std::pair{newest_full, NowSource::kNewestLog}
      : !options.now.empty()       ? std::pair{options.now, NowSource::kFlag}
                                   : std::pair{options.clock_now, NowSource::kClock};
  std::string newest_klog;
  if (!scan.newest_klog_time.empty()) {
    report.year_source = year_source;
    newest_klog = klog_with_year(scan.newest_klog_time, year_from);
  }
  for (auto& hits : scan.hits) {
    const Rule* rule = catalog.find(hits.rule_id);
    if (!rule || !selection.selected(rule->id)) continue;
    report.findings.push_back(finding_from_hits(*rule, std::move(hits), year_from));
  }
  if (!options.now.empty()) {
    report.now = options.now;
    report.now_source = NowSource::kFlag;
  } else if (!store.manifest_time.empty()) {
    report.now = store.manifest_time;
    report.now_source = NowSource::kManifest;
  } else if (!std::max(newest_full, newest_klog).empty()) {
    report.now = std::max(newest_full, newest_klog);
    report.now_source = NowSource::kNewestLog;
  } else {
    report.now = options.clock_now;
    report.now_source = NowSource::kClock;
  }
  // The checks compare evidence across sources; they see the log findings as symptoms.
  auto pick = [&](const std::string& id) { return selection.selected(id); };
  CheckPassOutput checks = run_checks(store, catalog, report.findings, report.now, pick);
  merge_findings(report.findings, std::move(checks.findings));

  // Bounds that cut an input short are findings of their own (the input is then not also
  // reported as unreadable).
  std::set<std::string> reported;
  std::vector<LimitReached> limits_hit = store.limits_reached;
  for (const auto& [path, n] : scan.truncated_by_path)
    limits_hit.push_back({SourceRef{path, 0, ""}, "record bytes", "--max-record-bytes",
                          std::to_string(n) + (n == 1 ? " record was" : " records were") +
                              " longer than " + std::to_string(options.scan.max_record_bytes) +
                              " bytes and matched only up to there"});
  for (const Error& e : scan.errors)
    if (e.code == ErrorCode::kLimit)
      limits_hit.push_back({e.where, "decompressed bytes", limit_option(Limit::kGzipBytes),
                            e.message + "; the content before it was analyzed"});
  for (const LimitReached& hit : limits_hit) {
    reported.insert(hit.source.path);
    if (selection.selected("ANALYSIS_LIMIT_REACHED"))
      report.findings.push_back(limit_finding(catalog, hit));
  }
  // Inputs that could not be read are findings of their own, and the run goes on.
  if (selection.selected("INPUT_UNREADABLE")) {
    for (auto& u : store.unreadable) {
      if (!reported.insert(u.source.path).second) continue;
      report.findings.push_back(unreadable_finding(catalog, u.source.path, u.type, u.message));
      // Text that only looked like JSON or YAML was read as text: worth knowing, not a warning.
      if (u.text_that_looked_structured) report.findings.back().severity = Severity::kInfo;
    }
    for (auto& in : report.inputs)
      if (in.status != InputStatus::kRead && reported.insert(in.path).second)
        report.findings.push_back(unreadable_finding(catalog, in.path, in.type, in.error));
    for (auto& e : scan.errors)
      if (reported.insert(e.where.path).second)
        report.findings.push_back(unreadable_finding(catalog, e.where.path, "log", e.message));
  }

  for (auto* r : catalog.log_rules())
    report.coverage.push_back(CoverageItem{r->id, CoverageState::kRan, ""});
  for (auto& c : checks.coverage) report.coverage.push_back(std::move(c));

  link_causes(report.findings);

  for (auto& [kind, n] : scan.redactions.by_kind) report.redactions[kind] += n;
  report.finalize();
  return report;
}

}  // namespace

// The scanner keeps a reference to its catalog: the filtered one lives as long as it does.
struct Analysis::State {
  State(const Catalog& c, AnalyzeOptions o)
      : catalog(c), options(std::move(o)), selection(catalog, options.only, options.skip) {
    if (!selection.all()) filtered = selection.scan_catalog();
  }
  const Catalog& catalog;
  AnalyzeOptions options;
  RuleSelection selection;
  Catalog filtered;
  std::unique_ptr<LogScanner> scanner;
  std::unique_ptr<ScanStream> stream;
};

Analysis::Analysis(std::unique_ptr<State> state) : state_(std::move(state)) {}
Analysis::~Analysis() = default;

Result<std::unique_ptr<Analysis>> Analysis::start(const Catalog& catalog, AnalyzeOptions options) {
  auto state = std::make_unique<State>(catalog, std::move(options));
  auto scanner =
      LogScanner::create(state->selection.all() ? catalog : state->filtered, state->options.scan);
  if (!scanner.ok()) return scanner.error();
  state->scanner = std::move(*scanner);
  state->stream = state->scanner->stream();
  return std::unique_ptr<Analysis>(new Analysis(std::move(state)));
}

void Analysis::add_log(const LogSource& log) { state_->stream->add(log); }

void Analysis::add_collectors(const std::vector<CollectorStatus>& collectors) {
  auto& into = state_->options.collectors;
  into.insert(into.end(), collectors.begin(), collectors.end());
}

Report Analysis::finish(const EvidenceStore& store, std::vector<InputFile> inputs) {
  State& s = *state_;
  ScanResult scan = s.stream->finish();
  return report_from(store, std::move(inputs), s.catalog, s.selection, s.options, std::move(scan));
}

Report Analysis::finish(EvidenceStore&& store) {
  std::vector<InputFile> inputs = std::move(store.inputs);
  store.inputs.clear();
  return finish(store, std::move(inputs));
}

namespace {

// An analysis handed every log of a store gathered before it started.
Result<std::unique_ptr<Analysis>> analysis_of(const EvidenceStore& store, const Catalog& catalog,
                                              const AnalyzeOptions& options) {
  auto analysis = Analysis::start(catalog, options);
  if (analysis.ok())
    for (const LogSource& log : store.logs) (*analysis)->add_log(log);
  return analysis;
}

}  // namespace

Result<Report> analyze(const EvidenceStore& store, const Catalog& catalog,
                       const AnalyzeOptions& options) {
  auto analysis = analysis_of(store, catalog, options);
  if (!analysis.ok()) return analysis.error();
  return (*analysis)->finish(store, store.inputs);
}

Result<Report> analyze(EvidenceStore&& store, const Catalog& catalog,
                       const AnalyzeOptions& options) {
  auto analysis = analysis_of(store, catalog, options);
  if (!analysis.ok()) return analysis.error();
  return (*analysis)->finish(std::move(store));
}

}  // namespace wid
