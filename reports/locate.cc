#include "reports/locate.h"

#include <vector>

#include "analyzer/model/text.h"

namespace wid {
namespace {

struct Place {
  std::string path;  // relative to the analyzed root
  uint64_t line = 0;
};

// Evidence locators are "line N", "line N, <more>", a bare "N", or a JSON pointer; only the first
// three name a line.
uint64_t line_of_locator(std::string_view loc) {
  if (starts_with(loc, "line ")) loc.remove_prefix(5);
  uint64_t n = 0;
  size_t i = 0;
  for (; i < loc.size() && loc[i] >= '0' && loc[i] <= '9' && i < 12; ++i)
    n = n * 10 + static_cast<uint64_t>(loc[i] - '0');
  if (i == 0 || (i < loc.size() && loc[i] != ',' && loc[i] != ' ')) return 0;
  return n;
}

// The places a finding's evidence points at, most telling first: the evidence items (the values
// compared), then the first matching log record, the samples, the last record.
std::vector<Place> places_of(const Finding& f) {
  std::vector<Place> out;
  for (const EvidenceItem& e : f.evidence) out.push_back({e.source, line_of_locator(e.locator)});
  if (f.first) out.push_back({f.first->path, f.first->line});
  for (const Sample& s : f.samples) out.push_back({s.source.path, s.source.line});
  if (f.last) out.push_back({f.last->path, f.last->line});
  return out;
}

}  // namespace

bool is_safe_relative_path(std::string_view p) {
  if (p.empty() || p.front() == '/' || p.front() == '-' || p.front() == '~') return false;
  if (p.find("://") != std::string_view::npos || p.find('\\') != std::string_view::npos)
    return false;
  if (p.size() >= 2 && p[1] == ':') return false;  // C:...
  if (!is_valid_utf8(p)) return false;
  for (char c : p)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string_view::npos) end = p.size();
    const std::string_view seg = p.substr(start, end - start);
    if (seg == ".." || seg == "." || seg.empty()) return false;
    start = end + 1;
  }
  return true;
}

SourcePaths source_paths_of(const Report& report) {
  SourcePaths out;
  for (const InputFile& in : report.inputs)
    if (!in.source_path.empty()) out.emplace(in.path, in.source_path);
  return out;
}

std::optional<FileLocation> locate_file(const Finding& f, const SourcePaths& source_paths) {
  const std::vector<Place> places = places_of(f);
  for (const Place& p : places) {
    auto it = source_paths.find(p.path);
    if (it != source_paths.end() && is_safe_relative_path(it->second))
      return FileLocation{it->second, p.line, true};
  }
  for (const Place& p : places)
    if (is_safe_relative_path(p.path)) return FileLocation{p.path, p.line, false};
  return std::nullopt;
}

}  // namespace wid
