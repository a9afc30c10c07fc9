// The rule catalog as data: every rule's words (id, title, severity, explain, fix, docs) and, for
// log rules, the patterns that prove it. Loaded in stages (read -> validate -> compile) from the
// YAML files embedded at build time plus any --rules DIR; every load error names file, line,
// column, rule and field.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/finding.h"
#include "analyzer/model/result.h"
#include "analyzer/model/source_ref.h"

namespace wid {

// A condition over one record's captures. Exactly one form is set.
struct CaptureCondition {
  std::string capture;  // with `matches`: the capture the regex runs on
  std::string matches;  // RE2, unanchored
  std::string greater;  // with `than`: capture `greater` sorts after capture `than`
  std::string than;     // (RFC 3339 timestamps of one format compare as strings)
};

// What a log rule's own text says about a cause: `proves` emits the cause as its own finding;
// otherwise the cause is named as a candidate on the symptom finding.
struct Derivation {
  std::string id;
  bool proves = false;
  CaptureCondition when;
};

struct Rule {
  std::string id;
  std::vector<std::string> aliases;
  std::string group;  // token-exchange | issuer | webhook | federated-credential |
                      // arm-authorization | capz | aso | clock | network | input
  std::string title;
  Severity severity = Severity::kError;
  std::string kind;                     // log | check | input
  std::string hop;                      // trust-chain link (kChainHops); defaults from the group
  std::string confidence;               // high | medium
  std::vector<std::string> patterns;    // match.any
  std::vector<std::string> components;  // match.components; empty = any
  std::string subject;                  // template over captures that groups findings
  std::vector<Derivation> derive;
  std::string explain;
  std::string detail;  // template over captures
  std::vector<std::string> causes;
  std::vector<std::string> needs;
  std::string fix_summary;
  std::vector<std::string> fix_commands;  // templates over captures
  std::vector<std::string> docs;
  std::vector<std::string> examples;         // real text that must fire the rule
  std::vector<std::string> counterexamples;  // near misses that must not
  SourceRef source;                          // catalog file and line of the entry
  bool builtin = true;
};

class Catalog {
 public:
  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* find(const std::string& id_or_alias) const;
  std::vector<const Rule*> log_rules() const;

  void add(Rule r);
  // Rebuilds the id/alias index; the loader calls it once after validation.
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

// Reads every *.yaml / *.yml file in dir (sorted), as user rules.
Result<std::vector<CatalogSource>> read_catalog_dir(const std::string& dir);

// read -> validate -> compile. Fails on the first file with errors, listing all of its errors
// (one per line: "file:line:col: rule ID: field F: message").
Result<Catalog> load_catalog(const std::vector<CatalogSource>& sources);

// Fills {name} placeholders from captures. A name with no value becomes <NAME> (upper case) and is
// appended to missing (once). Literal <PLACEHOLDERS> in the template are also listed in missing.
std::string render_template(const std::string& tmpl,
                            const std::map<std::string, std::string>& captures,
                            std::vector<std::string>* missing);
// render_template() for a fix command someone will paste into a shell. Each {name} is judged in
// the quoting it sits in (none, '...', "..."): a value that would end the quotes or that the shell
// would act on there (quotes, $ ` \ ; & | < > ( ) { } [ ] * ? ! and spaces unquoted; ' in single
// quotes; " $ ` \ ! in double quotes; controls and non-ASCII anywhere) is withheld: it stays
// <NAME> and is listed in missing, so a command never carries text from a log line that runs
// when pasted. The finding's detail and evidence still show the value.
std::string render_command(const std::string& tmpl,
                           const std::map<std::string, std::string>& captures,
                           std::vector<std::string>* missing);
enum class ShellQuote { kNone, kSingle, kDouble };
bool is_shell_inert(std::string_view value, ShellQuote quote = ShellQuote::kNone);

}  // namespace wid
