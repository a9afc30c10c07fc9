// Catalog stage 1, reading: YAML text -> one CatalogEntry per rule, each field read with its
// shape checked (string, list of strings, mapping) and its source position kept, so the later
// stages (catalog_validator.h, catalog_compiler.h) can point their errors at file:line:column.
#pragma once

#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <vector>

#include "rules/catalog.h"

namespace wid {

// One rule as read, with the YAML node it came from (for positions) and the fields whose value
// the validator converts.
struct CatalogEntry {
  Rule rule;
  YAML::Node node;
  std::string severity;            // as written; the validator parses it into rule.severity
  std::string kind;                // as written; the validator parses it into rule.kind
  std::string confidence;          // as written; the validator parses it into rule.confidence
  std::set<std::string> captures;  // named groups of match.any, filled by the compiler
  size_t program_size = 0;  // user rules: RE2 size of match.any's escape-tolerant forms, summed
};

// The load errors of every stage, one line each: "file:line:col: rule ID: field F: message".
class LoadErrors {
 public:
  void add(const std::string& file, const YAML::Node& at, const std::string& rule,
           const std::string& field, const std::string& message);
  void add_at(const std::string& file, int line, int column, const std::string& message);
  // An error an entry's own stored position locates (when no node is at hand).
  void add_entry(const Rule& r, const std::string& field, const std::string& message);
  bool empty() const { return lines_.empty(); }
  std::string joined() const;

 private:
  std::vector<std::string> lines_;
};

// Reads one catalog file's entries; shape errors go to errors, the entry is kept with what could
// be read.
std::vector<CatalogEntry> read_catalog_file(const CatalogSource& src, LoadErrors& errors);

}  // namespace wid
