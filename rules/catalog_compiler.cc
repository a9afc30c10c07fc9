// Catalog stage 3, compiling (see catalog_compiler.h).
#include "rules/catalog_compiler.h"

#include <re2/re2.h>

#include "analyzer/model/limits.h"
#include "rules/prefilter.h"

namespace wid {
namespace {

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

// What the pattern costs in the scanner's escape-tolerant Set (rules/prefilter.h), which is
// about 2.6 times its size as written: a pack is held to the larger Set, or one that loads could
// fail to build it and leave records with escapes confirmed against every pattern.
size_t tolerant_program_size(const std::string& pattern) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(limits::kRe2MaxMem);
  RE2 re(escape_tolerant(pattern), opts);
  // A tolerant form over the memory budget counts as the whole budget: the Set could not hold it.
  return re.ok() ? static_cast<size_t>(re.ProgramSize()) : limits::kMaxUserProgramSizeTotal + 1;
}

void compile_patterns(CatalogEntry& entry, LoadErrors& errors) {
  const Rule& r = entry.rule;
  const YAML::Node& node = entry.node;
  for (size_t i = 0; i < r.patterns.size(); ++i) {
    std::vector<std::string> names;
    // Built-in patterns are not held to the user limit; only a user pack pays the second compile.
    std::string err = compile_error(r.patterns[i], &names);
    if (err.empty() && !r.builtin) entry.program_size += tolerant_program_size(r.patterns[i]);
    if (!err.empty()) {
      YAML::Node any = node["match"]["any"];
      YAML::Node at = any.IsSequence() && i < any.size() ? any[i] : any;
      errors.add(r.source.path, at, r.id, "match.any[" + std::to_string(i) + "]", err);
    }
    entry.captures.insert(names.begin(), names.end());
  }
  for (size_t i = 0; i < r.unless.size(); ++i) {
    std::string err = compile_error(r.unless[i], nullptr);
    if (!err.empty()) {
      YAML::Node unless = node["match"]["unless"];
      YAML::Node at = unless.IsSequence() && i < unless.size() ? unless[i] : unless;
      errors.add(r.source.path, at, r.id, "match.unless[" + std::to_string(i) + "]", err);
    }
  }
}

void compile_derive(const CatalogEntry& entry, LoadErrors& errors) {
  const Rule& r = entry.rule;
  const YAML::Node& node = entry.node;
  for (size_t k = 0; k < r.derive.size(); ++k) {
    const auto& w = r.derive[k].when;
    const std::string f = "derive[" + std::to_string(k) + "].when";
    const YAML::Node at = node["derive"][k]["when"];
    if (!w.matches.empty()) {
      std::string err = compile_error(w.matches, nullptr);
      if (!err.empty()) errors.add(r.source.path, at, r.id, f, err);
    }
    for (const std::string* cap : {&w.capture, &w.greater, &w.than})
      if (!cap->empty() && !entry.captures.count(*cap))
        errors.add(r.source.path, at, r.id, f,
                   "names capture '" + *cap + "' that no pattern defines");
  }
}

}  // namespace

void compile_entries(std::vector<CatalogEntry>& entries, LoadErrors& errors) {
  for (auto& entry : entries) {
    compile_patterns(entry, errors);
    compile_derive(entry, errors);
  }
}

Catalog index_catalog(std::vector<CatalogEntry>&& entries) {
  Catalog catalog;
  for (auto& entry : entries) catalog.add(std::move(entry.rule));
  catalog.index();
  return catalog;
}

}  // namespace wid
