// The catalog loader: read (YAML text -> entries with source marks) -> validate (fields, types,
// enums, unique ids and aliases) -> compile (every pattern and condition through RE2 with
// log_errors=false). Each stage collects all of a file's errors before failing, each naming
// file:line:col, the rule and the field (the Falco rule-loader model).
#include "rules/catalog.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "analyzer/model/limits.h"

namespace wid {
namespace {

const std::set<std::string> kGroups = {
    "token-exchange",    "issuer", "webhook", "federated-credential",
    "arm-authorization", "capz",   "aso",     "clock",
    "network",           "input",  "custom"};
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

const std::set<std::string> kComponents = {"capz-manager",   "aso",      "webhook",
                                           "kube-apiserver", "workload", "any"};

class Errors {
 public:
  explicit Errors(std::string file) : file_(std::move(file)) {}
  void add(const YAML::Node& at, const std::string& rule, const std::string& field,
           const std::string& message) {
    std::ostringstream s;
    s << file_;
    if (at.IsDefined() && at.Mark().line >= 0)
      s << ":" << at.Mark().line + 1 << ":" << at.Mark().column + 1;
    s << ":";
    if (!rule.empty()) s << " rule " << rule << ":";
    if (!field.empty()) s << " field " << field << ":";
    s << " " << message;
    lines_.push_back(s.str());
  }
  void add_at(int line, int column, const std::string& message) {
    lines_.push_back(file_ + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) +
                     ": " + message);
  }
  bool empty() const { return lines_.empty(); }
  std::string joined() const {
    std::string out;
    for (auto& l : lines_) out += (out.empty() ? "" : "\n") + l;
    return out;
  }

 private:
  std::string file_;
  std::vector<std::string> lines_;
};

// Reads a scalar string field; records an error when it has the wrong shape.
bool get_string(const YAML::Node& entry, const char* key, const std::string& rule, Errors& errors,
                std::string& out, bool required) {
  YAML::Node n = entry[key];
  if (!n.IsDefined() || n.IsNull()) {
    if (required) errors.add(entry, rule, key, "is required");
    return !required;
  }
  if (!n.IsScalar()) {
    errors.add(n, rule, key, "must be a string");
    return false;
  }
  out = n.Scalar();
  return true;
}

// A string or a list of strings.
bool get_strings(const YAML::Node& parent, const char* key, const std::string& rule,
                 const std::string& field, Errors& errors, std::vector<std::string>& out) {
  YAML::Node n = parent[key];
  if (!n.IsDefined() || n.IsNull()) return true;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
    return true;
  }
  if (!n.IsSequence()) {
    errors.add(n, rule, field, "must be a list of strings");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < n.size(); ++i) {
    if (!n[i].IsScalar()) {
      errors.add(n[i], rule, field + "[" + std::to_string(i) + "]", "must be a string");
      ok = false;
    } else {
      out.push_back(n[i].Scalar());
    }
  }
  return ok;
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64 || !(id[0] >= 'A' && id[0] <= 'Z')) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string compile_error(const std::string& pattern, std::vector<std::string>* groups) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits::kRe2MaxMem);
  RE2 re(pattern, opts);
  if (!re.ok()) return "invalid regex: " + re.error();
  if (re.ProgramSize() > limits::kMaxUserPatternProgramSize)
    return "regex too large (program size " + std::to_string(re.ProgramSize()) + " > " +
           std::to_string(limits::kMaxUserPatternProgramSize) + ")";
  if (groups)
    for (auto& [name, idx] : re.NamedCapturingGroups()) groups->push_back(name);
  return "";
}

struct Entry {
  Rule rule;
  YAML::Node node;
};

