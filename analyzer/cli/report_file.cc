#include "analyzer/cli/report_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace wid {
namespace {

Error write_error(const std::string& path, int err) {
  return make_error(ErrorCode::kUnreadable, "cannot write " + path + ": " + std::strerror(err));
}

// Every byte, or the errno that stopped it (0 when all were written).
int write_all(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += static_cast<size_t>(n);
  }
  return 0;
}

// A device or FIFO: written where it is, since it cannot be renamed over.
Status write_in_place(const std::string& path, const std::string& data) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return write_error(path, errno);
  int e = write_all(fd, data);
  if (::close(fd) != 0 && e == 0) e = errno;
  if (e != 0) return write_error(path, e);
  return Ok{};
}

std::string directory_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

Status write_report_file(const std::string& path, const std::string& data) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) return write_error(path, ELOOP);
    if (S_ISDIR(st.st_mode)) return write_error(path, EISDIR);
    if (!S_ISREG(st.st_mode)) return write_in_place(path, data);
  }
  // A dot-file beside PATH: the rename stays within one file system, so it is atomic.
  std::string tmpl = directory_of(path) + "/." + base_of(path) + ".wid-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = ::mkostemp(name.data(), O_CLOEXEC);  // created 0600
  if (fd < 0) return write_error(path, errno);
  int e = write_all(fd, data);
  // Synced before the rename, so a crash or power loss leaves the old report or the whole new one.
  if (e == 0 && ::fsync(fd) != 0 && errno != EINVAL) e = errno;
  if (::close(fd) != 0 && e == 0) e = errno;
  if (e == 0 && ::rename(name.data(), path.c_str()) != 0) e = errno;
  if (e != 0) {
    ::unlink(name.data());
    return write_error(path, e);
  }
  return Ok{};
}

}  // namespace wid
