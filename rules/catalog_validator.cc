// Catalog stage 2, validation (see catalog_validator.h).
#include "rules/catalog_validator.h"

#include <algorithm>
#include <map>
#include <set>

#include "rules/template.h"

namespace wid {
namespace {

const std::set<std::string> kComponents = {"capz-manager",   "aso",      "webhook",
                                           "kube-apiserver", "workload", "any"};

// Where a rule sits on the trust chain when its entry does not say: symptoms of the token
// exchange are Entra's answer, 403s are the role-assignment hop, CAPZ/ASO objects configure the
// identity in use.
std::string default_hop(const std::string& group) {
  static const std::map<std::string, std::string> by_group = {
      {"token-exchange", "entra"},
      {"issuer", "issuer"},
      {"webhook", "pod"},
      {"federated-credential", "federated-credential"},
      {"arm-authorization", "role-assignment"},
      {"capz", "identity"},
      {"aso", "identity"},
      {"clock", "token"},
      {"network", "entra"}};
  auto it = by_group.find(group);
  return it == by_group.end() ? "" : it->second;
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || !(id[0] >= 'A' && id[0] <= 'Z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

struct EntryCheck {
  CatalogEntry& entry;
  LoadErrors& errors;
  const std::string& file() const { return entry.rule.source.path; }
  std::string rid() const { return entry.rule.id; }
  // Const, so that looking a key up never adds it to the node.
  const YAML::Node& node() const { return entry.node; }
  void error(const char* key, const std::string& field, const std::string& message) {
    errors.add(file(), node()[key], rid(), field, message);
  }
};

void validate_ids(EntryCheck& c) {
  Rule& r = c.entry.rule;
  if (!r.id.empty() && !valid_id(r.id))
    c.error("id", "id", "must match [A-Z][A-Z0-9_]* (at most 64 characters)");
  for (auto& a : r.aliases)
    if (!valid_id(a)) c.error("aliases", "aliases", "alias '" + a + "' is not an id");
  for (auto& cause : r.causes)
    if (!valid_id(cause)) c.error("causes", "causes", "'" + cause + "' is not an id");
}

void validate_enums(EntryCheck& c) {
  Rule& r = c.entry.rule;
  if (!r.group.empty() && r.group != "custom" &&
      std::find(std::begin(kCatalogGroups), std::end(kCatalogGroups), r.group) ==
          std::end(kCatalogGroups))
    c.error("group", "group", "unknown group '" + r.group + "'");
  if (!c.entry.severity.empty()) {
    if (auto s = parse_severity(c.entry.severity))
      r.severity = *s;
    else
      c.error("severity", "severity", "must be error, warning or info");
  }
  if (!c.entry.kind.empty()) {
    if (auto k = parse_rule_kind(c.entry.kind))
      r.kind = *k;
    else
      c.error("kind", "kind", "must be log or check");
  }
  if (!r.hop.empty() && !is_chain_hop(r.hop)) c.error("hop", "hop", "unknown hop '" + r.hop + "'");
  if (r.hop.empty()) r.hop = default_hop(r.group);
  if (!c.entry.confidence.empty()) {
    if (auto conf = parse_confidence(c.entry.confidence))
      r.confidence = *conf;
    else
      c.error("confidence", "confidence", "must be high or medium");
  }
}

void validate_match(EntryCheck& c) {
  const Rule& r = c.entry.rule;
  YAML::Node m = c.node()["match"];
  if (!m.IsDefined() || m.IsNull()) return;
  if (m.IsMap()) {
    for (auto& comp : r.components)
      if (!kComponents.count(comp))
        c.error("match", "match.components", "unknown component '" + comp + "'");
    if (r.patterns.empty())
      c.errors.add(c.file(), m, c.rid(), "match.any", "needs at least one pattern");
  }
  if (c.entry.kind == "check") c.error("match", "match", "check rules have no match");
}

void validate_derive(EntryCheck& c) {
  YAML::Node d = c.node()["derive"];
  if (!d.IsDefined() || !d.IsSequence()) return;
  for (size_t k = 0; k < d.size(); ++k) {
    const YAML::Node& dn = d[k];
    if (!dn.IsMap()) continue;
    const std::string f = "derive[" + std::to_string(k) + "]";
    if (dn["proves"].IsDefined()) {
      const std::string p = dn["proves"].IsScalar() ? dn["proves"].Scalar() : "";
      if (p != "true" && p != "false")
        c.errors.add(c.file(), dn["proves"], c.rid(), f + ".proves", "must be true or false");
    }
    YAML::Node w = dn["when"];
    if (!w.IsDefined() || !w.IsMap()) {
      c.errors.add(c.file(), dn, c.rid(), f + ".when",
                   "is required: {capture, matches} or {greater, than}");
      continue;
    }
    const auto& when = c.entry.rule.derive[k].when;
    const bool match_form = !when.capture.empty() && !when.matches.empty();
    const bool cmp_form = !when.greater.empty() && !when.than.empty();
    if (match_form == cmp_form)
      c.errors.add(c.file(), w, c.rid(), f + ".when",
                   "needs exactly one of {capture, matches} or {greater, than}");
  }
}

void validate_unique_ids(const std::vector<CatalogEntry>& entries, LoadErrors& errors) {
  std::map<std::string, std::string> seen;  // id or alias -> where first defined
  for (auto& entry : entries) {
    std::vector<std::string> keys{entry.rule.id};
    keys.insert(keys.end(), entry.rule.aliases.begin(), entry.rule.aliases.end());
    for (const std::string& key : keys) {
      if (key.empty()) continue;
      auto [it, fresh] = seen.emplace(key, entry.rule.source.to_string());
      if (!fresh)
        errors.add(entry.rule.source.path, entry.node["id"], entry.rule.id, "id",
                   "'" + key + "' is already defined at " + it->second);
    }
  }
}

// A log rule without patterns must be derived by some rule, and every proven cause must exist.
void validate_derived_ids(const std::vector<CatalogEntry>& entries, LoadErrors& errors) {
  std::set<std::string> ids, derived;
  for (auto& e : entries) {
    ids.insert(e.rule.id);
    ids.insert(e.rule.aliases.begin(), e.rule.aliases.end());
  }
  for (auto& e : entries)
    for (auto& d : e.rule.derive) {
      derived.insert(d.id);
      // A proven cause is emitted as a finding, so it needs an entry; a candidate is only named
      // (its proof belongs to a cross-source check that may not exist yet).
      if (d.proves && !ids.count(d.id))
        errors.add_entry(e.rule, "derive", "'" + d.id + "' has no catalog entry");
    }
  for (auto& e : entries)
    if (e.rule.kind == RuleKind::kLog && e.rule.patterns.empty() && !derived.count(e.rule.id))
      errors.add_entry(e.rule, "match",
                       "a log rule needs match.any unless another rule derives it");
}

}  // namespace

void validate_entries(std::vector<CatalogEntry>& entries, LoadErrors& errors) {
  for (auto& entry : entries) {
    EntryCheck c{entry, errors};
    validate_ids(c);
    validate_enums(c);
    validate_match(c);
    validate_derive(c);
  }
}

void validate_catalog(const std::vector<CatalogEntry>& entries, const std::vector<CheckDef>& checks,
                      LoadErrors& errors) {
  validate_unique_ids(entries, errors);
  if (!errors.empty()) return;
  validate_derived_ids(entries, errors);
  validate_check_declarations(entries, checks, errors);
  validate_user_entries(entries, errors);
}

}  // namespace wid