// Stage 1+2: read one file's entries and validate their fields.
std::vector<Entry> read_and_validate(const CatalogSource& src, Errors& errors) {
  std::vector<Entry> out;
  if (src.text.size() > limits::kMaxStructuredFileBytes) {
    errors.add(YAML::Node(), "", "",
               "file larger than " + std::to_string(limits::kMaxStructuredFileBytes) + " bytes");
    return out;
  }
  YAML::Node root;
  try {
    // One document only: YAML::LoadAll hangs on some inputs in yaml-cpp 0.7.
    root = YAML::Load(src.text);
  } catch (const YAML::Exception& e) {
    errors.add_at(e.mark.line, e.mark.column, "invalid YAML: " + e.msg);
    return out;
  }
  if (root.IsNull()) return out;  // an empty file holds no rules
  if (!root.IsSequence()) {
    errors.add(root, "", "", "a catalog file must be a YAML list of rule entries");
    return out;
  }
  for (size_t i = 0; i < root.size(); ++i) {
    const YAML::Node& e = root[i];
    if (!e.IsMap()) {
      errors.add(e, "", "[" + std::to_string(i) + "]", "each entry must be a mapping");
      continue;
    }
    Entry entry;
    entry.node = e;
    Rule& r = entry.rule;
    r.builtin = src.builtin;
    r.source = SourceRef{src.name, static_cast<uint64_t>(e.Mark().line + 1), ""};
    std::string rid = "#" + std::to_string(i);
    if (get_string(e, "id", rid, errors, r.id, true) && !valid_id(r.id)) {
      errors.add(e["id"], r.id, "id", "must match [A-Z][A-Z0-9_]* (at most 64 characters)");
    }
    if (!r.id.empty()) rid = r.id;
    static const std::set<std::string> known = {
        "id",         "aliases", "group",   "title",  "severity", "kind",
        "confidence", "match",   "subject", "derive", "explain",  "detail",
        "causes",     "needs",   "fix",     "docs",   "examples", "counterexamples",
        "hop"};
    for (auto it = e.begin(); it != e.end(); ++it) {
      std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
      if (!known.count(key)) errors.add(it->first, rid, key, "unknown field");
    }
    get_strings(e, "aliases", rid, "aliases", errors, r.aliases);
    for (auto& a : r.aliases)
      if (!valid_id(a)) errors.add(e["aliases"], rid, "aliases", "alias '" + a + "' is not an id");
    if (get_string(e, "group", rid, errors, r.group, true) && !r.group.empty() &&
        !kGroups.count(r.group))
      errors.add(e["group"], rid, "group", "unknown group '" + r.group + "'");
    get_string(e, "title", rid, errors, r.title, true);
    std::string sev;
    if (get_string(e, "severity", rid, errors, sev, true) && !sev.empty()) {
      auto s = parse_severity(sev);
      if (!s)
        errors.add(e["severity"], rid, "severity", "must be error, warning or info");
      else
        r.severity = *s;
    }
    if (get_string(e, "kind", rid, errors, r.kind, true) && !r.kind.empty() && r.kind != "log" &&
        r.kind != "check")
      errors.add(e["kind"], rid, "kind", "must be log or check");
    if (get_string(e, "hop", rid, errors, r.hop, false) && !r.hop.empty() &&
        !is_chain_hop(r.hop))
      errors.add(e["hop"], rid, "hop", "unknown hop '" + r.hop + "'");
    if (r.hop.empty()) r.hop = default_hop(r.group);
    r.confidence = "high";
    if (get_string(e, "confidence", rid, errors, r.confidence, false) && r.confidence != "high" &&
        r.confidence != "medium")
      errors.add(e["confidence"], rid, "confidence", "must be high or medium");
    YAML::Node m = e["match"];
    if (m.IsDefined() && !m.IsNull()) {
      if (!m.IsMap()) {
        errors.add(m, rid, "match", "must be a mapping with `any` and `components`");
      } else {
        get_strings(m, "any", rid, "match.any", errors, r.patterns);
        get_strings(m, "components", rid, "match.components", errors, r.components);
        for (auto it = m.begin(); it != m.end(); ++it) {
          std::string key = it->first.Scalar();
          if (key != "any" && key != "components")
            errors.add(it->first, rid, "match." + key, "unknown field");
        }
        for (auto& c : r.components)
          if (!kComponents.count(c))
            errors.add(m["components"], rid, "match.components", "unknown component '" + c + "'");
        if (r.patterns.empty()) errors.add(m, rid, "match.any", "needs at least one pattern");
      }
      if (r.kind == "check") errors.add(m, rid, "match", "check rules have no match");
    }
    get_string(e, "subject", rid, errors, r.subject, false);
    YAML::Node d = e["derive"];
    if (d.IsDefined() && !d.IsNull()) {
      if (!d.IsSequence()) {
        errors.add(d, rid, "derive", "must be a list");
      } else {
        for (size_t k = 0; k < d.size(); ++k) {
          std::string f = "derive[" + std::to_string(k) + "]";
          const YAML::Node& dn = d[k];
          Derivation dv;
          if (!dn.IsMap()) {
            errors.add(dn, rid, f, "must be a mapping {id, proves, when}");
            continue;
          }
          get_string(dn, "id", rid, errors, dv.id, true);
          if (dn["proves"].IsDefined()) {
            const std::string p = dn["proves"].IsScalar() ? dn["proves"].Scalar() : "";
            if (p != "true" && p != "false")
              errors.add(dn["proves"], rid, f + ".proves", "must be true or false");
            dv.proves = p == "true";
          }
          YAML::Node w = dn["when"];
          if (!w.IsDefined() || !w.IsMap()) {
            errors.add(dn, rid, f + ".when", "is required: {capture, matches} or {greater, than}");
          } else {
            get_string(w, "capture", rid, errors, dv.when.capture, false);
            get_string(w, "matches", rid, errors, dv.when.matches, false);
            get_string(w, "greater", rid, errors, dv.when.greater, false);
            get_string(w, "than", rid, errors, dv.when.than, false);
            bool match_form = !dv.when.capture.empty() && !dv.when.matches.empty();
            bool cmp_form = !dv.when.greater.empty() && !dv.when.than.empty();
            if (match_form == cmp_form)
              errors.add(w, rid, f + ".when",
                         "needs exactly one of {capture, matches} or {greater, than}");
          }
          r.derive.push_back(dv);
        }
      }
    }
    get_string(e, "explain", rid, errors, r.explain, true);
    get_string(e, "detail", rid, errors, r.detail, false);
    get_strings(e, "causes", rid, "causes", errors, r.causes);
    get_strings(e, "needs", rid, "needs", errors, r.needs);
    YAML::Node fx = e["fix"];
    if (fx.IsDefined() && !fx.IsNull()) {
      if (fx.IsMap()) {
        get_string(fx, "summary", rid, errors, r.fix_summary, false);
        get_strings(fx, "commands", rid, "fix.commands", errors, r.fix_commands);
      } else {
        get_strings(e, "fix", rid, "fix", errors, r.fix_commands);
      }
    }
    get_strings(e, "docs", rid, "docs", errors, r.docs);
    get_strings(e, "examples", rid, "examples", errors, r.examples);
    get_strings(e, "counterexamples", rid, "counterexamples", errors, r.counterexamples);
    for (auto& c : r.causes)
      if (!valid_id(c)) errors.add(e["causes"], rid, "causes", "'" + c + "' is not an id");
    out.push_back(std::move(entry));
  }
  return out;
}

