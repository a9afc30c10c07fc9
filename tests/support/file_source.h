// Test support: LogSources over plain files and in-memory text, for tests that drive the log
// scanner directly (differential tests, envelopes) without going through the bundle reader.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/evidence.h"

namespace wid::test {

// A seekable ChunkSource over one file on disk (pread, so ranges can be read in parallel).
std::shared_ptr<const ChunkSource> file_chunk_source(const std::string& path);

// A seekable ChunkSource over bytes held in memory.
std::shared_ptr<const ChunkSource> memory_chunk_source(std::string bytes);

// Every regular file under root (recursively, symlinks not followed), as LogSources whose paths
// are relative to root ('/'-separated) and sorted; component from the content sniffer (or
// "unknown"), format "plain".
std::vector<LogSource> log_sources_under(const std::string& root);

// One LogSource for one file, path as given.
LogSource log_source_for(const std::string& file, const std::string& rel_path,
                         const std::string& component);

}  // namespace wid::test
