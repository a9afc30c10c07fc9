// The rule catalog as data: every rule's words (id, title, severity, explain, fix, docs) and, for
// log rules, the patterns that prove it. Loaded in stages from the YAML files embedded at build
// time plus any --rules DIR: catalog_reader (YAML -> entries with positions), catalog_validator
// (fields, ids, the checks' declarations), catalog_compiler (RE2, the id index). Every load error
// names file, line, column, rule and field.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/finding.h"
#include "analyzer/model/result.h"
#include "analyzer/model/source_ref.h"
#include "rules/template.h"

namespace wid {

// A condition over one record's captures. Exactly one form is set.
struct CaptureCondition {
  std::string capture;  // with `matches`: the capture the regex runs on
  std::string matches;  // RE2, unanchored
  std::string greater;  // with `than`: capture `greater` sorts after capture `than`
  std::string than;     // (RFC 3339 timestamps of one format compare as strings)
  bool operator==(const CaptureCondition&) const = default;
};

// What a log rule's own text says about a cause: `proves` emits the cause as its own finding;
// otherwise the cause is named as a candidate on the symptom finding.
struct Derivation {
  std::string id;
  bool proves = false;
  CaptureCondition when;
  bool operator==(const Derivation&) const = default;
};

// How a rule is proven: by patterns over log lines, or by a C++ check (rules/checks/).
enum class RuleKind { kLog, kCheck };
const char* rule_kind_name(RuleKind k);  // "log" | "check", as written in the catalog
std::optional<RuleKind> parse_rule_kind(std::string_view s);

// Where a log rule's match counts (match.context; docs/error-context.md): `error` (the default)
// only when the record is an error context, not prose, a count or an info line about it; `any`
// for patterns that are a component's own statement whatever the level (an info line the
// component writes on purpose).
enum class MatchContext { kError, kAny };
const char* match_context_name(MatchContext c);  // "error" | "any"
std::optional<MatchContext> parse_match_context(std::string_view s);

// The built-in catalog's groups: the trust chain's first, then what sits beside it
// (docs/failures.md keeps this order). A user's rules may also say `custom`.
inline constexpr const char* kCatalogGroups[] = {
    "token-exchange",    "issuer",     "webhook", "federated-credential",
    "arm-authorization", "capz",       "aso",     "clock",
    "network",           "kubernetes", "input"};

struct Rule {
  std::string id;
  std::vector<std::string> aliases;
  std::string group;  // one of kCatalogGroups, or custom
  std::string title;
  Severity severity = Severity::kError;
  RuleKind kind = RuleKind::kLog;
  std::string hop;  // trust-chain link (kChainHops); defaults from the group
  Confidence confidence = Confidence::kHigh;
  std::vector<std::string> patterns;    // match.any
  std::vector<std::string> components;  // match.components; empty = any
  // match.unless: a record that also matches one of these says the refusal has another reason
  // (Key Vault's 403 for a disabled secret), so the rule does not count it.
  std::vector<std::string> unless;
  MatchContext context = MatchContext::kError;  // match.context
  std::string subject;                          // template over captures that groups findings
  std::vector<Derivation> derive;
  std::string explain;
  std::string detail;  // template over captures
  std::vector<std::string> causes;
  // A wrapper rule's text carries another rule's error inside it (CAPZ's "failed to get
  // user-assigned identity ClientID: ... AADSTS70021 ..."). Declared as rule ids, `group:NAME`
  // or an id prefix ending in `*`; `wrapped` is what they name, resolved when the catalog loads.
  std::vector<std::string> wraps;
  std::vector<std::string> wrapped;
  std::vector<std::string> needs;
  std::string fix_summary;
  std::vector<std::string> fix_commands;  // templates over captures
  std::vector<std::string> docs;
  std::vector<std::string> examples;         // real text that must fire the rule
  std::vector<std::string> counterexamples;  // near misses that must not
  SourceRef source;                          // catalog file and line of the entry
  bool builtin = true;
  // A field added here goes into rules/catalog_blob.cc's visit_rule too (the build checks).
  bool operator==(const Rule&) const = default;
};

class Catalog {
 public:
  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* find(const std::string& id_or_alias) const;
  std::vector<const Rule*> log_rules() const;

  void add(Rule r);
  // Rebuilds the id/alias index; the loader's compile stage calls it once.
  void index();

 private:
  std::vector<Rule> rules_;
  std::map<std::string, size_t> by_id_;
};

// One catalog file's text and the name errors should show for it.
struct CatalogSource {
  std::string name;  // e.g. rules/catalog/token_exchange.yaml or the user's path
  std::string text;
  bool builtin = true;
};

// The YAML files compiled into the binary (rules/catalog/*.yaml), in file-name order.
const std::vector<CatalogSource>& builtin_catalog_sources();

// The same catalog as load_catalog(builtin_catalog_sources()), loaded at build time and read
// back from the binary (rules/catalog_blob.h). Defined by the generated file of the
// wid_builtin_rules library, which wid_rules itself does not link.
Result<Catalog> builtin_catalog();

// Reads every *.yaml / *.yml file in dir (sorted), as user rules.
Result<std::vector<CatalogSource>> read_catalog_dir(const std::string& dir);

// read -> validate -> compile. Fails on the first file with errors, listing all of its errors
// (one per line: "file:line:col: rule ID: field F: message").
Result<Catalog> load_catalog(const std::vector<CatalogSource>& sources);

}  // namespace wid
