// The catalog and its loader: the stages (catalog_reader -> catalog_validator ->
// catalog_compiler) run here in order, each collecting every error it finds before the load
// fails (the Falco rule-loader model).
#include "rules/catalog.h"

#include "rules/catalog_compiler.h"
#include "rules/catalog_reader.h"
#include "rules/catalog_validator.h"
#include "rules/checks/check.h"

namespace wid {

namespace {

struct RuleKindName {
  RuleKind kind;
  const char* name;
};
constexpr RuleKindName kRuleKindNames[] = {{RuleKind::kLog, "log"}, {RuleKind::kCheck, "check"}};

}  // namespace

const char* rule_kind_name(RuleKind k) {
  for (const auto& n : kRuleKindNames)
    if (n.kind == k) return n.name;
  return "?";
}

std::optional<RuleKind> parse_rule_kind(std::string_view s) {
  for (const auto& n : kRuleKindNames)
    if (s == n.name) return n.kind;
  return std::nullopt;
}

const char* match_context_name(MatchContext c) { return c == MatchContext::kAny ? "any" : "error"; }

std::optional<MatchContext> parse_match_context(std::string_view s) {
  if (s == "error") return MatchContext::kError;
  if (s == "any") return MatchContext::kAny;
  return std::nullopt;
}

const Rule* Catalog::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

std::vector<const Rule*> Catalog::log_rules() const {
  std::vector<const Rule*> out;
  for (auto& r : rules_)
    if (r.kind == RuleKind::kLog && !r.patterns.empty()) out.push_back(&r);
  return out;
}

void Catalog::add(Rule r) { rules_.push_back(std::move(r)); }

void Catalog::index() {
  by_id_.clear();
  for (size_t i = 0; i < rules_.size(); ++i) {
    by_id_.emplace(rules_[i].id, i);
    for (auto& a : rules_[i].aliases) by_id_.emplace(a, i);
  }
}

Result<Catalog> load_catalog(const std::vector<CatalogSource>& sources) {
  LoadErrors errors;
  std::vector<CatalogEntry> entries;
  for (auto& src : sources) {
    auto file_entries = read_catalog_file(src, errors);
    validate_entries(file_entries, errors);
    compile_entries(file_entries, errors);
    for (auto& e : file_entries) entries.push_back(std::move(e));
  }
  if (errors.empty()) validate_catalog(entries, check_table(), errors);
  if (errors.empty()) resolve_wraps(entries, errors);
  if (!errors.empty()) return make_error(ErrorCode::kInvalidArgument, errors.joined());
  return index_catalog(std::move(entries));
}

}  // namespace wid
