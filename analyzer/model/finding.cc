// Names of severities and finding statuses as they appear in the JSON report, the catalog and
// on the command line (--fail-on). One table each, so writing and parsing cannot drift apart.
#include "analyzer/model/finding.h"

#include <array>
#include <utility>

namespace wid {
namespace {

constexpr std::array<std::pair<Severity, const char*>, 3> kSeverityNames = {{
    {Severity::kError, "error"},
    {Severity::kWarning, "warning"},
    {Severity::kInfo, "info"},
}};

constexpr std::array<std::pair<FindingStatus, const char*>, 3> kStatusNames = {{
    {FindingStatus::kPass, "pass"},
    {FindingStatus::kFail, "fail"},
    {FindingStatus::kUnknown, "unknown"},
}};

constexpr std::array<std::pair<FindingKind, const char*>, 3> kKindNames = {{
    {FindingKind::kLog, "log"},
    {FindingKind::kCheck, "check"},
    {FindingKind::kInput, "input"},
}};

constexpr std::array<std::pair<Difference, const char*>, 7> kDifferenceNames = {{
    {Difference::kNone, ""},
    {Difference::kCase, "case"},
    {Difference::kKubeadmDefault, "kubeadm_default"},
    {Difference::kOther, "other"},
    {Difference::kScheme, "scheme"},
    {Difference::kTrailingSlash, "trailing_slash"},
    {Difference::kWhitespace, "whitespace"},
}};

}  // namespace

const char* difference_name(Difference d) {
  for (const auto& [value, name] : kDifferenceNames)
    if (value == d) return name;
  return "other";  // unreachable for a valid enum value
}

std::optional<Difference> parse_difference(const std::string& s) {
  for (const auto& [value, name] : kDifferenceNames)
    if (s == name) return value;
  return std::nullopt;
}

const char* kind_name(FindingKind k) {
  for (const auto& [value, name] : kKindNames)
    if (value == k) return name;
  return "check";  // unreachable for a valid enum value
}

std::optional<FindingKind> parse_kind(const std::string& s) {
  for (const auto& [value, name] : kKindNames)
    if (s == name) return value;
  return std::nullopt;
}

const char* severity_name(Severity s) {
  for (const auto& [value, name] : kSeverityNames)
    if (value == s) return name;
  return "error";  // unreachable for a valid enum value; the loudest name is the safe one
}

const char* status_name(FindingStatus s) {
  for (const auto& [value, name] : kStatusNames)
    if (value == s) return name;
  return "unknown";  // never report an out-of-range value as a pass
}

// Exact, case-sensitive: the report and catalog formats are machine-written, and accepting
// "Error" here would let a hand-edited file round-trip to different bytes.
std::optional<Severity> parse_severity(const std::string& s) {
  for (const auto& [value, name] : kSeverityNames)
    if (s == name) return value;
  return std::nullopt;
}

std::optional<FindingStatus> parse_status(const std::string& s) {
  for (const auto& [value, name] : kStatusNames)
    if (s == name) return value;
  return std::nullopt;
}

}  // namespace wid

namespace wid {

bool is_chain_hop(const std::string& hop) {
  for (const char* h : kChainHops)
    if (hop == h) return true;
  return false;
}

}  // namespace wid
