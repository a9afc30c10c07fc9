// Names of the finding's closed value sets (severity, status, kind, difference, confidence) as
// they appear in the JSON report, the catalog and on the command line (--fail-on).
#include "analyzer/model/finding.h"

#include "analyzer/model/enum_names.h"

namespace wid {
namespace {

constexpr NameTable<Severity, 3> kSeverityNames = {{
    {Severity::kError, "error"},
    {Severity::kWarning, "warning"},
    {Severity::kInfo, "info"},
}};

constexpr NameTable<FindingStatus, 3> kStatusNames = {{
    {FindingStatus::kPass, "pass"},
    {FindingStatus::kFail, "fail"},
    {FindingStatus::kUnknown, "unknown"},
}};

constexpr NameTable<FindingKind, 3> kKindNames = {{
    {FindingKind::kLog, "log"},
    {FindingKind::kCheck, "check"},
    {FindingKind::kInput, "input"},
}};

constexpr NameTable<Difference, 7> kDifferenceNames = {{
    {Difference::kNone, ""},
    {Difference::kCase, "case"},
    {Difference::kKubeadmDefault, "kubeadm_default"},
    {Difference::kOther, "other"},
    {Difference::kScheme, "scheme"},
    {Difference::kTrailingSlash, "trailing_slash"},
    {Difference::kWhitespace, "whitespace"},
}};

constexpr NameTable<Confidence, 2> kConfidenceNames = {{
    {Confidence::kHigh, "high"},
    {Confidence::kMedium, "medium"},
}};

}  // namespace

const char* difference_name(Difference d) { return name_in(kDifferenceNames, d, "other"); }

std::optional<Difference> parse_difference(const std::string& s) {
  return value_in(kDifferenceNames, s);
}

const char* kind_name(FindingKind k) { return name_in(kKindNames, k, "check"); }

std::optional<FindingKind> parse_kind(const std::string& s) { return value_in(kKindNames, s); }

// An out-of-range value is named by the loudest severity, and never reported as a pass.
const char* severity_name(Severity s) { return name_in(kSeverityNames, s, "error"); }

const char* status_name(FindingStatus s) { return name_in(kStatusNames, s, "unknown"); }

// Exact, case-sensitive: the report and catalog formats are machine-written, and accepting
// "Error" here would let a hand-edited file round-trip to different bytes.
std::optional<Severity> parse_severity(const std::string& s) { return value_in(kSeverityNames, s); }

std::optional<FindingStatus> parse_status(const std::string& s) {
  return value_in(kStatusNames, s);
}

const char* confidence_name(Confidence c) { return name_in(kConfidenceNames, c, "medium"); }

std::optional<Confidence> parse_confidence(const std::string& s) {
  return value_in(kConfidenceNames, s);
}

bool is_chain_hop(const std::string& hop) {
  for (const char* h : kChainHops)
    if (hop == h) return true;
  return false;
}

}  // namespace wid
