#include "analyzer/engine/run_checks.h"

#include <algorithm>

#include "analyzer/engine/engine.h"
#include "rules/checks/check.h"

namespace wid {
namespace {

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

Finding finding_from_result(const Rule& rule, CheckResult&& r) {
  Finding f;
  f.rule_id = rule.id;
  f.title = rule.title;
  f.group = rule.group;
  f.severity = rule.severity;
  f.status = r.status;
  f.confidence = rule.confidence;
  f.kind = FindingKind::kCheck;
  f.hop = rule.hop;
  f.subject = std::move(r.subject);
  std::vector<std::string> ignored;
  if (!r.detail.empty()) {
    f.detail = std::move(r.detail);
  } else if (r.status == FindingStatus::kFail) {
    f.detail =
        render_template(rule.detail.empty() ? rule.explain : rule.detail, r.values, &ignored);
  } else if (r.status == FindingStatus::kPass) {
    f.detail = "Checked: the values agree.";
  } else {
    f.detail = "Could not be decided: the evidence to compare is missing.";
  }
  f.evidence = std::move(r.evidence);
  f.causes = rule.causes;
  if (r.status == FindingStatus::kFail) {
    f.fix.summary = render_template(rule.fix_summary, r.values, &ignored);
    for (auto& cmd : rule.fix_commands)
      f.fix.commands.push_back(render_command(cmd, r.values, &f.missing));
    f.fix.docs = rule.docs;
  }
  if (r.status == FindingStatus::kUnknown) f.needs = r.needs.empty() ? rule.needs : r.needs;
  f.fingerprint = fingerprint(f.rule_id, f.subject, r.key_values.empty() ? r.values : r.key_values);
  return f;
}

}  // namespace

CheckPassOutput run_checks(const EvidenceStore& store, const Catalog& catalog,
                           const std::vector<Finding>& symptoms, const std::string& now,
                           const std::function<bool(const std::string&)>& selected) {
  CheckPassOutput out;
  CheckContext ctx{store, symptoms, now};
  for (const CheckDef& def : check_table()) {
    // A check none of whose rules is in the catalog and selected (--only/--skip) is not run at
    // all: every result and coverage line it gave would be dropped below.
    bool wanted = std::any_of(def.rule_ids.begin(), def.rule_ids.end(), [&](std::string_view id) {
      const Rule* rule = catalog.find(std::string(id));
      return rule && selected(rule->id);
    });
    if (!wanted) continue;
    CheckRun run;
    ctx.check = &def;  // captured() holds the check to the reads it declared
    def.run(ctx, run);
    for (auto& r : run.results) {
      enforce_declared_fills(def, r);  // a value the catalog cannot know of would be lost
      const Rule* rule = catalog.find(r.rule_id);
      // A check reporting an id it did not declare, or one the catalog lacks, is a programming
      // error the check tests catch; here it is skipped rather than shown without words.
      if (!rule || !selected(rule->id)) continue;
      out.findings.push_back(finding_from_result(*rule, std::move(r)));
    }
    for (std::string_view id : def.rule_ids) {
      const Rule* rule = catalog.find(std::string(id));
      if (!rule || !selected(rule->id)) continue;
      bool reported = std::any_of(out.findings.begin(), out.findings.end(),
                                  [&](const Finding& f) { return f.rule_id == rule->id; });
      if (!reported && !run.needs.empty())
        out.coverage.push_back(
            CoverageItem{rule->id, CoverageState::kNotRun, join(run.needs, " ; ")});
      else
        out.coverage.push_back(CoverageItem{rule->id, CoverageState::kRan, ""});
    }
  }
  // One coverage line per rule: a rule several checks report ran if any of them ran it; when none
  // did, the first check in the table's order says what it needs (a stable sort, so adding an
  // unrelated check does not change which).
  std::stable_sort(
      out.coverage.begin(), out.coverage.end(), [](const CoverageItem& a, const CoverageItem& b) {
        // kRan first: it wins below.
        const bool ra = a.status == CoverageState::kRan, rb = b.status == CoverageState::kRan;
        return std::tie(a.rule_id, rb) < std::tie(b.rule_id, ra);
      });
  out.coverage.erase(std::unique(out.coverage.begin(), out.coverage.end(),
                                 [](const CoverageItem& a, const CoverageItem& b) {
                                   return a.rule_id == b.rule_id;
                                 }),
                     out.coverage.end());
  return out;
}

void merge_findings(std::vector<Finding>& into, std::vector<Finding>&& from) {
  for (Finding& f : from) {
    auto it = std::find_if(into.begin(), into.end(), [&](const Finding& g) {
      return g.rule_id == f.rule_id && g.subject == f.subject && g.status == f.status;
    });
    if (it == into.end()) {
      into.push_back(std::move(f));
      continue;
    }
    it->evidence.insert(it->evidence.end(), f.evidence.begin(), f.evidence.end());
    // The fix that leaves fewer values to fill in wins: a check usually knows more than the
    // log text did.
    if (it->fix.commands.empty() ||
        (!f.fix.commands.empty() && f.missing.size() < it->missing.size())) {
      it->fix = std::move(f.fix);
      it->missing = std::move(f.missing);
    }
  }
  // One check may pass what another fails for the same rule and subject (C1 passes a
  // credential's issuer, C4 fails its audience under FIC_FIELD_WHITESPACE_OR_CASE): the open
  // finding stands, the pass would contradict it.
  auto open_exists = [&](const Finding& p) {
    return std::any_of(into.begin(), into.end(), [&](const Finding& g) {
      return g.status != FindingStatus::kPass && g.rule_id == p.rule_id && g.subject == p.subject;
    });
  };
  into.erase(std::remove_if(into.begin(), into.end(),
                            [&](const Finding& f) {
                              return f.status == FindingStatus::kPass && open_exists(f);
                            }),
             into.end());
}

}  // namespace wid
