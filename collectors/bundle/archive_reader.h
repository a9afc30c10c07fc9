// Reads a .tar, .tar.gz, .tgz or .zip in memory with libarchive, with only the gzip filter and the
// tar and zip formats enabled (no rar/7z/iso/cpio attack surface). A zip is how GitHub Actions
// hands out artifacts; its entries go through the same rules as a tar's. Regular files are handed
// to the caller with their bytes; everything else (symlinks, hardlinks, devices, FIFOs, sockets,
// unsafe or duplicate names, oversized entries) is reported as skipped with the reason. Nothing is
// written to disk. A truncated or corrupt archive keeps the entries read before the damage and
// reports the error.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/limits.h"
#include "analyzer/model/result.h"

namespace wid {

enum class ArchiveKind { kNone, kTar, kTarGzip, kZip };

// Decides by magic bytes, never by name: a POSIX/GNU/v7 tar header (valid checksum) at offset
// 0, either directly or inside a gzip stream, or a zip's first local header (or the end record of
// an empty zip).
ArchiveKind detect_archive(const ChunkSource& raw);
bool is_tar_header(std::string_view block);
bool is_zip_header(std::string_view block);

struct ArchiveFile {
  std::string path;  // normalized member name (no leading ./)
  std::shared_ptr<const std::string> data;
  bool truncated = false;  // the archive ended inside this entry; data is what was read
};

struct ArchiveSkip {
  std::string name;         // the raw name, made valid UTF-8 (for the inputs list)
  std::string reason;       // e.g. "symbolic link to '/etc' (not followed)"
  bool unsafe = false;      // an escaping or absolute name: worth a warning, not just a listing
  bool over_limit = false;  // an entry over ArchiveLimits::max_entry_bytes: a limit reached
};

struct ArchiveLimits {
  size_t max_entries = limits::kMaxArchiveEntries;
  uint64_t max_entry_bytes = limits::kMaxArchiveEntryBytes;
  uint64_t max_total_bytes = limits::kMaxArchiveTotalBytes;
};

struct ArchiveSummary {
  size_t entries = 0;          // headers read
  std::optional<Error> error;  // truncated, corrupt, or a limit hit: what came before is kept
};

struct ArchiveVisitor {
  std::function<void(ArchiveFile)> on_file;
  std::function<void(ArchiveSkip)> on_skip;
};

// From a file on disk (opened with O_NOFOLLOW, regular files only) or from bytes in memory.
// Fails (kUnreadable) only when the input is not a readable tar / tar.gz / zip at all.
Result<ArchiveSummary> read_archive_file(const std::string& fs_path, const ArchiveVisitor& visitor,
                                         const ArchiveLimits& limits = {});
Result<ArchiveSummary> read_archive_memory(const std::shared_ptr<const std::string>& bytes,
                                           const ArchiveVisitor& visitor,
                                           const ArchiveLimits& limits = {});

}  // namespace wid
