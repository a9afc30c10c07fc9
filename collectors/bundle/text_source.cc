#include "collectors/bundle/text_source.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/utf8.h"

namespace wid {
namespace {

// UTF-16 input is read in blocks of this size (an even number, so a block ends between units
// unless the stream itself is odd).
constexpr size_t kUtf16Block = 64 * limits::kKiB;

constexpr uint32_t kReplacement = 0xFFFD;

// Turns UTF-16 code units into UTF-8; a high surrogate waits for the next unit, which may come
// in the next block.
class Utf16Reader : public ChunkReader {
 public:
  Utf16Reader(std::unique_ptr<ChunkReader> in, bool big_endian)
      : in_(std::move(in)), big_endian_(big_endian), block_(kUtf16Block) {}

  Result<size_t> read(char* buf, size_t cap) override {
    while (pos_ == out_.size()) {
      if (eof_) {
        if (error_) {
          Error e = *error_;
          error_.reset();
          return e;
        }
        return size_t{0};
      }
      out_.clear();
      pos_ = 0;
      refill();
    }
    const size_t n = std::min(cap, out_.size() - pos_);
    std::memcpy(buf, out_.data() + pos_, n);
    pos_ += n;
    return n;
  }

 private:
  void refill() {
    size_t have = 0;
    if (odd_) {
      block_[0] = *odd_;
      odd_.reset();
      have = 1;
    }
    auto n = in_->read(block_.data() + have, block_.size() - have);
    if (!n) {
      error_ = n.error();
      eof_ = true;
    } else if (*n == 0) {
      eof_ = true;
    } else {
      have += *n;
    }
    size_t i = 0;
    for (; i + 1 < have; i += 2) unit(pair(block_[i], block_[i + 1]));
    if (i < have) odd_ = block_[i];
    if (eof_) {
      if (high_ != 0 || odd_) append_utf8(out_, kReplacement);
      high_ = 0;
      odd_.reset();
    }
  }

  uint16_t pair(char a, char b) const {
    const auto ua = static_cast<uint8_t>(a), ub = static_cast<uint8_t>(b);
    return big_endian_ ? static_cast<uint16_t>(ua << 8 | ub) : static_cast<uint16_t>(ub << 8 | ua);
  }

  void unit(uint16_t u) {
    if (high_ != 0) {
      if (u >= 0xDC00 && u <= 0xDFFF) {
        append_utf8(out_, 0x10000 + ((static_cast<uint32_t>(high_) - 0xD800) << 10) + (u - 0xDC00));
        high_ = 0;
        return;
      }
      append_utf8(out_, kReplacement);  // a high surrogate with no low one after it
      high_ = 0;
    }
    if (u >= 0xD800 && u <= 0xDBFF) {
      high_ = u;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      append_utf8(out_, kReplacement);
    } else {
      append_utf8(out_, u);
    }
  }

  std::unique_ptr<ChunkReader> in_;
  bool big_endian_;
  std::vector<char> block_;
  std::string out_;
  size_t pos_ = 0;
  std::optional<char> odd_;  // the first byte of a unit split across reads
  uint16_t high_ = 0;        // a high surrogate waiting for its pair
  bool eof_ = false;
  std::optional<Error> error_;
};

// Bare CR -> LF. A block that ends in CR reads one byte more to decide; that byte is held for the
// next call. `limit` bounds the bytes delivered (a range reader reads one byte past its range to
// see what follows its last CR).
class CrReader : public ChunkReader {
 public:
  CrReader(std::unique_ptr<ChunkReader> in, uint64_t limit) : in_(std::move(in)), limit_(limit) {}

  Result<size_t> read(char* buf, size_t cap) override {
    cap = static_cast<size_t>(std::min<uint64_t>(cap, limit_ - delivered_));
    if (cap == 0) return size_t{0};
    size_t have = 0;
    if (held_) {
      buf[have++] = *held_;
      held_.reset();
    }
    if (have < cap && !eof_) pull(buf + have, cap - have, have);
    if (have == 0) {
      if (error_) {
        Error e = *error_;
        error_.reset();
        return e;
      }
      return size_t{0};
    }
    if (buf[have - 1] == '\r' && !eof_) {
      char next = 0;
      size_t got = 0;
      pull(&next, 1, got);
      if (got == 1) held_ = next;
    }
    normalize_bare_cr(buf, have, false);
    if (buf[have - 1] == '\r' && (held_ ? *held_ != '\n' : true)) buf[have - 1] = '\n';
    delivered_ += have;
    return have;
  }

