#include "analyzer/model/memory_source.h"

#include <algorithm>
#include <cstring>

namespace wid {
namespace {

class MemoryReader : public ChunkReader {
 public:
  MemoryReader(std::shared_ptr<const std::string> data, uint64_t begin, uint64_t end)
      : data_(std::move(data)), pos_(begin), end_(end) {}

  Result<size_t> read(char* buf, size_t cap) override {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(cap, end_ - pos_));
    if (n > 0) std::memcpy(buf, data_->data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  std::shared_ptr<const std::string> data_;  // keeps the bytes alive while a reader exists
  uint64_t pos_;
  uint64_t end_;
};

}  // namespace

Result<std::unique_ptr<ChunkReader>> MemorySource::open() const {
  return std::unique_ptr<ChunkReader>(new MemoryReader(data_, 0, data_->size()));
}

Result<std::unique_ptr<ChunkReader>> MemorySource::open_range(uint64_t offset,
                                                              uint64_t length) const {
  const uint64_t size = data_->size();
  if (offset > size) return make_error(ErrorCode::kInvalidArgument, "range starts past the end");
  const uint64_t end = length > size - offset ? size : offset + length;
  return std::unique_ptr<ChunkReader>(new MemoryReader(data_, offset, end));
}

}  // namespace wid
