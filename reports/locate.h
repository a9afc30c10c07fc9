// Where a finding points, for the formats that name a file (SARIF locations, JUnit testcase@file):
// the line of the user's own manifest when the evidence came from a file under --source-root,
// else the bundle file and line. One order of preference, so the formats agree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/model/report.h"

namespace wid {

// A path we may print as a location: relative, inside its root, not a URL and not a flag
// ("--set"). Anything else (a fetched issuer URL, an absolute path from a hand-made report) would
// leak a host or a local directory, or point nowhere.
bool is_safe_relative_path(std::string_view p);

// Analyzed-root path -> repository path, for the inputs that have one (InputFile::source_path).
using SourcePaths = std::map<std::string, std::string>;
SourcePaths source_paths_of(const Report& report);

struct FileLocation {
  std::string path;
  uint64_t line = 0;            // 0 = no line known
  bool in_source_root = false;  // path is relative to --source-root, else to the analyzed root
};

// The most telling place first: the evidence items (the values compared), then the first matching
// log record, the samples, the last record. Empty when none of them is a safe relative path.
std::optional<FileLocation> locate_file(const Finding& f, const SourcePaths& source_paths);

}  // namespace wid
