#include "collectors/bundle/archive_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <unistd.h>

#include <set>

#include "analyzer/model/text.h"
#include "collectors/bundle/file_source.h"
#include "collectors/bundle/gzip_source.h"
#include "collectors/bundle/member_path.h"

namespace wid {
namespace {

constexpr size_t kTarBlock = 512;
constexpr size_t kReadChunk = 64 * limits::kKiB;
// Upfront reservation is capped: a header may claim a size its body never delivers.
constexpr uint64_t kMaxReserve = 64 * limits::kMiB;

struct ArchiveDeleter {
  void operator()(archive* a) const { archive_read_free(a); }
};

std::string lib_message(archive* a) {
  const char* m = archive_error_string(a);
  return m ? escape_controls(truncate_utf8(to_utf8(m), 200)) : "unknown error";
}

// Reads up to n bytes from the start of a source.
std::string read_prefix(const ChunkSource& src, size_t n) {
  std::string out;
  auto r = src.open();
  if (!r) return out;
  out.resize(n);
  size_t got = 0;
  while (got < n) {
    auto k = (*r)->read(out.data() + got, n - got);
    if (!k || *k == 0) break;
    got += *k;
  }
  out.resize(got);
  return out;
}

class NonOwningSource : public ChunkSource {
 public:
  explicit NonOwningSource(const ChunkSource& s) : s_(s) {}
  Result<std::unique_ptr<ChunkReader>> open() const override { return s_.open(); }
  uint64_t size() const override { return s_.size(); }

 private:
  const ChunkSource& s_;
};

const char* type_name(mode_t t) {
  switch (t) {
    case AE_IFIFO:
      return "FIFO";
    case AE_IFCHR:
      return "character device";
    case AE_IFBLK:
      return "block device";
    case AE_IFSOCK:
      return "socket";
    case AE_IFDIR:
      return "directory";
    default:
      return "special file";
  }
}

Result<ArchiveSummary> read_entries(archive* a, const ArchiveVisitor& v, const ArchiveLimits& lim) {
  ArchiveSummary sum;
  std::set<std::string> seen;
  uint64_t total = 0;
  std::string chunk(kReadChunk, '\0');
  while (true) {
    archive_entry* e = nullptr;
    int r = archive_read_next_header(a, &e);
    if (r == ARCHIVE_EOF) break;
    if (r == ARCHIVE_FATAL || r == ARCHIVE_RETRY || e == nullptr) {
      if (sum.entries == 0) {
        return make_error(ErrorCode::kUnreadable, "not a readable archive: " + lib_message(a));
      }
      sum.error =
          make_error(ErrorCode::kUnreadable,
                     "archive truncated or corrupt after entry " + std::to_string(sum.entries) +
                         ": " + lib_message(a) + "; the entries before it are read");
      break;
    }
    // ARCHIVE_WARN (an odd header field) still gives a usable entry.
    if (++sum.entries > lim.max_entries) {
      sum.error =
          make_error(ErrorCode::kLimit, "archive has more than " + std::to_string(lim.max_entries) +
                                            " entries; the rest is not read");
      break;
    }
    const char* raw_name = archive_entry_pathname(e);
    if (raw_name == nullptr) raw_name = archive_entry_pathname_utf8(e);
    if (raw_name == nullptr) {
      v.on_skip({"(unnamed entry " + std::to_string(sum.entries) + ")",
                 "entry name cannot be decoded", false});
      continue;
    }
    const std::string shown = to_utf8(raw_name);
    const mode_t type = archive_entry_filetype(e);
    if (type == AE_IFDIR) continue;
    // A zip entry's password is not ours to ask for.
    if (archive_entry_is_encrypted(e)) {
      v.on_skip({shown, "encrypted entry (not read)", false});
      continue;
    }  // directories carry no content; their files come on their own
    auto normalized = normalize_member_path(raw_name);
    if (!normalized) {
      v.on_skip({shown, "unsafe path in archive: " + normalized.error().message, true});
      continue;
    }
    if (normalized->empty()) continue;
    // Model paths are valid UTF-8 (a Latin-1 name shows U+FFFD), decided once here.
    const std::optional<std::string> norm = to_utf8(*normalized);
    if (archive_entry_hardlink(e) != nullptr) {
      v.on_skip({*norm, "hard link (not followed)", false});
      continue;
    }
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(e);
      v.on_skip({*norm,
                 "symbolic link" +
                     (target ? " to '" + escape_controls(truncate_utf8(to_utf8(target), 200)) + "'"
                             : std::string()) +
                     " (not followed)",
                 false});
      continue;
    }
    if (type != AE_IFREG) {
      v.on_skip({*norm, std::string(type_name(type)) + " (only regular files are read)", false});
      continue;
    }
    if (seen.count(*norm) != 0) {
      v.on_skip({*norm + " (duplicate)", "duplicate entry (the first one is kept)", false});
      continue;
    }
    const int64_t claimed = archive_entry_size_is_set(e) ? archive_entry_size(e) : 0;
    if (claimed < 0 || static_cast<uint64_t>(claimed) > lim.max_entry_bytes) {
      v.on_skip({*norm,
                 "entry is " + std::to_string(claimed) + " bytes, over the limit of " +
                     std::to_string(lim.max_entry_bytes) + " bytes",
                 false, true});
      seen.insert(*norm);
      continue;
    }
    if (total + static_cast<uint64_t>(claimed) > lim.max_total_bytes) {
      sum.error = make_error(ErrorCode::kLimit, "archive holds more than " +
                                                    std::to_string(lim.max_total_bytes) +
                                                    " bytes of files; the rest is not read");
      break;
    }
    auto data = std::make_shared<std::string>();
    data->reserve(
        static_cast<size_t>(std::min<uint64_t>(static_cast<uint64_t>(claimed), kMaxReserve)));
    bool truncated = false, too_big = false;
    while (true) {
      la_ssize_t n = archive_read_data(a, chunk.data(), chunk.size());
      if (n == 0) break;
      if (n < 0) {
        truncated = true;
        break;
      }
      // The header's size may lie (pax size=, sparse maps): count what really comes.
      if (data->size() + static_cast<size_t>(n) > lim.max_entry_bytes) {
        too_big = true;
        break;
      }
      data->append(chunk.data(), static_cast<size_t>(n));
    }
    seen.insert(*norm);
    if (too_big) {
      v.on_skip({*norm,
                 "entry is over the limit of " + std::to_string(lim.max_entry_bytes) + " bytes",
                 false, true});
      continue;
    }
    total += data->size();
    if (truncated) {
      sum.error = make_error(ErrorCode::kUnreadable,
                             "archive truncated inside entry " + std::to_string(sum.entries) +
                                 " (" + *norm + "): " + lib_message(a) +
                                 "; the entries before it and the part read are kept");
    }
    v.on_file({*norm, std::move(data), truncated});
    if (truncated) break;
  }
  return sum;
}

std::unique_ptr<archive, ArchiveDeleter> new_reader() {
  std::unique_ptr<archive, ArchiveDeleter> a(archive_read_new());
  if (a) {
    archive_read_support_filter_gzip(a.get());
    archive_read_support_format_tar(a.get());
    archive_read_support_format_zip(a.get());
  }
  return a;
}

}  // namespace

