// One parsed YAML or JSON document as the parsers see it: the value as nlohmann::json (YAML
// scalars stay strings) plus, for YAML, the source line of every node so evidence can point at
// the user's manifest line.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

namespace wid {

struct StructuredDocument {
  nlohmann::json value;
  uint64_t line = 0;  // 1-based line where the document starts; 0 when unknown (JSON)
  // JSON pointer of a node -> the 1-based line it starts on (YAML only; empty for JSON).
  std::unordered_map<std::string, uint64_t> lines;

  // Line of the node at pointer, else of its nearest ancestor that has one, else `line`.
  uint64_t line_of(std::string_view pointer) const {
    std::string p(pointer);
    while (true) {
      auto it = lines.find(p);
      if (it != lines.end()) return it->second;
      auto slash = p.rfind('/');
      if (slash == std::string::npos) return line;
      p.resize(slash);
    }
  }
};

// RFC 6901 escaping of one reference token.
inline std::string json_pointer_escape(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace wid
