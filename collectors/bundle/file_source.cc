#include "collectors/bundle/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace wid {
namespace {

class FileReader : public ChunkReader {
 public:
  FileReader(int fd, uint64_t begin, uint64_t end) : fd_(fd), pos_(begin), end_(end) {}
  ~FileReader() override { ::close(fd_); }
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  Result<size_t> read(char* buf, size_t cap) override {
    if (pos_ >= end_ || cap == 0) return size_t{0};
    const size_t want = static_cast<size_t>(std::min<uint64_t>(cap, end_ - pos_));
    while (true) {
      ssize_t n = ::pread(fd_, buf, want, static_cast<off_t>(pos_));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        return make_error(ErrorCode::kUnreadable,
                          std::string("read failed: ") + std::strerror(errno));
      }
      // Shorter than when it was listed: cut while we read (copytruncate rotation). What came
      // before is kept; the caller learns how much was not read.
      if (n == 0) {
        const uint64_t missing = end_ - pos_;
        end_ = pos_;
        return make_error(ErrorCode::kUnreadable,
                          "changed while being read: truncated at byte " + std::to_string(pos_) +
                              ", " + std::to_string(missing) +
                              " bytes listed were not read (rotated by copytruncate?)");
      }
      pos_ += static_cast<uint64_t>(n);
      return static_cast<size_t>(n);
    }
  }

 private:
  int fd_;
  uint64_t pos_;
  uint64_t end_;
};

}  // namespace

Result<int> open_regular_file(const std::string& fs_path, uint64_t* size, uint64_t* device,
                              uint64_t* inode) {
  int fd = ::open(fs_path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) return make_error(ErrorCode::kNotFound, "no such file");
    if (err == ELOOP)
      return make_error(ErrorCode::kUnreadable, "is a symbolic link (not followed)");
    return make_error(ErrorCode::kUnreadable, std::string("cannot open: ") + std::strerror(err));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return make_error(ErrorCode::kUnreadable, "not a regular file");
  }
  // O_NONBLOCK only guarded the open of a FIFO; it has no effect on a regular file's reads
  // (open(2)), so it stays set: clearing it cost two system calls a file.
  if (size != nullptr) *size = static_cast<uint64_t>(st.st_size);
  if (device != nullptr) *device = static_cast<uint64_t>(st.st_dev);
  if (inode != nullptr) *inode = static_cast<uint64_t>(st.st_ino);
  return fd;
}

// lstat, not open: listing a file is one system call. Whether it can be read is learnt when it is
// opened, and open_range checks that it is still the file listed here.
Result<std::shared_ptr<FileSource>> FileSource::create(const std::string& fs_path) {
  struct stat st {};
  if (::lstat(fs_path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == ENOENT) return make_error(ErrorCode::kNotFound, "no such file");
    return make_error(ErrorCode::kUnreadable, std::string("cannot stat: ") + std::strerror(err));
  }
  if (S_ISLNK(st.st_mode))
    return make_error(ErrorCode::kUnreadable, "is a symbolic link (not followed)");
  if (!S_ISREG(st.st_mode)) return make_error(ErrorCode::kUnreadable, "not a regular file");
  return std::shared_ptr<FileSource>(new FileSource(fs_path, static_cast<uint64_t>(st.st_size),
                                                    static_cast<uint64_t>(st.st_dev),
                                                    static_cast<uint64_t>(st.st_ino)));
}

Result<std::unique_ptr<ChunkReader>> FileSource::open() const { return open_range(0, size_); }

Result<std::unique_ptr<ChunkReader>> FileSource::open_range(uint64_t offset,
                                                            uint64_t length) const {
  uint64_t device = 0, inode = 0;
  auto fd = open_regular_file(fs_path_, nullptr, &device, &inode);
  if (!fd) {
    if (fd.error().code == ErrorCode::kNotFound)
      return make_error(ErrorCode::kNotFound, "removed after it was listed; not read");
    return fd.error();
  }
  if (device != device_ || inode != inode_) {
    ::close(*fd);
    return make_error(
        ErrorCode::kUnreadable,
        "replaced after it was listed (rotated by rename?); the new file is not read");
  }
  if (offset > size_) offset = size_;
  const uint64_t end = length > size_ - offset ? size_ : offset + length;
  return std::unique_ptr<ChunkReader>(new FileReader(*fd, offset, end));
}

}  // namespace wid
