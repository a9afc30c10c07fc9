// Archive member names: what is accepted, how it is normalised, and why others are refused.
#include "collectors/bundle/member_path.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

TEST(MemberPathTest, NormalisesRelativeNames) {
  EXPECT_EQ(*normalize_member_path("./logs/a.log"), "logs/a.log");
  EXPECT_EQ(*normalize_member_path("././x"), "x");
  EXPECT_EQ(*normalize_member_path("a//b/./c"), "a/b/c");
  EXPECT_EQ(*normalize_member_path("./"), "");
}

TEST(MemberPathTest, RefusesEscapes) {
  for (const char* bad : {"../escape.txt", "a/../../x", "a/..", "a\\..\\..\\x"}) {
    auto r = normalize_member_path(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
    EXPECT_EQ(r.error().message, "parent directory reference (..)");
  }
  for (const char* bad : {"/etc/passwd", "\\\\server\\share", "C:\\x"}) {
    auto r = normalize_member_path(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("absolute path"), std::string::npos);
  }
  auto longname = normalize_member_path(std::string(5000, 'a'));
  ASSERT_FALSE(longname.ok());
  EXPECT_EQ(longname.error().message, "name longer than 4096 bytes");
}

TEST(MemberPathTest, JoinAndBase) {
  EXPECT_EQ(join_path("", "a/b"), "a/b");
  EXPECT_EQ(join_path("bundle.tgz", "a/b"), "bundle.tgz/a/b");
  EXPECT_EQ(base_name("/x/y/bundle.tar.gz"), "bundle.tar.gz");
  EXPECT_EQ(base_name("dir/"), "dir");
}

}  // namespace
}  // namespace wid
