// Catalog stage 1, reading (see catalog_reader.h).
#include "rules/catalog_reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"

namespace wid {

void LoadErrors::add(const std::string& file, const YAML::Node& at, const std::string& rule,
                     const std::string& field, const std::string& message) {
  std::ostringstream s;
  s << file;
  if (at.IsDefined() && at.Mark().line >= 0)
    s << ":" << at.Mark().line + 1 << ":" << at.Mark().column + 1;
  s << ":";
  if (!rule.empty()) s << " rule " << rule << ":";
  if (!field.empty()) s << " field " << field << ":";
  s << " " << message;
  lines_.push_back(s.str());
}

void LoadErrors::add_at(const std::string& file, int line, int column, const std::string& message) {
  lines_.push_back(file + ":" + std::to_string(line + 1) + ":" + std::to_string(column + 1) + ": " +
                   message);
}

void LoadErrors::add_entry(const Rule& r, const std::string& field, const std::string& message) {
  lines_.push_back(r.source.to_string() + ": rule " + r.id + ": field " + field + ": " + message);
}

std::string LoadErrors::joined() const {
  std::string out;
  for (auto& l : lines_) out += (out.empty() ? "" : "\n") + l;
  return out;
}

namespace {

// What one entry is read with: its node, the id errors name, the file, the error sink.
struct EntryReader {
  const YAML::Node& e;
  const std::string& file;
  std::string rid;
  LoadErrors& errors;

  void error(const YAML::Node& at, const std::string& field, const std::string& message) {
    errors.add(file, at, rid, field, message);
  }

  // A scalar string field; records an error when it has the wrong shape.
  bool string(const YAML::Node& parent, const char* key, std::string& out, bool required) {
    YAML::Node n = parent[key];
    if (!n.IsDefined() || n.IsNull()) {
      if (required) error(parent, key, "is required");
      return !required;
    }
    if (!n.IsScalar()) {
      error(n, key, "must be a string");
      return false;
    }
    out = n.Scalar();
    return true;
  }

