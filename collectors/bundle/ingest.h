// One file in, evidence out: hashes the bytes as stored (big logs only when asked), sees through
// gzip, classifies the content (sniff.h), and files what it is: a LogSource for the scanner, typed
// records from a YAML/JSON/PEM/JWT/env file, or an unreadable / skipped record that says why.
// Archives found inside the input (a .tar.gz in a directory or inside the bundle) are read one
// level deep.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/evidence.h"
#include "analyzer/model/limits.h"
#include "collectors/bundle/archive_reader.h"
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
  // The other bounds a user may raise (analyzer/model/limit_table.h): past each, an input is an
  // ANALYSIS_LIMIT_REACHED finding and what came before the bound is read.
  uint64_t max_total_bytes = limits::kMaxTotalBytes;
  size_t max_structured_bytes = limits::kMaxStructuredFileBytes;
  uint64_t max_decompressed_bytes = limits::kMaxDecompressedBytes;
  ArchiveLimits archive = {};
  // Leave a plain log's sha256 (one read whole as one scan unit) to the scan: its LogSource
  // carries the digest, which analyze() settles into the inputs entry. The log is then read once,
  // not twice. Off, every hashed input has its sha256 when the ingest returns.
  bool hash_logs_in_scan = false;
  // Called with each log as it is filed, before it goes into store.logs: the analysis scans it
  // while the ingest goes on (engine.h, Analysis). The store still gets every log.
  std::function<void(const LogSource&)> on_log = nullptr;
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
  // An archive entry not read (a link, a device, an unsafe name, one over its size bound).
  void add_archive_skip(const std::string& path, const ArchiveSkip& s);
  // What stopped an archive early: a bound (ANALYSIS_LIMIT_REACHED) or damage (unreadable).
  void add_archive_error(const std::string& path, const Error& e);
  const IngestOptions& options() const { return options_; }

  // The total-bytes budget: how many of `size` bytes of the next input may be read. Once an input
  // does not fit, it and every input after it are over the budget (a walk stops at a bound, it
  // does not pick the files that still fit).
  uint64_t budget_for(uint64_t size) const;
  // Says that `read` of the input's `size` bytes were read; what was not is counted in the
  // total-bytes finding, which the first input over the budget gets.
  void charge(const std::string& path, uint64_t size, uint64_t read);
  bool budget_spent() const { return total_limit_at_ != SIZE_MAX; }

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
  uint64_t total_read_ = 0;    // bytes of inputs admitted under max_total_bytes
  // The total-bytes finding, once the budget ran out: its index in store_.limits_reached, and what
  // it counts so far.
  size_t total_limit_at_ = SIZE_MAX;
  uint64_t total_unread_bytes_ = 0;
  size_t total_unread_inputs_ = 0;
};

}  // namespace wid
