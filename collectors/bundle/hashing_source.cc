#include "collectors/bundle/hashing_source.h"

#include <algorithm>
#include <vector>

#include "analyzer/model/limits.h"
#include "collectors/parse/digest.h"

namespace wid {
namespace {

class HashingReader : public ChunkReader {
 public:
  HashingReader(std::shared_ptr<const HashingSource> source, std::unique_ptr<ChunkReader> inner)
      : source_(std::move(source)), inner_(std::move(inner)) {}

  Result<size_t> read(char* buf, size_t cap) override {
    auto n = inner_->read(buf, cap);
    if (!n) {
      failed_ = true;
      return n;
    }
    if (failed_) return n;
    if (*n > 0) {
      hash_.update(std::string_view(buf, *n));
      read_ += *n;
    } else if (!done_) {
      done_ = true;
      // A file that grew or shrank since it was listed is not the bytes its inputs entry sizes.
      if (read_ == source_->size()) source_->fill(hash_.hex_digest());
    }
    return n;
  }

 private:
  std::shared_ptr<const HashingSource> source_;
  std::unique_ptr<ChunkReader> inner_;
  Sha256 hash_;
  uint64_t read_ = 0;
  bool failed_ = false;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<ChunkReader>> HashingSource::open() const {
  auto r = inner_->open();
  if (!r) return r.error();
  return std::unique_ptr<ChunkReader>(new HashingReader(shared_from_this(), std::move(*r)));
}

void HashingSource::fill(std::string hex) const {
  std::lock_guard lock(mu_);
  if (!hex_) hex_ = std::move(hex);
}

Result<std::string> HashingSource::settle() const {
  {
    std::lock_guard lock(mu_);
    if (hex_) return *hex_;
  }
  auto r = open();
  if (!r) return r.error();
  std::vector<char> block(
      static_cast<size_t>(std::clamp<uint64_t>(size() + 1, 4096, limits::kReadBlockBytes)));
  while (true) {
    auto n = (*r)->read(block.data(), block.size());
    if (!n) return n.error();
    if (*n == 0) break;
  }
  std::lock_guard lock(mu_);
  if (!hex_) return make_error(ErrorCode::kUnreadable, "the file changed size while it was read");
  return *hex_;
}

}  // namespace wid
