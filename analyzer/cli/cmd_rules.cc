// `wi-doctor rules list|validate` and `wi-doctor explain ID`.
#include <algorithm>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "analyzer/cli/commands.h"
#include "analyzer/cli/exit_codes.h"
#include "analyzer/model/report.h"
#include "analyzer/model/text.h"
#include "rules/literal_lint.h"

namespace wid {
namespace {

// Word-wraps catalog prose (folded YAML gives one long line) for an 80-column terminal.
std::string wrap(std::string_view text, size_t width, const std::string& indent) {
  std::string out, line;
  size_t i = 0;
  text = trim(text);
  while (i < text.size()) {
    size_t j = text.find(' ', i);
    if (j == std::string_view::npos) j = text.size();
    std::string_view word = text.substr(i, j - i);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += indent + line + "\n";
      line.clear();
    }
    if (!word.empty()) {  // appended: `" " + std::string(word)` trips GCC 12's -Wrestrict at -O3
      if (!line.empty()) line += ' ';
      line += word;
    }
    i = j + 1;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

// Catalog templates name captures ({issuer}); offline there are none, so show placeholders.
std::string placeholders(const std::string& tmpl) { return render_template(tmpl, {}, nullptr); }

}  // namespace

int cmd_rules_list(const RulesArgs& args, std::ostream& out, std::ostream& err) {
  auto catalog = load_rules(args.rule_dirs, args.no_builtin);
  if (!catalog.ok()) {
    err << "wi-doctor: cannot load rules:\n" << catalog.error().message << "\n";
    return kExitUsage;
  }
  if (args.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (auto& r : catalog->rules())
      arr.push_back({{"id", r.id},
                     {"aliases", r.aliases},
                     {"group", r.group},
                     {"severity", severity_name(r.severity)},
                     {"kind", rule_kind_name(r.kind)},
                     {"confidence", confidence_name(r.confidence)},
                     {"title", r.title},
                     {"docs", r.docs}});
    out << dump_json(arr) << "\n";
    return kExitOk;
  }
  std::vector<const Rule*> sorted;
  // The id column fits the longest id (user rules may be longer than the built-in ones), with at
  // least one space after it, so the table splits on whitespace.
  int width = 40;
  for (auto& r : catalog->rules()) {
    sorted.push_back(&r);
    width = std::max(width, static_cast<int>(r.id.size()) + 1);
  }
  out << std::left << std::setw(width) << "ID" << std::setw(9) << "SEVERITY" << std::setw(7)
      << "KIND"
      << "TITLE\n";
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (auto* rp : sorted) {
    const Rule& r = *rp;
    out << std::left << std::setw(width) << r.id << std::setw(9) << severity_name(r.severity)
        << std::setw(7) << rule_kind_name(r.kind) << r.title << "\n";
  }
  return kExitOk;
}

int cmd_rules_validate(const RulesArgs& args, std::ostream& out, std::ostream& err) {
  for (auto& dir : args.validate_dirs) {
    auto sources = read_catalog_dir(dir);
    if (!sources.ok()) {
      err << "wi-doctor: " << sources.error().message << "\n";
      return kExitUsage;
    }
    // Each directory is checked on its own, as `--rules DIR --no-builtin-rules` would load it.
    auto catalog = load_catalog(*sources);
    if (!catalog.ok()) {
      err << catalog.error().message << "\n";
      return kExitUsage;
    }
    out << dir << ": " << catalog->rules().size() << " rules OK\n";
    for (auto& p : lint_required_literals(*catalog))
      out << dir << ": warning: rule " << p.rule_id << ": pattern '" << p.pattern
          << "' gives the literal prefilter nothing to search for (" << p.why
          << "), so it is matched by the slow RE2::Set path on every record\n";
  }
  return kExitOk;
}

int cmd_explain(const std::string& id, std::ostream& out, std::ostream& err) {
  auto catalog = load_rules({}, false);
  if (!catalog.ok()) {
    err << "wi-doctor: cannot load rules:\n" << catalog.error().message << "\n";
    return kExitUsage;
  }
  std::string key = id;
  for (auto& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const Rule* r = catalog->find(key);
  if (!r) {
    err << "wi-doctor: no rule or code '" << id
        << "' in the catalog (see `wi-doctor rules list`)\n";
    return kExitUsage;
  }
  out << r->id;
  if (key != r->id) out << " (" << key << " is an alias)";
  out << ": " << r->title << "\n";
  out << "severity: " << severity_name(r->severity) << "   group: " << r->group
      << "   kind: " << rule_kind_name(r->kind)
      << "   confidence: " << confidence_name(r->confidence) << "\n";
  if (!r->aliases.empty()) {
    out << "also: ";
    for (size_t i = 0; i < r->aliases.size(); ++i) out << (i ? ", " : "") << r->aliases[i];
    out << "\n";
  }
  out << "\nWhat it means\n" << wrap(r->explain, 78, "  ");
  if (!r->causes.empty()) {
    out << "\nWhy it happens (causes to check)\n";
    for (auto& c : r->causes) {
      const Rule* cr = catalog->find(c);
      out << "  - " << c
          << (cr ? ": " + cr->title
                 : std::string(" (proven by a cross-source check; see docs/coverage.md)"))
          << "\n";
    }
  }
  if (!r->wraps.empty()) {
    out << "\nWraps (a record that also carries one of these is explained by it)\n";
    out << "  declared: ";
    for (size_t i = 0; i < r->wraps.size(); ++i) out << (i ? ", " : "") << r->wraps[i];
    out << "\n";
    for (auto& w : r->wrapped) out << "  - " << w << ": " << catalog->find(w)->title << "\n";
  }
  if (!r->needs.empty()) {
    out << "\nEvidence that tells the causes apart\n";
    for (auto& n : r->needs) out << "  $ " << n << "\n";
  }
  if (!r->fix_summary.empty() || !r->fix_commands.empty()) {
    out << "\nHow to fix\n";
    if (!r->fix_summary.empty()) out << wrap(placeholders(r->fix_summary), 78, "  ");
    for (auto& c : r->fix_commands) out << "  $ " << placeholders(c) << "\n";
  }
  if (!r->docs.empty()) {
    out << "\nDocs\n";
    for (auto& d : r->docs) out << "  " << d << "\n";
  }
  return kExitOk;
}

}  // namespace wid
