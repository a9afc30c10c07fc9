// Where a piece of evidence came from: a path relative to the analyzed root (an archive member
// is named by its path inside the archive) or a URL, plus a line number or a JSON pointer.
#pragma once

#include <cstdint>
#include <string>
#include <tuple>

namespace wid {

struct SourceRef {
  std::string path;     // relative to the analyzed root, '/' separated; or a URL
  uint64_t line = 0;    // 1-based; 0 = not line-addressed
  std::string pointer;  // JSON pointer / YAML path inside the document, optional

  // Appends piece by piece: `":" + std::to_string(line)` makes GCC 12 at -O3 report a false
  // -Wrestrict inside std::string's insert.
  std::string to_string() const {
    std::string s = path;
    if (line > 0) s.append(1, ':').append(std::to_string(line));
    if (!pointer.empty()) s.append(1, '#').append(pointer);
    return s;
  }
  bool operator==(const SourceRef& o) const {
    return std::tie(path, line, pointer) == std::tie(o.path, o.line, o.pointer);
  }
  bool operator<(const SourceRef& o) const {
    return std::tie(path, line, pointer) < std::tie(o.path, o.line, o.pointer);
  }
};

}  // namespace wid
