// Check rules: C++ functions over the evidence store that compare values from different sources.
// A check proves *why* a symptom happened; its words (title, explain, detail, fix) live in its
// catalog entry (`kind: check`), filled from the values it observed. One check per file in
// rules/checks/, which ends with the check's CheckDef; rules/checks/checks.h declares them all and
// rules/checks/registry.cc lists them once, in priority order.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/finding.h"

namespace wid {

struct CheckDef;

// What a check may read: the evidence, the log findings already made (the symptoms, with their
// captures: Entra's "Assertion Issuer", a 403's object id and scope), and the time the evidence is
// judged at.
struct CheckContext {
  const EvidenceStore& store;
  const std::vector<Finding>& symptoms;  // log findings (status fail), before any check ran
  std::string now;                       // RFC 3339
  // The check running, whose declared reads captured() enforces; null when a test calls a check
  // function directly (then any read some check declares is allowed).
  const CheckDef* check = nullptr;
};

// What a check says about one subject for one catalog entry.
struct CheckResult {
  std::string rule_id;
  FindingStatus status = FindingStatus::kFail;
  std::string subject;  // kind/namespace/name, an Azure resource ID, an issuer URL, a subject
  // Fills {name} in the entry's detail and fix commands; names no evidence supplied stay visible
  // as <NAME> and are listed in the finding's `missing`, never invented.
  std::map<std::string, std::string> values;
  // Values that identify the finding beyond rule and subject (for the fingerprint); defaults to
  // `values` when empty.
  std::map<std::string, std::string> key_values;
  std::vector<EvidenceItem> evidence;  // observed vs expected; `difference` on a mismatch
  std::vector<std::string> needs;      // unknown: the exact commands that produce the evidence
  std::string detail;                  // overrides the entry's detail template (pass, unknown)
};

// One run of a check: its results, or, when it lacked the evidence to look at anything, what it
// needs (the coverage list says so; it is not a finding unless a symptom points at it).
struct CheckRun {
  std::vector<CheckResult> results;
  std::vector<std::string> needs;

  CheckResult& add(std::string rule_id, FindingStatus status, std::string subject) {
    results.push_back(
        CheckResult{std::move(rule_id), status, std::move(subject), {}, {}, {}, {}, {}});
    return results.back();
  }
};

using CheckFn = void (*)(const CheckContext&, CheckRun&);

// A log capture a check reads: capture `capture` of rule `rule_id`'s findings. kAnyRule reads it
// from whichever rule captured it (user rules included).
struct CaptureRead {
  std::string_view rule_id;
  std::string_view capture;
};
inline constexpr std::string_view kAnyRule = "*";

// Everything the rest of the program knows about a check. Loading the catalog validates `reads`
// against the log rules' named captures and `fills` against the {placeholders} of the `kind:
// check` entries in `rule_ids`; at run time captured() refuses an undeclared read and the engine
// an undeclared value.
struct CheckDef {
  std::string_view name;                   // the file name: what the check proves
  std::vector<std::string_view> rule_ids;  // catalog entries it may report
  std::vector<CaptureRead> reads;          // log captures it reads
  std::vector<std::string_view> fills;     // CheckResult::values keys it may set
  CheckFn run;

  bool declares_read(std::string_view rule_id, std::string_view capture) const;
  bool declares_fill(std::string_view key) const;
};

// A check broke its own declaration: a programmer error (a test trips on it), never input.
class CheckContractError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Every check, in priority order (the order decides the order of findings in the report).
const std::vector<CheckDef>& check_table();
// The table entry whose function is `fn`; null when none is.
const CheckDef* find_check(CheckFn fn);

// Throws CheckContractError when `result` fills a value `def` does not declare.
void enforce_declared_fills(const CheckDef& def, const CheckResult& result);

}  // namespace wid