// Stage 3: every regex compiles, and templates only name captures the patterns define.
void compile(std::vector<Entry>& entries, Errors& errors) {
  for (auto& entry : entries) {
    Rule& r = entry.rule;
    std::set<std::string> groups;
    for (size_t i = 0; i < r.patterns.size(); ++i) {
      std::vector<std::string> names;
      std::string err = compile_error(r.patterns[i], &names);
      if (!err.empty()) {
        YAML::Node any = entry.node["match"]["any"];
        YAML::Node at = any.IsSequence() && i < any.size() ? any[i] : any;
        errors.add(at, r.id, "match.any[" + std::to_string(i) + "]", err);
      }
      groups.insert(names.begin(), names.end());
    }
    for (size_t k = 0; k < r.derive.size(); ++k) {
      auto& w = r.derive[k].when;
      std::string f = "derive[" + std::to_string(k) + "].when";
      if (!w.matches.empty()) {
        std::string err = compile_error(w.matches, nullptr);
        if (!err.empty()) errors.add(entry.node["derive"][k]["when"], r.id, f, err);
      }
      for (const std::string* cap : {&w.capture, &w.greater, &w.than})
        if (!cap->empty() && !groups.count(*cap))
          errors.add(entry.node["derive"][k]["when"], r.id, f,
                     "names capture '" + *cap + "' that no pattern defines");
    }
  }
}

}  // namespace

