// Catalog stage 2, the checks' half: a check's declared reads and fills against the entries it
// reads and reports (see validate_check_declarations in catalog_validator.h). Ties the strings
// a check and its catalog entries share, so a rename on one side fails the load, not the fix.
#include <algorithm>
#include <map>

#include "rules/catalog_validator.h"
#include "rules/template.h"

namespace wid {
namespace {

std::string check_file(const CheckDef& c) { return "rules/checks/" + std::string(c.name) + ".cc"; }

// The node of fix command i, whichever form `fix` takes (a mapping with commands, a list, one
// string).
YAML::Node command_node(const YAML::Node& entry, size_t i) {
  YAML::Node fx = entry["fix"];
  YAML::Node list = fx.IsMap() ? fx["commands"] : fx;
  return list.IsSequence() && i < list.size() ? list[i] : list;
}

void validate_reads(const CheckDef& check, const std::map<std::string, const CatalogEntry*>& by_id,
                    LoadErrors& errors) {
  for (const CaptureRead& read : check.reads) {
    const std::string capture(read.capture);
    if (read.rule_id == kAnyRule) {
      bool defined = false;
      for (auto& [id, e] : by_id) defined = defined || e->captures.count(capture);
      if (!defined)
        errors.add_at(check_file(check), 0, 0,
                      "check " + std::string(check.name) + " reads capture '" + capture +
                          "' of any rule, but no built-in rule's patterns define it");
      continue;
    }
    auto it = by_id.find(std::string(read.rule_id));
    if (it == by_id.end()) continue;  // not loaded: the check reads nothing from it
    const CatalogEntry& e = *it->second;
    if (!e.captures.count(capture))
      errors.add(e.rule.source.path, e.node["match"]["any"], e.rule.id, "match.any",
                 "check " + std::string(check.name) + " reads capture '" + capture +
                     "', which no pattern of this rule defines");
  }
}

void validate_template(const CheckDef& check, const CatalogEntry& e, const YAML::Node& at,
                       const std::string& field, const std::string& tmpl, LoadErrors& errors) {
  for (const std::string& name : template_placeholders(tmpl))
    if (!check.declares_fill(name))
      errors.add(e.rule.source.path, at, e.rule.id, field,
                 "placeholder {" + name + "} is not a value check " + std::string(check.name) +
                     " fills (its CheckDef in " + check_file(check) + " declares the values)");
}

void validate_fills(const CheckDef& check, const CatalogEntry& e, LoadErrors& errors) {
  const Rule& r = e.rule;
  validate_template(check, e, e.node["detail"], "detail", r.detail, errors);
  validate_template(check, e, e.node["fix"]["summary"], "fix.summary", r.fix_summary, errors);
  for (size_t i = 0; i < r.fix_commands.size(); ++i)
    validate_template(check, e, command_node(e.node, i), "fix.commands[" + std::to_string(i) + "]",
                      r.fix_commands[i], errors);
}

}  // namespace

void validate_check_declarations(const std::vector<CatalogEntry>& entries,
                                 const std::vector<CheckDef>& checks, LoadErrors& errors) {
  // Only the built-in catalog is held to the built-in checks: user rules may reuse no id of it.
  std::map<std::string, const CatalogEntry*> by_id;
  for (auto& e : entries)
    if (e.rule.builtin) by_id.emplace(e.rule.id, &e);
  if (by_id.empty()) return;
  for (const CheckDef& check : checks) {
    // A check none of whose entries is loaded does not run (run_checks), so reads nothing.
    const bool runs =
        std::any_of(check.rule_ids.begin(), check.rule_ids.end(),
                    [&](std::string_view id) { return by_id.count(std::string(id)); });
    if (!runs) continue;
    validate_reads(check, by_id, errors);
    for (std::string_view id : check.rule_ids) {
      auto it = by_id.find(std::string(id));
      if (it != by_id.end() && it->second->rule.kind == RuleKind::kCheck)
        validate_fills(check, *it->second, errors);
    }
  }
}

}  // namespace wid
