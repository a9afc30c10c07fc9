// One file in, evidence out: hashes the bytes as stored (big logs only when asked), sees through
// gzip, classifies the content (sniff.h), and files what it is: a LogSource for the scanner, typed
// records from a YAML/JSON/PEM/JWT/env file, or an unreadable / skipped record that says why.
// Archives found inside the input (a .tar.gz in a directory or inside the bundle) are read one
// level deep.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/evidence.h"
#include "analyzer/model/limits.h"
#include "collectors/parse/token_verify.h"

namespace wid {

struct IngestOptions {
  // Hash every file; by default logs over limits::kMaxHashedLogBytes are listed without a sha256.
  bool hash_all = false;
  // Canonical absolute path of the repository being checked (--source-root); files read from disk
  // under it get InputFile::source_path, relative to it. Empty: none.
  std::string source_root;
  // Files a directory walk reads before it stops (--max-files).
  size_t max_directory_files = limits::kMaxDirectoryFiles;
};

class Ingestor {
 public:
  explicit Ingestor(EvidenceStore& store, IngestOptions options = {})
      : store_(store), options_(options) {}

  // A regular file on disk; fs_path is where it is, path what the evidence calls it.
  void add_disk_file(const std::string& path, const std::string& fs_path, int archive_depth);
  // A file held in memory (an archive member). truncated: the archive ended inside it.
  void add_memory_file(const std::string& path, std::shared_ptr<const std::string> data,
                       int archive_depth, bool truncated = false);
  // Something listed but not read (a symlink, a device, an unsafe archive name). unsafe: also
  // an unreadable-input warning, since a bundle should never hold such names.
  void add_skipped(const std::string& path, const std::string& reason, bool unsafe);
  // A problem with an input as a whole (a truncated archive, a cap reached): listed as an
  // unreadable input and kept for the collector status.
  void add_problem(const std::string& path, const std::string& type, const std::string& message);
  // A bound that cut an input short: an ANALYSIS_LIMIT_REACHED finding, and a collector problem.
  void add_limit(const std::string& path, const std::string& limit, const std::string& flag,
                 const std::string& detail);
  const IngestOptions& options() const { return options_; }

  // Reads the members of an archive (on disk when fs_path is set, else in memory) under prefix.
  void add_archive_members(const std::string& prefix, const std::string& fs_path,
                           const std::shared_ptr<const std::string>& data, int archive_depth);

  const std::vector<std::string>& problems() const { return problems_; }

  // Checks the signature of every token filed so far against every key filed so far, then
  // cleanses the signed parts. Run once, after the last input, before records are reordered.
  void verify_token_signatures() { pending_.verify_all(store_); }

 private:
  void ingest(InputFile in, std::shared_ptr<const ChunkSource> raw, const std::string& fs_path,
              std::shared_ptr<const std::string> whole, int archive_depth);

  EvidenceStore& store_;
  IngestOptions options_;
  std::vector<std::string> problems_;
  PendingSignatures pending_;  // signed parts of tokens, never in the store
};

}  // namespace wid
