// Test support: LogSources over plain files, for tests that drive the log
// scanner directly (differential tests, envelopes) without going through the bundle reader.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/evidence.h"

namespace wid::test {

// The collectors' FileSource over one file on disk; aborts the test run when it cannot be opened.
// (In-memory bytes: analyzer/model/memory_source.h.)
std::shared_ptr<const ChunkSource> file_chunk_source(const std::string& path);

// Every regular file under root (recursively, symlinks not followed), as LogSources whose paths
// are relative to root ('/'-separated) and sorted; component from the content sniffer (or
// "unknown") (never CRI-framed).
std::vector<LogSource> log_sources_under(const std::string& root);

// One LogSource for one file, path as given.
LogSource log_source_for(const std::string& file, const std::string& rel_path,
                         const std::string& component);

}  // namespace wid::test
