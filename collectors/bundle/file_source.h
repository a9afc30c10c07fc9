// A ChunkSource over a regular file on disk, read with pread so work units of one file can be
// read by several threads. Opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat to be a
// regular file, so a symlink, FIFO, socket or device planted in a bundle directory is never
// followed or blocked on. A file is the one that was listed: one replaced since (a log rotated by
// rename), removed, or cut shorter while read (copytruncate) is an error that says so, never
// other bytes read silently in its place.
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
  FileSource(std::string fs_path, uint64_t size, uint64_t device, uint64_t inode)
      : fs_path_(std::move(fs_path)), size_(size), device_(device), inode_(inode) {}
  std::string fs_path_;
  uint64_t size_;            // as of create(): a log growing while we read is read up to this size
  uint64_t device_, inode_;  // as of create(): which file "the same path" must still be
};

// Opens fs_path safely (O_NOFOLLOW, regular files only); returns the fd and its size (and, when
// asked, its device and inode).
Result<int> open_regular_file(const std::string& fs_path, uint64_t* size,
                              uint64_t* device = nullptr, uint64_t* inode = nullptr);

}  // namespace wid
