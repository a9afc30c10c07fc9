// HashingSource: a whole read through open() gives the digest without a second read; a partial
// read, a range, a failed read or a source shorter than it said leave it to settle(), which reads
// again and says when the bytes are not the ones listed.
#include "collectors/bundle/hashing_source.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "collectors/parse/digest.h"

namespace wid {
namespace {

// In-memory bytes that count how often they are opened; `yield` bytes are handed out in all
// (fewer than size() says: a file cut short), and `fail_at` turns the read there into an error.
class CountingSource : public ChunkSource {
  std::string data_;

 public:
  explicit CountingSource(std::string data) : data_(std::move(data)), yield(data_.size()) {}
  Result<std::unique_ptr<ChunkReader>> open() const override {
    ++opens;
    return reader(0, yield);
  }
  Result<std::unique_ptr<ChunkReader>> open_range(uint64_t offset, uint64_t length) const override {
    ++opens;
    return reader(offset, std::min<uint64_t>(offset + length, yield));
  }
  bool seekable() const override { return true; }
  uint64_t size() const override { return data_.size(); }

  mutable std::atomic<int> opens{0};
  size_t yield;
  size_t fail_at = SIZE_MAX;

 private:
  Result<std::unique_ptr<ChunkReader>> reader(uint64_t from, uint64_t to) const {
    struct Reader : ChunkReader {
      const CountingSource& s;
      size_t pos, end;
      Reader(const CountingSource& src, size_t f, size_t t) : s(src), pos(f), end(t) {}
      Result<size_t> read(char* buf, size_t cap) override {
        if (pos >= s.fail_at) return make_error(ErrorCode::kUnreadable, "read failed");
        const size_t n = std::min({cap, end - pos, size_t{7919}});
        std::memcpy(buf, s.data_.data() + pos, n);
        pos += n;
        return n;
      }
    };
    return std::unique_ptr<ChunkReader>(new Reader(*this, from, to));
  }
};

std::string text(size_t n) {
  std::string s;
  for (size_t i = 0; s.size() < n; ++i) s += "line " + std::to_string(i) + " of the log\n";
  s.resize(n);
  return s;
}

// Reads up to `limit` bytes; returns whether every read succeeded.
bool drain(const ChunkSource& src, size_t limit = SIZE_MAX) {
  auto r = src.open();
  if (!r) return false;
  std::vector<char> buf(4096);
  size_t got = 0;
  while (got < limit) {
    auto n = (*r)->read(buf.data(), std::min(buf.size(), limit - got));
    if (!n) return false;
    if (*n == 0) break;
    got += *n;
  }
  return true;
}

TEST(HashingSource, AWholeReadGivesTheDigestWithoutReadingAgain) {
  const std::string data = text(100'000);
  auto inner = std::make_shared<CountingSource>(data);
  auto hs = std::make_shared<HashingSource>(inner);
  ASSERT_TRUE(drain(*hs));
  auto hex = hs->settle();
  ASSERT_TRUE(hex.ok()) << hex.error().message;
  EXPECT_EQ(*hex, sha256_hex(data));
  EXPECT_EQ(inner->opens.load(), 1);
}

TEST(HashingSource, APartialReadLeavesTheDigestToSettle) {
  const std::string data = text(50'000);
  auto inner = std::make_shared<CountingSource>(data);
  auto hs = std::make_shared<HashingSource>(inner);
  ASSERT_TRUE(drain(*hs, 20'000));
  EXPECT_EQ(inner->opens.load(), 1);
  auto hex = hs->settle();
  ASSERT_TRUE(hex.ok()) << hex.error().message;
  EXPECT_EQ(*hex, sha256_hex(data));
  EXPECT_EQ(inner->opens.load(), 2);
}

TEST(HashingSource, ARangeReadIsNotHashed) {
  const std::string data = text(30'000);
  auto inner = std::make_shared<CountingSource>(data);
  auto hs = std::make_shared<HashingSource>(inner);
  auto r = hs->open_range(0, data.size());
  ASSERT_TRUE(r.ok());
  std::vector<char> buf(4096);
  for (auto n = (*r)->read(buf.data(), buf.size()); n.ok() && *n > 0;
       n = (*r)->read(buf.data(), buf.size())) {
  }
  auto hex = hs->settle();
  ASSERT_TRUE(hex.ok());
  EXPECT_EQ(*hex, sha256_hex(data));
  EXPECT_EQ(inner->opens.load(), 2);
}

TEST(HashingSource, BytesShortOfTheListedSizeAreNotADigest) {
  auto inner = std::make_shared<CountingSource>(text(30'000));
  inner->yield = 29'000;
  auto hs = std::make_shared<HashingSource>(inner);
  ASSERT_TRUE(drain(*hs));
  auto hex = hs->settle();
  ASSERT_FALSE(hex.ok());
  EXPECT_NE(hex.error().message.find("changed size"), std::string::npos) << hex.error().message;
}

TEST(HashingSource, AFailedReadIsNotADigestAndSettleSaysWhy) {
  auto inner = std::make_shared<CountingSource>(text(30'000));
  inner->fail_at = 10'000;
  auto hs = std::make_shared<HashingSource>(inner);
  EXPECT_FALSE(drain(*hs));
  auto hex = hs->settle();
  ASSERT_FALSE(hex.ok());
  EXPECT_EQ(hex.error().message, "read failed");
}

TEST(HashingSource, ReadersOnSeveralThreadsAgree) {
  const std::string data = text(400'000);
  auto inner = std::make_shared<CountingSource>(data);
  auto hs = std::make_shared<HashingSource>(inner);
  std::vector<std::thread> pool;
  pool.reserve(4);
  for (int t = 0; t < 4; ++t) pool.emplace_back([&] { EXPECT_TRUE(drain(*hs)); });
  for (auto& th : pool) th.join();
  auto hex = hs->settle();
  ASSERT_TRUE(hex.ok());
  EXPECT_EQ(*hex, sha256_hex(data));
  EXPECT_EQ(inner->opens.load(), 4);
}

}  // namespace
}  // namespace wid
