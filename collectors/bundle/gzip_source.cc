#include "collectors/bundle/gzip_source.h"

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wid {
namespace {

// Input block: large enough to amortise reads, small next to the scanner's own buffer.
constexpr size_t kInputBlock = 256 * limits::kKiB;

class GzipReader : public ChunkReader {
 public:
  GzipReader(std::unique_ptr<ChunkReader> in, uint64_t max_output)
      : in_(std::move(in)), max_output_(max_output), buf_(kInputBlock) {
    zs_.zalloc = Z_NULL;
    zs_.zfree = Z_NULL;
    zs_.opaque = Z_NULL;
    zs_.next_in = Z_NULL;
    zs_.avail_in = 0;
    // 16 + MAX_WBITS: gzip wrapper only (no raw deflate, no zlib wrapper).
    ok_ = inflateInit2(&zs_, 16 + MAX_WBITS) == Z_OK;
  }
  ~GzipReader() override {
    if (ok_) inflateEnd(&zs_);
  }
  GzipReader(const GzipReader&) = delete;
  GzipReader& operator=(const GzipReader&) = delete;

  Result<size_t> read(char* out, size_t cap) override {
    if (!ok_) return make_error(ErrorCode::kInternal, "zlib could not be initialised");
    if (pending_) return *pending_;
    if (done_ || cap == 0) return size_t{0};
    // inflate takes a uInt count.
    if (cap > (1u << 30)) cap = 1u << 30;
    zs_.next_out = reinterpret_cast<Bytef*>(out);
    zs_.avail_out = static_cast<uInt>(cap);
    while (zs_.avail_out == cap) {
      if (zs_.avail_in == 0 && !in_eof_) {
        auto r = fill();
        if (!r) return fail(r.error(), cap);
      }
      if (!in_member_) {
        // Between members: another member must start with the magic; anything else (or
        // nothing) ends the stream.
        if (zs_.avail_in < 2 && !in_eof_) {
          auto r = fill();
          if (!r) return fail(r.error(), cap);
        }
        if (zs_.avail_in < 2 || zs_.next_in[0] != 0x1f || zs_.next_in[1] != 0x8b) {
          done_ = true;
          break;
        }
        inflateReset(&zs_);
        in_member_ = true;
      }
      if (zs_.avail_in == 0 && in_eof_) {
        return fail(make_error(ErrorCode::kUnreadable, "gzip stream truncated after " +
                                                           std::to_string(total_ + produced(cap)) +
                                                           " decompressed bytes"),
                    cap);
      }
      int rc = inflate(&zs_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
      } else if (rc == Z_BUF_ERROR) {
        // No progress without more input: loop to fill (or report truncation at EOF).
        if (zs_.avail_in != 0) {
          return fail(make_error(ErrorCode::kUnreadable, "gzip stream stalled"), cap);
        }
      } else if (rc != Z_OK) {
        return fail(make_error(ErrorCode::kUnreadable, "gzip data is corrupt after " +
                                                           std::to_string(total_ + produced(cap)) +
                                                           " decompressed bytes"),
                    cap);
      }
    }
    const size_t n = produced(cap);
    total_ += n;
    if (total_ > max_output_) {
      pending_ =
          make_error(ErrorCode::kLimit, "decompresses to more than " + std::to_string(max_output_) +
                                            " bytes; the rest of it was not read");
      const uint64_t over = total_ - max_output_;
      return n > over ? n - static_cast<size_t>(over) : size_t{0};
    }
    return n;
  }

 private:
  size_t produced(size_t cap) const { return cap - zs_.avail_out; }

  Status fill() {
    auto r = in_->read(reinterpret_cast<char*>(buf_.data()), buf_.size());
    if (!r) return r.error();
    if (*r == 0) in_eof_ = true;
    zs_.next_in = buf_.data();
    zs_.avail_in = static_cast<uInt>(*r);
    return Ok{};
  }

  // Returns what this call produced first; the error comes on the next call.
  Result<size_t> fail(Error e, size_t cap) {
    pending_ = std::move(e);
    const size_t n = produced(cap);
    total_ += n;
    if (n > 0) return n;
    return *pending_;
  }

  std::unique_ptr<ChunkReader> in_;
  uint64_t max_output_;
  std::vector<Bytef> buf_;
  z_stream zs_{};
  bool ok_ = false;
  bool in_eof_ = false;
  bool in_member_ = true;
  bool done_ = false;
  uint64_t total_ = 0;
  std::optional<Error> pending_;
};

}  // namespace

bool has_gzip_magic(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<uint8_t>(bytes[0]) == 0x1f &&
         static_cast<uint8_t>(bytes[1]) == 0x8b;
}

Result<std::unique_ptr<ChunkReader>> GzipSource::open() const {
  auto in = compressed_->open();
  if (!in) return in.error();
  return std::unique_ptr<ChunkReader>(new GzipReader(std::move(*in), max_output_));
}

}  // namespace wid
