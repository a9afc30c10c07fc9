// Reads what the user saved: a directory (walked, symlinks not followed), a .tar / .tar.gz / .tgz
// (read in memory with libarchive: tar + gzip only, regular files only, entry and size caps, names
// with ../ or absolute paths refused and never written anywhere), or single files; .gz log files
// are streamed. Each file is classified by content (sniff.h), structured files are parsed into
// typed evidence, logs are registered as LogSources for the scanner, and every file is listed in
// store.inputs with what it was taken to be.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "analyzer/model/report.h"
#include "analyzer/model/result.h"
#include "collectors/bundle/ingest.h"

namespace wid {

struct BundleReadResult {
  std::vector<CollectorStatus> collectors;  // one per PATH argument
};

// A file a live run fetched, named by its bundle-layout path (logs/<ns>/<pod>/<container>.log,
// cluster/oidc/jwks.json, issuer/fetch.json, ...), already redacted.
struct MemoryFile {
  std::string path;
  std::shared_ptr<const std::string> data;
  std::string url;  // where it was fetched from; "" for files the run wrote itself
};

// Files held in memory, read exactly as the same files in a saved bundle would be: the one
// Ingestor classifies, reads and files them, so a live check and an analyze of its collected
// bundle see the same evidence.
void read_memory_files(const std::vector<MemoryFile>& files, EvidenceStore& store,
                       IngestOptions options = {});

// Fails (exit 2 in the CLI) when a path does not exist or an archive cannot be opened at all.
// Problems inside a readable input (a bad file, an unsafe archive entry) are recorded in
// store.unreadable / store.inputs and the run goes on.
Result<BundleReadResult> read_bundle(const std::vector<std::string>& paths, EvidenceStore& store,
                                     IngestOptions options = {});

}  // namespace wid
