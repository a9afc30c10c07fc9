// The check pass: runs every check of rules/checks over the evidence and turns its results into
// findings worded by the catalog, and the checks' coverage (ran / not run and what they need).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/report.h"
#include "rules/catalog.h"

namespace wid {

struct CheckPassOutput {
  std::vector<Finding> findings;
  std::vector<CoverageItem> coverage;
};

// symptoms: the log findings so far. selected: whether a rule id was asked for (--only/--skip).
// A check runs when the catalog holds at least one of its rule ids.
CheckPassOutput run_checks(const EvidenceStore& store, const Catalog& catalog,
                           const std::vector<Finding>& symptoms, const std::string& now,
                           const std::function<bool(const std::string&)>& selected);

// Adds check findings to the log findings: a check finding for a (rule, subject, status) already
// present adds its evidence there (the fix with fewer placeholders wins) instead of a second
// finding, and a pass is dropped where the same rule and subject are failing or unknown.
void merge_findings(std::vector<Finding>& into, std::vector<Finding>&& from);

}  // namespace wid
