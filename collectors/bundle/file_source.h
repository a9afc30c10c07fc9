// A ChunkSource over a regular file on disk, read with pread so work units of one file can be
// read by several threads. Opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat to be a
// regular file, so a symlink, FIFO, socket or device planted in a bundle directory is never
// followed or blocked on.
#pragma once

#include <memory>
#include <string>

#include "analyzer/model/chunk_reader.h"

namespace wid {

class FileSource : public ChunkSource {
 public:
  // fs_path is the path on disk. Errors: kNotFound, kUnreadable (not a regular file, a symlink,
  // permission denied).
  static Result<std::shared_ptr<FileSource>> create(const std::string& fs_path);

  Result<std::unique_ptr<ChunkReader>> open() const override;
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override;
  bool seekable() const override { return true; }
  uint64_t size() const override { return size_; }

  const std::string& fs_path() const { return fs_path_; }

 private:
  FileSource(std::string fs_path, uint64_t size) : fs_path_(std::move(fs_path)), size_(size) {}
  std::string fs_path_;
  uint64_t size_;  // as of create(): a log growing while we read is read up to this size
};

// Opens fs_path safely (O_NOFOLLOW, regular files only); returns the fd and its size.
Result<int> open_regular_file(const std::string& fs_path, uint64_t* size);

}  // namespace wid
