// The in-memory source behind archive members.
#include "analyzer/model/memory_source.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

TEST(MemorySourceTest, ReadsWholeAndRanges) {
  MemorySource src(std::string("hello world"));
  EXPECT_EQ(src.size(), 11u);
  EXPECT_TRUE(src.seekable());
  auto r = src.open();
  ASSERT_TRUE(r.ok());
  char buf[4];
  std::string out;
  while (true) {
    auto n = (*r)->read(buf, sizeof buf);
    ASSERT_TRUE(n.ok());
    if (*n == 0) break;
    out.append(buf, *n);
  }
  EXPECT_EQ(out, "hello world");
  auto range = src.open_range(6, 100);
  ASSERT_TRUE(range.ok());
  auto n = (*range)->read(buf, sizeof buf);
  EXPECT_EQ(std::string(buf, *n), "worl");
  auto bad = src.open_range(12, 1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wid
