// A ChunkSource that hashes its bytes as a reader takes them: the scanner's read of a log gives
// the log's sha256 too, and the ingest does not read the file a second time to hash it.
// Only a reader from open() that reads to the end without an error counts; a range, an early
// stop or a failed read leaves the digest to settle(), which reads the bytes itself.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "analyzer/model/chunk_reader.h"

namespace wid {

class HashingSource : public ChunkSource,
                      public PendingDigest,
                      public std::enable_shared_from_this<HashingSource> {
 public:
  explicit HashingSource(std::shared_ptr<const ChunkSource> inner) : inner_(std::move(inner)) {}

  Result<std::unique_ptr<ChunkReader>> open() const override;
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override {
    return inner_->open_range(offset, length);
  }
  bool seekable() const override { return inner_->seekable(); }
  uint64_t size() const override { return inner_->size(); }

  Result<std::string> settle() const override;
  // Called by a reader that read all size() bytes in order; the first one wins.
  void fill(std::string hex) const;

 private:
  std::shared_ptr<const ChunkSource> inner_;
  mutable std::mutex mu_;
  mutable std::optional<std::string> hex_;
};

}  // namespace wid
