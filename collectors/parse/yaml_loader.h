// Bounded YAML loading for untrusted files. yaml-cpp 0.7's LoadAll loops forever on "," and its
// node graph can be cyclic (&a [*a]) or explode (billion laughs), so we never build YAML::Node:
// YAML::Parser::HandleNextDocument drives our own EventHandler, which builds nlohmann::json under
// caps on documents, depth, nodes and alias expansion, rejects alias cycles and stops a stream that
// makes no progress. Scalars stay strings (no YAML 1.1 bool/number coercion). Every failure is an
// Error with line:col and never the input bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/result.h"
#include "collectors/parse/structured_document.h"

namespace wid {

struct YamlLimits {
  size_t max_bytes = limits::kMaxStructuredFileBytes;
  size_t max_documents = limits::kMaxYamlDocuments;
  size_t max_depth = limits::kMaxYamlDepth;
  size_t max_nodes = limits::kMaxYamlNodes;  // per document
  size_t max_alias_expansion =
      limits::kMaxYamlAliasExpansion;  // nodes copied by aliases, per stream
};

struct YamlStream {
  std::vector<StructuredDocument> documents;
  // Things that parsed but deserve a word: duplicate keys, merge keys, invalid UTF-8.
  std::vector<std::string> warnings;
};

// Errors: kLimit (size, documents, depth, nodes, alias expansion), kParse (syntax, alias cycle,
// complex keys, a stream that makes no progress).
Result<YamlStream> load_yaml(std::string_view text, const YamlLimits& limits = {});

}  // namespace wid
