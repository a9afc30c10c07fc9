// A streaming ChunkSource that inflates gzip data from another ChunkSource (a .log.gz file or an
// archive member held in memory), so a compressed log is scanned in blocks and never inflated
// whole. zlib's inflate is driven directly rather than through gzread so one code path serves
// files and memory alike. Concatenated members (rotated logs catted together) are all read;
// trailing non-gzip bytes end the stream as gzip(1) does. A stream that ends early yields the data
// read so far and then an Error; output past the decompressed cap is an Error (gzip bombs).
#pragma once

#include <memory>
#include <string_view>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/limits.h"

namespace wid {

class GzipSource : public ChunkSource {
 public:
  explicit GzipSource(std::shared_ptr<const ChunkSource> compressed,
                      uint64_t max_output = limits::kMaxDecompressedBytes)
      : compressed_(std::move(compressed)), max_output_(max_output) {}

  Result<std::unique_ptr<ChunkReader>> open() const override;
  uint64_t size() const override { return compressed_->size(); }

 private:
  std::shared_ptr<const ChunkSource> compressed_;
  uint64_t max_output_;
};

// True when bytes start with the gzip magic 1f 8b.
bool has_gzip_magic(std::string_view bytes);

}  // namespace wid
