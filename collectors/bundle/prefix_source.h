// The first N bytes of another ChunkSource: a log read up to a limit (--limit total-bytes) is
// scanned as if it ended there, split into work units like any file of that size.
#pragma once

#include <memory>

#include "analyzer/model/chunk_reader.h"

namespace wid {

class PrefixSource : public ChunkSource {
 public:
  PrefixSource(std::shared_ptr<const ChunkSource> inner, uint64_t length)
      : inner_(std::move(inner)), length_(length) {}

  Result<std::unique_ptr<ChunkReader>> open() const override;
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override;
  bool seekable() const override { return inner_->seekable(); }
  uint64_t size() const override { return length_; }

 private:
  std::shared_ptr<const ChunkSource> inner_;
  uint64_t length_;
};

}  // namespace wid