 private:
  void pull(char* to, size_t cap, size_t& have) {
    auto n = in_->read(to, cap);
    if (!n) {
      error_ = n.error();
      eof_ = true;
    } else if (*n == 0) {
      eof_ = true;
    } else {
      have += *n;
    }
  }

  std::unique_ptr<ChunkReader> in_;
  uint64_t limit_;
  uint64_t delivered_ = 0;
  std::optional<char> held_;
  bool eof_ = false;
  std::optional<Error> error_;
};

Status skip(ChunkReader& r, size_t n) {
  char buf[4];
  while (n > 0) {
    auto got = r.read(buf, n);
    if (!got) return got.error();
    if (*got == 0) break;
    n -= *got;
  }
  return Ok{};
}

}  // namespace

TextEncoding detect_encoding(std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") return TextEncoding::kUtf8Bom;
  if (head.size() >= 2 && head.substr(0, 2) == "\xFF\xFE") return TextEncoding::kUtf16Le;
  if (head.size() >= 2 && head.substr(0, 2) == "\xFE\xFF") return TextEncoding::kUtf16Be;
  return TextEncoding::kUtf8;
}

std::string encoding_note(TextEncoding e) {
  switch (e) {
    case TextEncoding::kUtf8Bom:
      return "UTF-8 with BOM";
    case TextEncoding::kUtf16Le:
      return "UTF-16LE with BOM, read as UTF-8";
    case TextEncoding::kUtf16Be:
      return "UTF-16BE with BOM, read as UTF-8";
    default:
      return "";
  }
}

bool has_bare_cr(std::string_view bytes) {
  for (size_t i = bytes.find('\r'); i != std::string_view::npos; i = bytes.find('\r', i + 1))
    if (i + 1 < bytes.size() && bytes[i + 1] != '\n') return true;
  return false;
}

void normalize_bare_cr(char* data, size_t size, bool final) {
  const char* end = data + size;
  for (char* p = static_cast<char*>(std::memchr(data, '\r', size)); p != nullptr;
       p = static_cast<char*>(std::memchr(p + 1, '\r', static_cast<size_t>(end - p - 1)))) {
    if (p + 1 < end ? p[1] != '\n' : final) *p = '\n';
    if (p + 1 >= end) break;
  }
}

size_t TextSource::bom_size() const {
  switch (encoding_) {
    case TextEncoding::kUtf8Bom:
      return 3;
    case TextEncoding::kUtf16Le:
    case TextEncoding::kUtf16Be:
      return 2;
    default:
      return 0;
  }
}

bool TextSource::seekable() const {
  return inner_->seekable() &&
         (encoding_ == TextEncoding::kUtf8 || encoding_ == TextEncoding::kUtf8Bom);
}

uint64_t TextSource::size() const {
  const uint64_t n = inner_->size();
  return seekable() ? n - std::min<uint64_t>(n, bom_size()) : n;
}

Result<std::unique_ptr<ChunkReader>> TextSource::open() const {
  auto r = inner_->open();
  if (!r) return r.error();
  std::unique_ptr<ChunkReader> in = std::move(*r);
  if (auto s = skip(*in, bom_size()); !s) return s.error();
  if (encoding_ == TextEncoding::kUtf16Le || encoding_ == TextEncoding::kUtf16Be)
    in = std::make_unique<Utf16Reader>(std::move(in), encoding_ == TextEncoding::kUtf16Be);
  return std::unique_ptr<ChunkReader>(new CrReader(std::move(in), UINT64_MAX));
}

Result<std::unique_ptr<ChunkReader>> TextSource::open_range(uint64_t offset,
                                                            uint64_t length) const {
  if (!seekable()) return make_error(ErrorCode::kUnsupported, "source is not seekable");
  const uint64_t total = size();
  if (offset > total) return make_error(ErrorCode::kInvalidArgument, "range starts past the end");
  length = std::min(length, total - offset);
  // One byte past the range, when there is one, tells whether the range's last CR is bare.
  const uint64_t peek = offset + length < total ? 1 : 0;
  auto r = inner_->open_range(offset + bom_size(), length + peek);
  if (!r) return r.error();
  return std::unique_ptr<ChunkReader>(new CrReader(std::move(*r), length));
}

}  // namespace wid
