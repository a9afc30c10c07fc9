// The engine: runs the catalog's rules over the evidence store, turns hits into findings with
// their fixes, and runs the diagnosis pass that links symptoms to the causes that explain them.
// It reads only evidence: live and offline collection give the same findings.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/report.h"
#include "analyzer/model/result.h"
#include "rules/catalog.h"
#include "rules/log_scanner.h"

namespace wid {

struct AnalyzeOptions {
  std::vector<std::string> only;  // rule ids (or aliases) to keep; empty = all
  std::vector<std::string> skip;  // rule ids (or aliases) to drop
  std::string now;                // RFC 3339 from --now; empty = derive (manifest, logs, clock)
  std::string clock_now;          // the wall clock, injected by the caller (RFC 3339)
  // Copied into the report as they are, so the report is whole when finalized.
  std::string tool_version;
  ReportMode mode = ReportMode::kOffline;  // live for check
  std::vector<CollectorStatus> collectors;
  ScanOptions scan;
};

// An analysis whose log scan runs while the evidence is still being gathered: start it, hand it
// each log as the ingest files it (IngestOptions::on_log), then finish it with the whole store.
// The report is analyze()'s for the same store.
class Analysis {
 public:
  // Fails only when the log rules do not compile (a bug or an out-of-memory RE2::Set).
  static Result<std::unique_ptr<Analysis>> start(const Catalog& catalog, AnalyzeOptions options);
  ~Analysis();
  Analysis(const Analysis&) = delete;
  Analysis& operator=(const Analysis&) = delete;

  void add_log(const LogSource& log);
  // Collectors known only once the evidence is in (the bundle's own), after options.collectors.
  void add_collectors(const std::vector<CollectorStatus>& collectors);
  // store.logs must be the logs added, in any order. The report, finalized.
  Report finish(const EvidenceStore& store, std::vector<InputFile> inputs);
  // The same, moving the store's input list into the report.
  Report finish(EvidenceStore&& store);

 private:
  struct State;
  explicit Analysis(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// The report, finalized.
Result<Report> analyze(const EvidenceStore& store, const Catalog& catalog,
                       const AnalyzeOptions& options);
// The same, moving the store's input list into the report instead of copying it (for a tree of
// 20,000 small files the list is the largest part of the evidence); the store keeps the rest.
Result<Report> analyze(EvidenceStore&& store, const Catalog& catalog,
                       const AnalyzeOptions& options);

// The diagnosis pass on its own: fills caused_by / explains from the catalog's causes lists,
// then explained_by / fixed_by (link_explanations).
void link_causes(std::vector<Finding>& findings);

// A klog time ("MM-DDTHH:MM:SS") placed in the year of `reference` (RFC 3339), or the year
// before when it would otherwise fall after a reference in an earlier month (a log from December
// judged in January).
std::string klog_with_year(const std::string& mm_dd_time, const std::string& reference);

// A stable fingerprint: rule id, subject and key observed values; never paths or times.
std::string fingerprint(const std::string& rule_id, const std::string& subject,
                        const std::map<std::string, std::string>& observed);

}  // namespace wid
