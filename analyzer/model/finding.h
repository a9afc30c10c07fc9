// A finding: what a rule proved (or could not prove) about one subject, with the evidence it saw
// and the exact fix. Findings hold observed values; words come from the rule's catalog entry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/source_ref.h"

namespace wid {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };
// Named FindingStatus, not Status: `Status` is Result<Ok> (result.h), and both live in wid::.
enum class FindingStatus { kPass, kFail, kUnknown };

// Which part of the analyzer made a finding. Declared in the order of its names so sorting by
// either agrees.
enum class FindingKind { kCheck, kInput, kLog };

// How surely a rule's evidence proves its finding (catalog `confidence`). Declared in the order
// of its names.
enum class Confidence { kHigh, kMedium };

const char* severity_name(Severity s);
const char* status_name(FindingStatus s);
std::optional<Severity> parse_severity(const std::string& s);
std::optional<FindingStatus> parse_status(const std::string& s);
const char* kind_name(FindingKind k);
std::optional<FindingKind> parse_kind(const std::string& s);
const char* confidence_name(Confidence c);
std::optional<Confidence> parse_confidence(const std::string& s);

struct Sample {
  SourceRef source;
  std::string text;  // redacted, valid UTF-8, cut at limits::kMaxSampleBytes
};

// When two values that should be equal are not, how they differ: the first kind that explains
// the whole difference. Declared in the alphabetical order of the names, so sorting by value
// sorts as the names do (kNone, "", first).
enum class Difference {
  kNone,
  kCase,
  kKubeadmDefault,
  kOther,
  kScheme,
  kTrailingSlash,
  kWhitespace
};
// "" | case | kubeadm_default | other | scheme | trailing_slash | whitespace
const char* difference_name(Difference d);
std::optional<Difference> parse_difference(const std::string& s);

struct EvidenceItem {
  std::string source;   // file path or URL
  std::string locator;  // line or JSON pointer
  std::string observed;
  std::string expected;
  Difference difference = Difference::kNone;  // kNone when equal or not compared
};

// The links of the workload-identity trust chain, in the order a token travels them. Every rule
// belongs to one hop (catalog `hop`, defaulted from its group); the report leads with the first
// hop that is broken.
inline constexpr const char* kChainHops[] = {"pod",
                                             "service-account",
                                             "annotation",
                                             "identity",
                                             "federated-credential",
                                             "issuer",
                                             "discovery",
                                             "jwks",
                                             "token",
                                             "entra",
                                             "role-assignment"};
bool is_chain_hop(const std::string& hop);

struct Fix {
  std::string summary;
  std::vector<std::string>
      commands;  // observed values filled in; unknown values stay <PLACEHOLDER>
  std::vector<std::string> docs;
};

struct Finding {
  std::string
      fingerprint;  // hash of rule id, subject and key observed values; never paths or times
  std::string rule_id;
  std::string title;
  std::string group;
  Severity severity = Severity::kError;
  FindingStatus status = FindingStatus::kFail;
  std::optional<Confidence> confidence;  // unset in a hand-made report; the engine always sets it
  // Absent only in a report read from JSON that had none; every finding the engine makes has one.
  std::optional<FindingKind> kind;
  std::string subject;  // kind/namespace/name, an Azure resource ID, or component/<name> for logs
  std::string hop;      // the trust-chain link it is about (kChainHops); empty for inputs
  std::string detail;   // one paragraph with captures filled in
  // Log findings: how many records matched, where first and last.
  uint64_t count = 0;
  std::optional<SourceRef> first;
  std::optional<SourceRef> last;
  std::string first_seen, last_seen;  // RFC 3339 times of the first and last record, when known
  std::vector<Sample> samples;
  std::map<std::string, std::vector<std::string>>
      captures;  // name -> distinct values, in order seen
  std::vector<EvidenceItem> evidence;
  std::vector<std::string> causes;     // rule ids this symptom may be caused by (catalog)
  std::vector<std::string> caused_by;  // rule ids proven present in this report that explain it
  std::vector<std::string> candidate_causes;  // hinted by the text, not proven
  std::vector<std::string> explains;          // for a cause: the symptom findings it explains
  // Rule ids of findings in this report that explain this one: the more specific findings on the
  // same records (this rule's catalog `wraps` them) and its proven causes (`caused_by`). A
  // finding that nothing explains can be the first broken link.
  std::vector<std::string> explained_by;
  // The findings nothing explains that `explained_by` leads to: fixing them fixes this one, so
  // the renderers show "fixed by fixing ..." instead of this finding's own fix.
  std::vector<std::string> fixed_by;
  // Log findings of a rule with aliases: which of its codes (id or aliases) the records carried,
  // so a search of the report for the code the log showed finds it.
  std::vector<std::string> codes;
  std::vector<std::string> needs;  // commands that would produce the missing evidence
  Fix fix;
  std::vector<std::string> missing;  // placeholders no evidence could fill
};

}  // namespace wid