  // A string or a list of strings.
  void strings(const YAML::Node& parent, const char* key, const std::string& field,
               std::vector<std::string>& out) {
    YAML::Node n = parent[key];
    if (!n.IsDefined() || n.IsNull()) return;
    if (n.IsScalar()) {
      out.push_back(n.Scalar());
      return;
    }
    if (!n.IsSequence()) {
      error(n, field, "must be a list of strings");
      return;
    }
    for (size_t i = 0; i < n.size(); ++i) {
      if (!n[i].IsScalar())
        error(n[i], field + "[" + std::to_string(i) + "]", "must be a string");
      else
        out.push_back(n[i].Scalar());
    }
  }
};

const std::set<std::string> kKnownFields = {
    "id",    "aliases", "group",    "title",           "severity", "kind",   "confidence",
    "match", "subject", "derive",   "explain",         "detail",   "causes", "needs",
    "fix",   "docs",    "examples", "counterexamples", "hop",      "wraps"};

void read_match(EntryReader& in, Rule& r) {
  YAML::Node m = in.e["match"];
  if (!m.IsDefined() || m.IsNull()) return;
  if (!m.IsMap()) {
    in.error(m, "match", "must be a mapping with `any` and `components`");
    return;
  }
  in.strings(m, "any", "match.any", r.patterns);
  in.strings(m, "components", "match.components", r.components);
  in.strings(m, "unless", "match.unless", r.unless);
  std::string context;
  in.string(m, "context", context, false);
  if (!context.empty()) {
    if (auto c = parse_match_context(context))
      r.context = *c;
    else
      in.error(m["context"], "match.context", "must be error or any");
  }
  for (auto it = m.begin(); it != m.end(); ++it) {
    std::string key = it->first.Scalar();
    if (key != "any" && key != "components" && key != "context" && key != "unless")
      in.error(it->first, "match." + key, "unknown field");
  }
}

void read_derive(EntryReader& in, Rule& r) {
  YAML::Node d = in.e["derive"];
  if (!d.IsDefined() || d.IsNull()) return;
  if (!d.IsSequence()) {
    in.error(d, "derive", "must be a list");
    return;
  }
  for (size_t k = 0; k < d.size(); ++k) {
    const YAML::Node& dn = d[k];
    Derivation dv;
    if (!dn.IsMap()) {
      in.error(dn, "derive[" + std::to_string(k) + "]", "must be a mapping {id, proves, when}");
      continue;
    }
    in.string(dn, "id", dv.id, true);
    if (dn["proves"].IsDefined())
      dv.proves = dn["proves"].IsScalar() && dn["proves"].Scalar() == "true";
    YAML::Node w = dn["when"];
    if (w.IsDefined() && w.IsMap()) {
      in.string(w, "capture", dv.when.capture, false);
      in.string(w, "matches", dv.when.matches, false);
      in.string(w, "greater", dv.when.greater, false);
      in.string(w, "than", dv.when.than, false);
    }
    r.derive.push_back(dv);
  }
}

void read_fix(EntryReader& in, Rule& r) {
  YAML::Node fx = in.e["fix"];
  if (!fx.IsDefined() || fx.IsNull()) return;
  if (fx.IsMap()) {
    in.string(fx, "summary", r.fix_summary, false);
    in.strings(fx, "commands", "fix.commands", r.fix_commands);
  } else {
    in.strings(in.e, "fix", "fix", r.fix_commands);
  }
}

CatalogEntry read_entry(const CatalogSource& src, const YAML::Node& e, size_t index,
                        LoadErrors& errors) {
  CatalogEntry entry;
  entry.node = e;
  Rule& r = entry.rule;
  r.builtin = src.builtin;
  r.source = SourceRef{src.name, static_cast<uint64_t>(e.Mark().line + 1), ""};
  EntryReader in{e, src.name, str_cat("#", index), errors};
  in.string(e, "id", r.id, true);
  if (!r.id.empty()) in.rid = r.id;
  for (auto it = e.begin(); it != e.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : "?";
    if (!kKnownFields.count(key)) in.error(it->first, key, "unknown field");
  }
  in.strings(e, "aliases", "aliases", r.aliases);
  in.string(e, "group", r.group, true);
  in.string(e, "title", r.title, true);
  in.string(e, "severity", entry.severity, true);
  in.string(e, "kind", entry.kind, true);
  in.string(e, "hop", r.hop, false);
  in.string(e, "confidence", entry.confidence, false);
  read_match(in, r);
  in.string(e, "subject", r.subject, false);
  read_derive(in, r);
  in.string(e, "explain", r.explain, true);
  in.string(e, "detail", r.detail, false);
  in.strings(e, "causes", "causes", r.causes);
  in.strings(e, "wraps", "wraps", r.wraps);
  in.strings(e, "needs", "needs", r.needs);
  read_fix(in, r);
  in.strings(e, "docs", "docs", r.docs);
  in.strings(e, "examples", "examples", r.examples);
  in.strings(e, "counterexamples", "counterexamples", r.counterexamples);
  return entry;
}

}  // namespace

std::vector<CatalogEntry> read_catalog_file(const CatalogSource& src, LoadErrors& errors) {
  std::vector<CatalogEntry> out;
  if (src.text.size() > limits::kMaxStructuredFileBytes) {
    errors.add(src.name, YAML::Node(), "", "",
               "file larger than " + std::to_string(limits::kMaxStructuredFileBytes) + " bytes");
    return out;
  }
  YAML::Node root;
  try {
    // One document only: YAML::LoadAll hangs on some inputs in yaml-cpp 0.7.
    root = YAML::Load(src.text);
  } catch (const YAML::Exception& e) {
    errors.add_at(src.name, e.mark.line, e.mark.column, "invalid YAML: " + e.msg);
    return out;
  }
  if (root.IsNull()) return out;  // an empty file holds no rules
  if (!root.IsSequence()) {
    errors.add(src.name, root, "", "", "a catalog file must be a YAML list of rule entries");
    return out;
  }
  for (size_t i = 0; i < root.size(); ++i) {
    if (!root[i].IsMap()) {
      errors.add(src.name, root[i], "", str_cat("[", i, "]"), "each entry must be a mapping");
      continue;
    }
    out.push_back(read_entry(src, root[i], i, errors));
  }
  return out;
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

}  // namespace wid