const Rule* Catalog::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &rules_[it->second];
}

std::vector<const Rule*> Catalog::log_rules() const {
  std::vector<const Rule*> out;
  for (auto& r : rules_)
    if (r.kind == "log" && !r.patterns.empty()) out.push_back(&r);
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

Result<std::vector<CatalogSource>> read_catalog_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error(ErrorCode::kNotFound, "rules directory not found: " + dir);
  std::vector<std::string> files;
  for (auto& de : fs::directory_iterator(dir, ec)) {
    auto ext = de.path().extension().string();
    if ((ext == ".yaml" || ext == ".yml") && de.is_regular_file()) files.push_back(de.path());
  }
  if (ec) return make_error(ErrorCode::kUnreadable, "cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<CatalogSource> out;
  for (auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return make_error(ErrorCode::kUnreadable, "cannot read rule file " + f);
    std::string text;
    text.resize(std::min<uintmax_t>(fs::file_size(f, ec), limits::kMaxStructuredFileBytes + 1));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    out.push_back(CatalogSource{f, std::move(text), false});
  }
  return out;
}

Result<Catalog> load_catalog(const std::vector<CatalogSource>& sources) {
  Catalog catalog;
  std::map<std::string, std::string> seen;  // id or alias -> where first defined
  std::vector<std::string> all_errors;
  for (auto& src : sources) {
    Errors errors(src.name);
    auto entries = read_and_validate(src, errors);
    compile(entries, errors);
    for (auto& entry : entries) {
      for (const std::string& key : [&] {
             std::vector<std::string> k{entry.rule.id};
             k.insert(k.end(), entry.rule.aliases.begin(), entry.rule.aliases.end());
             return k;
           }()) {
        if (key.empty()) continue;
        auto [it, fresh] = seen.emplace(key, entry.rule.source.to_string());
        if (!fresh)
          errors.add(entry.node["id"], entry.rule.id, "id",
                     "'" + key + "' is already defined at " + it->second);
      }
    }
    if (!errors.empty()) {
      all_errors.push_back(errors.joined());
      continue;
    }
    for (auto& entry : entries) catalog.add(std::move(entry.rule));
  }
  if (!all_errors.empty()) {
    std::string msg;
    for (auto& e : all_errors) msg += (msg.empty() ? "" : "\n") + e;
    return make_error(ErrorCode::kInvalidArgument, msg);
  }
  catalog.index();
  // Cross-entry checks: a log rule without patterns must be derived by some rule, and every
  // derived id must exist.
  std::vector<std::string> errs;
  std::set<std::string> derived;
  for (auto& r : catalog.rules())
    for (auto& d : r.derive) {
      derived.insert(d.id);
      // A proven cause is emitted as a finding, so it needs an entry; a candidate is only named
      // (its proof belongs to a cross-source check that may not exist yet).
      if (d.proves && !catalog.find(d.id))
        errs.push_back(r.source.to_string() + ": rule " + r.id + ": field derive: '" + d.id +
                       "' has no catalog entry");
    }
  for (auto& r : catalog.rules())
    if (r.kind == "log" && r.patterns.empty() && !derived.count(r.id))
      errs.push_back(r.source.to_string() + ": rule " + r.id +
                     ": field match: a log rule needs match.any unless another rule derives it");
  if (!errs.empty()) {
    std::string msg;
    for (auto& e : errs) msg += (msg.empty() ? "" : "\n") + e;
    return make_error(ErrorCode::kInvalidArgument, msg);
  }
  return catalog;
}

bool is_shell_inert(std::string_view value, ShellQuote quote) {
  std::string_view special;
  switch (quote) {
    case ShellQuote::kNone: special = "\"'`$\\;&|<>(){}[]*?! "; break;
    case ShellQuote::kSingle: special = "'"; break;
    case ShellQuote::kDouble: special = "\"`$\\!"; break;
  }
  return std::all_of(value.begin(), value.end(), [&](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7F && special.find(ch) == std::string_view::npos;
  });
}

namespace {

// The quoting each {name} of a command template sits in, the strictest when a name repeats.
std::map<std::string, ShellQuote> placeholder_quoting(const std::string& tmpl) {
  std::map<std::string, ShellQuote> out;
  ShellQuote state = ShellQuote::kNone;
  for (size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if (state != ShellQuote::kSingle && c == '\\') {
      ++i;
    } else if (state != ShellQuote::kDouble && c == '\'') {
      state = state == ShellQuote::kSingle ? ShellQuote::kNone : ShellQuote::kSingle;
    } else if (state != ShellQuote::kSingle && c == '"') {
      state = state == ShellQuote::kDouble ? ShellQuote::kNone : ShellQuote::kDouble;
    } else if (c == '{') {
      const size_t close = tmpl.find('}', i + 1);
      if (close == std::string::npos) break;
      const std::string name = tmpl.substr(i + 1, close - i - 1);
      auto [it, fresh] = out.try_emplace(name, state);
      // Unquoted is the strictest, then double quotes (which still expand $ and `).
      if (!fresh && (state == ShellQuote::kNone ||
                     (state == ShellQuote::kDouble && it->second == ShellQuote::kSingle)))
        it->second = state;
    }
  }
  return out;
}

}  // namespace

std::string render_command(const std::string& tmpl,
                           const std::map<std::string, std::string>& captures,
                           std::vector<std::string>* missing) {
  const auto quoting = placeholder_quoting(tmpl);
  std::map<std::string, std::string> inert;
  for (const auto& [name, value] : captures) {
    auto q = quoting.find(name);
    if (is_shell_inert(value, q == quoting.end() ? ShellQuote::kNone : q->second))
      inert.emplace(name, value);
  }
  return render_template(tmpl, inert, missing);
}

std::string render_template(const std::string& tmpl,
                            const std::map<std::string, std::string>& captures,
                            std::vector<std::string>* missing) {
  auto note_missing = [&](const std::string& name) {
    if (missing && std::find(missing->begin(), missing->end(), name) == missing->end())
      missing->push_back(name);
  };
  std::string out;
  for (size_t i = 0; i < tmpl.size();) {
    char c = tmpl[i];
    if (c == '{') {
      size_t close = tmpl.find('}', i + 1);
      std::string name = close == std::string::npos ? "" : tmpl.substr(i + 1, close - i - 1);
      bool ident = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      });
      if (ident) {
        auto it = captures.find(name);
        if (it != captures.end() && !it->second.empty()) {
          out += it->second;
        } else {
          std::string upper = name;
          for (auto& ch : upper)
            ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
          out += "<" + upper + ">";
          note_missing(upper);
        }
        i = close + 1;
        continue;
      }
    } else if (c == '<') {
      size_t close = tmpl.find('>', i + 1);
      std::string name = close == std::string::npos ? "" : tmpl.substr(i + 1, close - i - 1);
      bool placeholder = !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
      });
      if (placeholder) note_missing(name);
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace wid
