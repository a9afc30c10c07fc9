#include "collectors/bundle/bundle_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "collectors/bundle/archive_reader.h"
#include "collectors/bundle/file_source.h"
#include "collectors/bundle/ingest.h"
#include "collectors/bundle/member_path.h"
#include "collectors/parse/parse_live_records.h"
#include "collectors/parse/typed_objects.h"

namespace wid {
namespace {

namespace fs = std::filesystem;

bool named_like_archive(const std::string& path) {
  const std::string p = to_lower_ascii(path);
  return ends_with(p, ".tar") || ends_with(p, ".tar.gz") || ends_with(p, ".tgz") ||
         ends_with(p, ".zip");
}

const char* special_kind(const fs::file_status& st) {
  switch (st.type()) {
    case fs::file_type::symlink:
      return "symbolic link (not followed)";
    case fs::file_type::fifo:
      return "FIFO (only regular files are read)";
    case fs::file_type::socket:
      return "socket (only regular files are read)";
    case fs::file_type::block:
      return "block device (only regular files are read)";
    case fs::file_type::character:
      return "character device (only regular files are read)";
    default:
      return "not a regular file";
  }
}

// The entry's own type (a symlink is not followed), from the listing (d_type) when the file
// system gives one: no lstat per file here, since FileSource::create makes one anyway.
fs::file_status listed_status(const fs::directory_entry& e, std::error_code& ec) {
  if (e.is_symlink(ec)) return fs::file_status(fs::file_type::symlink);
  if (!ec && e.is_regular_file(ec)) return fs::file_status(fs::file_type::regular);
  if (!ec && e.is_directory(ec)) return fs::file_status(fs::file_type::directory);
  return e.symlink_status(ec);
}

// Walks a directory without following symlinks, in name order (so two runs list files in the same
// order), up to IngestOptions::max_directory_files files. `.git` is not evidence and is passed
// over.
void walk_directory(const fs::path& root, const std::string& prefix, Ingestor& ing) {
  struct Pending {
    fs::path dir;
    std::string rel;
  };
  std::vector<Pending> stack{{root, ""}};
  size_t files = 0;
  while (!stack.empty()) {
    Pending cur = std::move(stack.back());
    stack.pop_back();
    std::error_code ec;
    fs::directory_iterator it(cur.dir, fs::directory_options::none, ec);
    if (ec) {
      ing.add_problem(join_path(prefix, cur.rel), "directory",
                      "cannot list directory: " + ec.message());
      continue;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
      return a.path().filename() < b.path().filename();
    });
    std::vector<Pending> subdirs;
    for (const auto& e : entries) {
      const std::string name = e.path().filename().string();
      const std::string rel = cur.rel.empty() ? to_utf8(name) : cur.rel + "/" + to_utf8(name);
      const std::string path = join_path(prefix, rel);
      const fs::file_status st = listed_status(e, ec);
      if (ec) {
        ing.add_skipped(path, "cannot stat: " + ec.message(), false);
        continue;
      }
      if (st.type() == fs::file_type::directory) {
        if (name != ".git") subdirs.push_back({e.path(), rel});
        continue;
      }
      if (++files > ing.options().max_directory_files) {
        ing.add_limit(path, "files per directory walk", "--max-files",
                      "more than " + std::to_string(ing.options().max_directory_files) +
                          " files: this file and every one after it (in name order) were not "
                          "read");
        return;
      }
      if (st.type() == fs::file_type::symlink) {
        // Named like the archive reader names it, so a directory and its tarball read the same.
        fs::path target = fs::read_symlink(e.path(), ec);
        ing.add_skipped(path,
                        ec ? std::string(special_kind(st))
                           : "symbolic link to '" +
                                 escape_controls(truncate_utf8(to_utf8(target.string()), 200)) +
                                 "' (not followed)",
                        false);
        continue;
      }
      if (st.type() != fs::file_type::regular) {
        ing.add_skipped(path, special_kind(st), false);
        continue;
      }
      ing.add_disk_file(path, e.path().string(), /*archive_depth=*/0);
    }
    // Depth-first in name order: push in reverse so the first name is visited first.
    for (auto it2 = subdirs.rbegin(); it2 != subdirs.rend(); ++it2) stack.push_back(*it2);
  }
}

SourceRef where(const std::string& path) {
  SourceRef r;
  r.path = to_utf8(path);
  return r;
}

// Every PATH must exist before anything is read, so a typo fails fast and alone.
Result<std::vector<struct stat>> stat_paths(const std::vector<std::string>& paths) {
  std::vector<struct stat> stats(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    if (::stat(paths[i].c_str(), &stats[i]) != 0) {
      const int err = errno;
      if (err == ENOENT || err == ENOTDIR) {
        return make_error(ErrorCode::kNotFound, "no such file or directory: " + to_utf8(paths[i]),
                          where(paths[i]));
      }
      return make_error(ErrorCode::kUnreadable,
                        "cannot read " + to_utf8(paths[i]) + ": " + std::strerror(err),
                        where(paths[i]));
    }
    if (!S_ISDIR(stats[i].st_mode) && !S_ISREG(stats[i].st_mode)) {
      return make_error(ErrorCode::kUnreadable, "not a file or directory: " + to_utf8(paths[i]),
                        where(paths[i]));
    }
  }
  return stats;
}

// One PATH: paths are relative to it (a single file is named by its basename). Several: each
// is prefixed with its own basename, made unique if two share one.
std::vector<std::string> path_prefixes(const std::vector<std::string>& paths) {
  std::vector<std::string> prefixes(paths.size());
  if (paths.size() <= 1) return prefixes;
  std::map<std::string, int> used;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string base = to_utf8(base_name(fs::path(paths[i]).lexically_normal().string()));
    if (base.empty() || base == "." || base == "..") {
      std::error_code ec;
      base = to_utf8(fs::weakly_canonical(paths[i], ec).filename().string());
    }
    if (base.empty()) base = "input";
    int n = ++used[base];
    prefixes[i] = n == 1 ? base : base + "-" + std::to_string(n);
  }
  return prefixes;
}

