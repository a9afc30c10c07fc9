// The one Report model every renderer reads. Its JSON form is `wi-doctor.report/v1`
// (docs/report-schema.md); arrays are sorted so the same evidence gives the same bytes.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/finding.h"
#include "analyzer/model/result.h"

namespace wid {

inline constexpr const char* kReportSchemaVersion = "wi-doctor.report/v1";

// The closed value sets of a report, each declared in the order of its names (so sorting by value
// sorts as the names do), each with one name table (report.cc); CollectorState is with
// CollectorStatus in evidence.h.
enum class CoverageState { kNotRun, kRan };
// fail when a failing finding sits on the hop, else unknown when one could not be decided, else
// pass when a check passed it, else not_checked (no rule had the evidence to look at it).
enum class HopStatus { kFail, kNotChecked, kPass, kUnknown };
enum class ReportMode { kLive, kOffline };
// Where the time the evidence is judged at came from.
enum class NowSource { kClock, kFlag, kManifest, kNewestLog };

const char* coverage_state_name(CoverageState s);  // not_run | ran
const char* hop_status_name(HopStatus s);          // fail | not_checked | pass | unknown
const char* report_mode_name(ReportMode m);        // live | offline
const char* now_source_name(NowSource s);          // clock | flag | manifest | newest-log
std::optional<CoverageState> parse_coverage_state(const std::string& s);
std::optional<HopStatus> parse_hop_status(const std::string& s);
std::optional<ReportMode> parse_report_mode(const std::string& s);
std::optional<NowSource> parse_now_source(const std::string& s);

struct CoverageItem {
  std::string rule_id;
  CoverageState status = CoverageState::kRan;
  std::string needs;
};

// One link of the trust chain as this report saw it.
struct ChainHop {
  std::string hop;
  HopStatus status = HopStatus::kNotChecked;
  std::vector<std::string> rules;   // rule ids of the failing and unknown findings on this hop
  std::vector<std::string> passed;  // rule ids checked and passed on this hop (and not open)
};

struct Summary {
  int error = 0, warning = 0, info = 0;  // failing findings by severity
  int fail = 0, unknown = 0, pass = 0;
  int total = 0;
};

struct Report {
  std::string schema_version = kReportSchemaVersion;
  std::string tool_version;
  ReportMode mode = ReportMode::kOffline;
  std::string now;                       // RFC 3339: the time the evidence is judged at
  std::optional<NowSource> now_source;   // unset in a hand-made report
  std::optional<NowSource> year_source;  // where klog's missing year came from
  std::vector<InputFile> inputs;
  std::vector<CollectorStatus> collectors;
  std::vector<CoverageItem> coverage;
  int rules_loaded = 0;
  std::vector<Finding> findings;
  std::vector<ChainHop> chain;  // every hop in kChainHops order; derived from findings
  // Where to start fixing: the earliest hop holding a failing finding that nothing in the report
  // explains, a proven cause outranking a log symptom; empty when nothing failed.
  std::string first_broken;
  Summary summary;
  std::map<std::string, int> redactions;  // redaction kind -> count

  // Sorts every array and recomputes the summary and the chain. Called once, where a report is
  // made (the engine, report_from_json); renderers refuse a report that has not been through it.
  void finalize();
  bool finalized() const { return finalized_; }

 private:
  bool finalized_ = false;  // not part of the JSON form: a report read back is finalized on read
};

nlohmann::json report_to_json(const Report& r);
// The same without the `inputs` entries (the key holds an empty array), and one entry: a writer
// streams the list, which for a tree of 20,000 small files is most of the report.
nlohmann::json report_to_json_without_inputs(const Report& r);
nlohmann::json input_to_json(const InputFile& i);
Result<Report> report_from_json(const nlohmann::json& j);
// The JSON text every writer uses: invalid UTF-8 can never reach here, but dump() is told to
// replace rather than throw all the same.
std::string dump_json(const nlohmann::json& j, int indent = 2);

}  // namespace wid
