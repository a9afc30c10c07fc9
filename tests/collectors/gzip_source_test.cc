// The streaming gzip source: members, truncation (data first, then the error), corruption, caps.
#include "collectors/bundle/gzip_source.h"

#include <gtest/gtest.h>

#include <string>

#include "analyzer/model/memory_source.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

struct Drained {
  std::string data;
  std::optional<Error> error;
};

Drained drain(const ChunkSource& src, size_t block = 4096) {
  Drained d;
  auto r = src.open();
  if (!r) {
    d.error = r.error();
    return d;
  }
  std::string buf(block, '\0');
  while (true) {
    auto n = (*r)->read(buf.data(), buf.size());
    if (!n) {
      d.error = n.error();
      return d;
    }
    if (*n == 0) return d;
    d.data.append(buf.data(), *n);
  }
}

std::shared_ptr<const ChunkSource> mem(std::string s) {
  return std::make_shared<MemorySource>(std::move(s));
}

std::string sample_log(size_t lines) {
  std::string s;
  for (size_t i = 0; i < lines; ++i)
    s += "I0101 00:00:00.000000       1 x.go:1] line " + std::to_string(i) + "\n";
  return s;
}

TEST(GzipSourceTest, InflatesInBlocks) {
  const std::string plain = sample_log(20000);
  GzipSource gz(mem(testing::gzip(plain)));
  Drained d = drain(gz, 1000);
  EXPECT_FALSE(d.error.has_value());
  EXPECT_EQ(d.data, plain);
  EXPECT_EQ(gz.size(), testing::gzip(plain).size());
  EXPECT_FALSE(gz.seekable());
}

TEST(GzipSourceTest, ReadsConcatenatedMembers) {
  GzipSource gz(mem(testing::gzip("first\n") + testing::gzip("second\n")));
  Drained d = drain(gz);
  EXPECT_FALSE(d.error.has_value());
  EXPECT_EQ(d.data, "first\nsecond\n");
}

TEST(GzipSourceTest, TrailingGarbageEndsTheStream) {
  GzipSource gz(mem(testing::gzip("only\n") + "garbage"));
  Drained d = drain(gz);
  EXPECT_FALSE(d.error.has_value());
  EXPECT_EQ(d.data, "only\n");
}

TEST(GzipSourceTest, TruncatedStreamGivesDataThenAnError) {
  const std::string plain = sample_log(20000);
  const std::string z = testing::gzip(plain);
  GzipSource gz(mem(z.substr(0, z.size() / 2)));
  Drained d = drain(gz);
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, ErrorCode::kUnreadable);
  EXPECT_NE(d.error->message.find("gzip stream truncated after"), std::string::npos)
      << d.error->message;
  EXPECT_GT(d.data.size(), 0u);
  EXPECT_EQ(plain.compare(0, d.data.size(), d.data), 0);  // what was read is a true prefix
  // The error repeats; nothing more is produced.
  auto r = gz.open();
  std::string buf(1 << 20, '\0');
  while (true) {
    auto n = (*r)->read(buf.data(), buf.size());
    if (!n) break;
    ASSERT_NE(*n, 0u) << "a truncated stream must not end quietly";
  }
}

TEST(GzipSourceTest, CorruptDataIsAnError) {
  std::string z = testing::gzip(sample_log(100));
  for (size_t i = 20; i < 40; ++i) z[i] = static_cast<char>(z[i] ^ 0x5a);
  Drained d = drain(GzipSource(mem(z)));
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, ErrorCode::kUnreadable);
}

TEST(GzipSourceTest, StopsAtTheDecompressedCap) {
  const std::string plain(1 << 20, 'a');  // compresses ~1000:1
  GzipSource gz(mem(testing::gzip(plain)), /*max_output=*/100000);
  Drained d = drain(gz);
  ASSERT_TRUE(d.error.has_value());
  EXPECT_EQ(d.error->code, ErrorCode::kLimit);
  EXPECT_NE(d.error->message.find("decompresses to more than 100000 bytes"), std::string::npos);
  EXPECT_EQ(d.data.size(), 100000u);
}

TEST(GzipSourceTest, MagicCheck) {
  EXPECT_TRUE(has_gzip_magic(testing::gzip("x")));
  EXPECT_FALSE(has_gzip_magic("x"));
  EXPECT_FALSE(has_gzip_magic(""));
}

}  // namespace
}  // namespace wid
