// The interface the log scanner reads through. Collectors implement it for a plain file, a .gz
// stream, an archive member and (later) an HTTP log stream, so the scanner never loads a log whole.
#pragma once

#include <cstddef>
#include <memory>

#include "analyzer/model/result.h"

namespace wid {

class ChunkReader {
 public:
  virtual ~ChunkReader() = default;
  // Reads up to cap bytes into buf. Returns the count; 0 means end of input. An error (a truncated
  // gzip stream, an I/O failure) ends the stream; what was read before it stays valid.
  virtual Result<size_t> read(char* buf, size_t cap) = 0;
};

// Opens a fresh reader over the same content each time it is called (so a file can be sniffed,
// then scanned, or split into work units).
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  virtual Result<std::unique_ptr<ChunkReader>> open() const = 0;
  // Random access for splitting a large plain file into work units; nullptr when the source is a
  // stream (gzip, archive member).
  virtual Result<std::unique_ptr<ChunkReader>> open_range(uint64_t /*offset*/,
                                                          uint64_t /*length*/) const {
    return make_error(ErrorCode::kUnsupported, "source is not seekable");
  }
  virtual bool seekable() const { return false; }
  virtual uint64_t size() const = 0;  // bytes as stored; for streams the compressed size
};

// The SHA-256 of a source's bytes as stored, taken while another reader reads them: a log the
// ingest left unhashed is hashed by the scanner's one read of it, so it is read once, not twice.
class PendingDigest {
 public:
  virtual ~PendingDigest() = default;
  // Lower-case hex: from a reader that read the bytes whole and in order, else read again now.
  virtual Result<std::string> settle() const = 0;
};

}  // namespace wid