// A PATH that is a file: a tar/tar.gz/zip bundle is read member by member, anything else is one
// input.
Status read_file_path(const std::string& path, const fs::path& real, const std::string& prefix,
                      Ingestor& ing) {
  // Opened once here: a PATH the user named that cannot be read is an error, not an input entry.
  auto src = FileSource::create(real.string());
  auto opened = src ? (*src)->open() : Result<std::unique_ptr<ChunkReader>>(src.error());
  if (!opened) {
    return make_error(ErrorCode::kUnreadable,
                      "cannot read " + to_utf8(path) + ": " + opened.error().message, where(path));
  }
  const std::string base = to_utf8(base_name(real.string()));
  const std::string name = prefix.empty() ? base : prefix;
  if (detect_archive(**src) == ArchiveKind::kNone) {
    if (named_like_archive(real.string())) {
      return make_error(ErrorCode::kUnreadable,
                        to_utf8(path) +
                            ": not a tar, tar.gz or zip archive (unsupported archive format; "
                            "only tar, optionally gzip-compressed, and zip are read)",
                        where(path));
    }
    ing.add_disk_file(name, real.string(), 0);
    return Ok{};
  }
  ArchiveVisitor v;
  v.on_file = [&](ArchiveFile f) {
    ing.add_memory_file(join_path(prefix, f.path), std::move(f.data), 0, f.truncated);
  };
  v.on_skip = [&](const ArchiveSkip& s) { ing.add_archive_skip(join_path(prefix, s.name), s); };
  auto r = read_archive_file(real.string(), v, ing.options().archive);
  if (!r) {
    return make_error(ErrorCode::kUnreadable, to_utf8(path) + ": " + r.error().message,
                      where(path));
  }
  if (r->error) ing.add_archive_error(name, *r->error);
  return Ok{};
}

