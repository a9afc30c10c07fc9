// Check rules: C++ functions over the evidence store that compare values from different sources
// (failure catalog section 3, C1-C17). A check proves *why* a symptom happened; its words (title,
// explain, detail, fix) live in its catalog entry (`kind: check`), filled from the values it
// observed. One check per file in rules/checks/, registered in the one table of registry.cc.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/finding.h"

namespace wid {

// What a check may read: the evidence, the log findings already made (the symptoms, with their
// captures: Entra's "Assertion Issuer", a 403's object id and scope), and the time the evidence is
// judged at.
struct CheckContext {
  const EvidenceStore& store;
  const std::vector<Finding>& symptoms;  // log findings (status fail), before any check ran
  std::string now;                       // RFC 3339
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
    results.push_back(CheckResult{std::move(rule_id), status, std::move(subject), {}, {}, {}, {}, {}});
    return results.back();
  }
};

using CheckFn = void (*)(const CheckContext&, CheckRun&);

struct CheckDef {
  std::string_view name;    // the file name: what the check proves
  std::string_view matrix;  // failure catalog section 3 row(s), e.g. "C1"
  std::vector<std::string_view> rule_ids;  // catalog entries it may report
  CheckFn run;
};

// Every check, in the matrix's priority order. The groups live in their own files
// (registry_*.cc) so checks of different groups are added without touching one another.
const std::vector<CheckDef>& check_table();

std::vector<CheckDef> issuer_checks();
std::vector<CheckDef> federated_credential_checks();
std::vector<CheckDef> arm_checks();
std::vector<CheckDef> capz_checks();
std::vector<CheckDef> webhook_checks();

}  // namespace wid
