// The plain-file source: whole and ranged reads, and what it refuses to open.
#include "collectors/bundle/file_source.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

std::string read_all(ChunkReader& r) {
  std::string out, buf(7, '\0');
  while (true) {
    auto n = r.read(buf.data(), buf.size());
    if (!n || *n == 0) return out;
    out.append(buf.data(), *n);
  }
}

TEST(FileSourceTest, ReadsWholeAndRanges) {
  testing::TempDir dir;
  const std::string p = dir.write("a.log", "0123456789abcdef");
  auto src = FileSource::create(p);
  ASSERT_TRUE(src.ok()) << src.error().message;
  EXPECT_EQ((*src)->size(), 16u);
  EXPECT_TRUE((*src)->seekable());
  auto whole = (*src)->open();
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(read_all(**whole), "0123456789abcdef");
  auto range = (*src)->open_range(4, 5);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(read_all(**range), "45678");
  auto tail = (*src)->open_range(10, 1000);
  EXPECT_EQ(read_all(**tail), "abcdef");
}

TEST(FileSourceTest, RefusesSymlinksFifosDirectoriesAndMissingFiles) {
  testing::TempDir dir;
  const std::string target = dir.write("real.log", "x");
  const auto link = dir.path() / "link.log";
  std::filesystem::create_symlink(target, link);
  auto l = FileSource::create(link.string());
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.error().code, ErrorCode::kUnreadable);
  EXPECT_EQ(l.error().message, "is a symbolic link (not followed)");

  const auto fifo = dir.path() / "pipe";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto f = FileSource::create(fifo.string());  // must not block waiting for a writer
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().message, "not a regular file");

  auto d = FileSource::create(dir.path().string());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().message, "not a regular file");

  auto m = FileSource::create((dir.path() / "missing").string());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wid