// One PATH, directory or file, as one collector whose error lists the problems met reading it.
Result<CollectorStatus> read_path(const std::string& path, const struct stat& st,
                                  const std::string& prefix, Ingestor& ing) {
  CollectorStatus status;
  status.name = "bundle:" + to_utf8(path);
  status.status = CollectorState::kCollected;
  const size_t problems_before = ing.problems().size();
  // A PATH the user named may be a symlink (to a bundle elsewhere): follow that one only.
  std::error_code ec;
  fs::path real = fs::canonical(path, ec);
  if (ec) real = path;
  if (S_ISDIR(st.st_mode)) {
    walk_directory(real, prefix, ing);
  } else if (Status read = read_file_path(path, real, prefix, ing); !read.ok()) {
    return read.error();
  }
  for (size_t p = problems_before; p < ing.problems().size(); ++p) {
    if (!status.error.empty()) status.error += "; ";
    status.error += ing.problems()[p];
  }
  return status;
}

// Record order must not depend on how the input was packed (a directory walk and a tarball
// visit files in different orders): everything is sorted by where it came from.
void order_records(EvidenceStore& store) {
  std::stable_sort(store.inputs.begin(), store.inputs.end(),
                   [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
  auto by_source = [](auto& records) {
    std::stable_sort(records.begin(), records.end(),
                     [](const auto& a, const auto& b) { return a.source < b.source; });
  };
  by_source(store.logs);
  by_source(store.objects);
  file_typed_objects(store);
  by_source(store.apiservers);
  by_source(store.federated_credentials);
  by_source(store.identities);
  by_source(store.role_assignments);
  by_source(store.role_definitions);
  by_source(store.discoveries);
  by_source(store.jwks);
  by_source(store.tokens);
  by_source(store.keys);
  by_source(store.settings);
  by_source(store.unreadable);
  by_source(store.issuer_fetches);
  by_source(store.kube_connections);
  by_source(store.token_verifications);
}

}  // namespace

void read_memory_files(const std::vector<MemoryFile>& files, EvidenceStore& store,
                       IngestOptions options) {
  Ingestor ing(store, std::move(options));
  const size_t first = store.inputs.size();
  for (const MemoryFile& f : files) ing.add_memory_file(f.path, f.data, /*archive_depth=*/0);
  for (size_t i = first; i < store.inputs.size(); ++i)
    for (const MemoryFile& f : files)
      if (f.path == store.inputs[i].path) store.inputs[i].url = f.url;
  ing.verify_token_signatures();
  apply_token_verifications(store);
  order_records(store);
}

Result<BundleReadResult> read_bundle(const std::vector<std::string>& paths, EvidenceStore& store,
                                     IngestOptions options) {
  if (paths.empty()) return make_error(ErrorCode::kInvalidArgument, "no input path given");
  auto stats = stat_paths(paths);
  if (!stats) return stats.error();
  const std::vector<std::string> prefixes = path_prefixes(paths);

  BundleReadResult result;
  Ingestor ing(store, std::move(options));
  for (size_t i = 0; i < paths.size(); ++i) {
    auto status = read_path(paths[i], (*stats)[i], prefixes[i], ing);
    if (!status) return status.error();
    result.collectors.push_back(std::move(*status));
  }

  // Keys may come after the tokens they sign (keys/ sorts after cluster/tokens/): every token is
  // checked once everything is read, while store.tokens still has the order pending_ recorded.
  ing.verify_token_signatures();
  apply_token_verifications(store);
  order_records(store);
  // A tree of thousands of small files leaves these lists up to half empty after their last
  // doubling; they live to the end of the run.
  store.inputs.shrink_to_fit();
  store.logs.shrink_to_fit();
  return result;
}

}  // namespace wid
