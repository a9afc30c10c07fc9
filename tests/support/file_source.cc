// Test support: file and memory ChunkSources (see file_source.h).
#include "tests/support/file_source.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "analyzer/model/limits.h"
#include "collectors/bundle/sniff.h"

namespace wid::test {
namespace {

namespace fs = std::filesystem;

class FdReader : public ChunkReader {
 public:
  FdReader(int fd, uint64_t offset, uint64_t length)
      : fd_(fd), pos_(offset), end_(offset + length) {}
  ~FdReader() override { ::close(fd_); }
  Result<size_t> read(char* buf, size_t cap) override {
    if (pos_ >= end_) return size_t{0};
    const size_t want = static_cast<size_t>(std::min<uint64_t>(cap, end_ - pos_));
    ssize_t n;
    do {
      n = ::pread(fd_, buf, want, static_cast<off_t>(pos_));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return make_error(ErrorCode::kUnreadable, std::strerror(errno));
    pos_ += static_cast<uint64_t>(n);
    return static_cast<size_t>(n);
  }

 private:
  int fd_;
  uint64_t pos_, end_;
};

class FileSource : public ChunkSource {
 public:
  FileSource(std::string path, uint64_t size) : path_(std::move(path)), size_(size) {}
  Result<std::unique_ptr<ChunkReader>> open() const override { return open_range(0, size_); }
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error(ErrorCode::kUnreadable, path_ + ": " + std::strerror(errno));
    return std::unique_ptr<ChunkReader>(std::make_unique<FdReader>(fd, offset, length));
  }
  bool seekable() const override { return true; }
  uint64_t size() const override { return size_; }

 private:
  std::string path_;
  uint64_t size_;
};

class MemoryReader : public ChunkReader {
 public:
  MemoryReader(std::string_view bytes) : bytes_(bytes) {}
  Result<size_t> read(char* buf, size_t cap) override {
    const size_t n = std::min(cap, bytes_.size());
    std::memcpy(buf, bytes_.data(), n);
    bytes_.remove_prefix(n);
    return n;
  }

 private:
  std::string_view bytes_;
};

class MemorySource : public ChunkSource {
 public:
  explicit MemorySource(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<std::unique_ptr<ChunkReader>> open() const override { return open_range(0, size()); }
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override {
    std::string_view all = bytes_;
    if (offset > all.size()) offset = all.size();
    return std::unique_ptr<ChunkReader>(std::make_unique<MemoryReader>(
        all.substr(static_cast<size_t>(offset), static_cast<size_t>(length))));
  }
  bool seekable() const override { return true; }
  uint64_t size() const override { return bytes_.size(); }

 private:
  std::string bytes_;
};

std::string read_head(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(limits::kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

}  // namespace

std::shared_ptr<const ChunkSource> file_chunk_source(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  return std::make_shared<FileSource>(path, ec ? 0 : static_cast<uint64_t>(size));
}

std::shared_ptr<const ChunkSource> memory_chunk_source(std::string bytes) {
  return std::make_shared<MemorySource>(std::move(bytes));
}

LogSource log_source_for(const std::string& file, const std::string& rel_path,
                         const std::string& component) {
  LogSource src;
  src.source.path = rel_path;
  src.component = component;
  src.format = "plain";
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
