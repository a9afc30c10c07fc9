#include "collectors/bundle/prefix_source.h"

#include <algorithm>

namespace wid {
namespace {

class PrefixReader : public ChunkReader {
 public:
  PrefixReader(std::unique_ptr<ChunkReader> inner, uint64_t left)
      : inner_(std::move(inner)), left_(left) {}

  Result<size_t> read(char* buf, size_t cap) override {
    if (left_ == 0) return size_t{0};
    auto n = inner_->read(buf, static_cast<size_t>(std::min<uint64_t>(cap, left_)));
    if (n.ok()) left_ -= *n;
    return n;
  }

 private:
  std::unique_ptr<ChunkReader> inner_;
  uint64_t left_;
};

}  // namespace

Result<std::unique_ptr<ChunkReader>> PrefixSource::open() const {
  auto r = inner_->open();
  if (!r) return r.error();
  return std::unique_ptr<ChunkReader>(new PrefixReader(std::move(*r), length_));
}

Result<std::unique_ptr<ChunkReader>> PrefixSource::open_range(uint64_t offset,
                                                              uint64_t length) const {
  const uint64_t start = std::min(offset, length_);
  const uint64_t len = std::min(length, length_ - start);
  auto r = inner_->open_range(start, len);
  if (!r) return r.error();
  return std::unique_ptr<ChunkReader>(new PrefixReader(std::move(*r), len));
}

}  // namespace wid
