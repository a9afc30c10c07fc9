// Test support: LogSources over files on disk (see file_source.h).
#include "tests/support/file_source.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analyzer/model/limits.h"
#include "collectors/bundle/file_source.h"
#include "collectors/bundle/sniff.h"

namespace wid::test {
namespace {

namespace fs = std::filesystem;

std::string read_head(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(limits::kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

}  // namespace

std::shared_ptr<const ChunkSource> file_chunk_source(const std::string& path) {
  auto src = FileSource::create(path);
  if (!src.ok()) {
    std::cerr << "file_chunk_source: " << src.error().message << "\n";
    std::abort();  // a test fixture that cannot be opened is a broken test, not a finding
  }
  return *src;
}

LogSource log_source_for(const std::string& file, const std::string& rel_path,
                         const std::string& component) {
  LogSource src;
  src.source.path = rel_path;
  src.component = component;
  src.content = file_chunk_source(file);
  return src;
}

std::vector<LogSource> log_sources_under(const std::string& root) {
  std::vector<std::pair<std::string, std::string>> files;  // (relative, absolute)
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return {};
  for (auto it = fs::recursive_directory_iterator(root, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    files.emplace_back(fs::relative(it->path(), root).generic_string(), it->path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<LogSource> out;
  for (const auto& [rel, abs] : files) {
    std::string component = sniff(rel, read_head(abs)).component;
    if (component.empty()) component = "unknown";
    out.push_back(log_source_for(abs, rel, component));
  }
  return out;
}

}  // namespace wid::test
