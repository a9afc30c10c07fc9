// What a live run gathers: the files it fetched, each under its bundle-layout path and already
// redacted, and one status per collector (kube:pods, issuer, ...). `check` reads the files with
// the bundle reader's ingestion; `collect` writes the same files into a tarball.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/redact.h"
#include "collectors/bundle/bundle_reader.h"

namespace wid {

class LiveBundle {
 public:
  // Adds a fetched body: redacted here, once, so nothing unredacted is ever kept.
  void add(const std::string& path, std::string_view body, const std::string& url);
  void add_status(CollectorStatus status);
  // Files another bundle's files, statuses and redaction counts after this one's (a part one
  // parallel read filled), as if they had been added here in that order.
  void append(LiveBundle&& part);
  // Called with each status as it is added (progress on stderr); parts have none.
  void on_status(std::function<void(const CollectorStatus&)> f) { on_status_ = std::move(f); }

  const std::vector<MemoryFile>& files() const { return files_; }
  const std::vector<CollectorStatus>& collectors() const { return collectors_; }
  const RedactionCounts& redactions() const { return redactions_; }

  // Rewrites every file's path, body and URL and every collector's error with f, and adds n to
  // the redaction count of kind (--pseudonymize, once the run's reads are done).
  void rewrite(const std::function<std::string(std::string_view)>& f, const std::string& kind,
               int n);

 private:
  std::vector<MemoryFile> files_;
  std::vector<CollectorStatus> collectors_;
  RedactionCounts redactions_;
  std::function<void(const CollectorStatus&)> on_status_;
};

// Times one collector: construct it, then finish it as collected, failed or skipped.
class CollectorTimer {
 public:
  explicit CollectorTimer(std::string name)
      : name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}
  CollectorStatus finish(CollectorState status, const std::string& error = "",
                         const std::string& needs = "") const;

 private:
  std::string name_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace wid