bool is_tar_header(std::string_view block) {
  if (block.size() < kTarBlock) return false;
  // ustar ("ustar\0" POSIX, "ustar  \0" GNU) at 257, or a v7 header with a valid checksum.
  // The checksum field is read before the block is summed: every file's head is asked, and a
  // text's bytes at 148 are not octal digits, so most are turned away there.
  std::string_view field = block.substr(148, 8);
  unsigned stored = 0;
  bool any = false;
  for (char c : field) {
    if (c >= '0' && c <= '7') {
      stored = stored * 8 + static_cast<unsigned>(c - '0');
      any = true;
    } else if (c == ' ' || c == '\0') {
      if (any) break;
    } else {
      return false;
    }
  }
  if (!any) return false;
  unsigned sum = 0;
  for (size_t i = 0; i < kTarBlock; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(block[i]);
  }
  if (stored != sum) return false;
  return block[0] != '\0';  // an all-zero block is the end-of-archive marker, not a header
}

bool is_zip_header(std::string_view block) {
  return starts_with(block, std::string_view("PK\x03\x04", 4)) ||
         starts_with(block, std::string_view("PK\x05\x06", 4));
}

ArchiveKind detect_archive(const ChunkSource& raw) {
  // An archive with no entries is its end marker alone: two zero blocks.
  auto empty_tar = [](const std::string& s) {
    return s.size() >= 2 * kTarBlock && s.find_first_not_of('\0') == std::string::npos;
  };
  std::string head = read_prefix(raw, 2 * kTarBlock);
  if (is_tar_header(head) || empty_tar(head)) return ArchiveKind::kTar;
  if (is_zip_header(head)) return ArchiveKind::kZip;
  if (has_gzip_magic(head)) {
    GzipSource gz(std::make_shared<NonOwningSource>(raw));
    std::string inner = read_prefix(gz, 2 * kTarBlock);
    if (is_tar_header(inner) || empty_tar(inner)) return ArchiveKind::kTarGzip;
  }
  return ArchiveKind::kNone;
}

Result<ArchiveSummary> read_archive_file(const std::string& fs_path, const ArchiveVisitor& visitor,
                                         const ArchiveLimits& limits) {
  auto fd = open_regular_file(fs_path, nullptr);
  if (!fd) return make_error(fd.error().code, "cannot open archive: " + fd.error().message);
  auto a = new_reader();
  if (!a) {
    ::close(*fd);
    return make_error(ErrorCode::kInternal, "libarchive could not be initialised");
  }
  if (archive_read_open_fd(a.get(), *fd, kReadChunk) != ARCHIVE_OK) {
    std::string msg = lib_message(a.get());
    ::close(*fd);
    return make_error(ErrorCode::kUnreadable, "not a readable archive: " + msg);
  }
  auto r = read_entries(a.get(), visitor, limits);
  a.reset();
  ::close(*fd);
  return r;
}

Result<ArchiveSummary> read_archive_memory(const std::shared_ptr<const std::string>& bytes,
                                           const ArchiveVisitor& visitor,
                                           const ArchiveLimits& limits) {
  auto a = new_reader();
  if (!a) return make_error(ErrorCode::kInternal, "libarchive could not be initialised");
  if (archive_read_open_memory(a.get(), bytes->data(), bytes->size()) != ARCHIVE_OK) {
    return make_error(ErrorCode::kUnreadable, "not a readable archive: " + lib_message(a.get()));
  }
  return read_entries(a.get(), visitor, limits);
}

}  // namespace wid
