// A ChunkSource over bytes held in memory (an archive member, a test fixture). Seekable, so the
// scanner can split a large member into work units like a file.
#pragma once

#include <memory>
#include <string>

#include "analyzer/model/chunk_reader.h"

namespace wid {

class MemorySource : public ChunkSource {
 public:
  explicit MemorySource(std::shared_ptr<const std::string> data) : data_(std::move(data)) {}
  explicit MemorySource(std::string data)
      : data_(std::make_shared<const std::string>(std::move(data))) {}

  Result<std::unique_ptr<ChunkReader>> open() const override;
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override;
  bool seekable() const override { return true; }
  uint64_t size() const override { return data_->size(); }

  const std::shared_ptr<const std::string>& data() const { return data_; }

 private:
  std::shared_ptr<const std::string> data_;
};

}  // namespace wid
