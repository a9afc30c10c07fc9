#include "collectors/bundle/member_path.h"

#include <vector>

#include "analyzer/model/limits.h"

namespace wid {

Result<std::string> normalize_member_path(std::string_view raw) {
  if (raw.size() > limits::kMaxArchivePathBytes) {
    return make_error(
        ErrorCode::kUnsupported,
        "name longer than " + std::to_string(limits::kMaxArchivePathBytes) + " bytes");
  }
  if (!raw.empty() && (raw[0] == '/' || raw[0] == '\\')) {
    return make_error(ErrorCode::kUnsupported, "absolute path");
  }
  if (raw.size() >= 2 && raw[1] == ':' &&
      ((raw[0] >= 'A' && raw[0] <= 'Z') || (raw[0] >= 'a' && raw[0] <= 'z'))) {
    return make_error(ErrorCode::kUnsupported, "absolute path (drive letter)");
  }
  // `..` is refused whichever separator hides it (a\..\..\x is an escape on Windows tools).
  std::vector<std::string_view> segs;
  size_t start = 0;
  for (size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '/' || raw[i] == '\\') {
      std::string_view seg = raw.substr(start, i - start);
      if (seg == "..")
        return make_error(ErrorCode::kUnsupported, "parent directory reference (..)");
      start = i + 1;
    }
  }
  std::string out;
  start = 0;
  for (size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '/') {
      std::string_view seg = raw.substr(start, i - start);
      if (!seg.empty() && seg != ".") {
        if (!out.empty()) out += '/';
        out.append(seg);
      }
      start = i + 1;
    }
  }
  return out;
}

std::string join_path(std::string_view prefix, std::string_view rel) {
  if (prefix.empty()) return std::string(rel);
  if (rel.empty()) return std::string(prefix);
  std::string out(prefix);
  out += '/';
  out.append(rel);
  return out;
}

std::string base_name(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace wid
