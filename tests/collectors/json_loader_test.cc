// The bounded JSON loader: depth pre-pass, positions instead of e.what(), duplicates.
#include "collectors/parse/json_loader.h"

#include <gtest/gtest.h>

#include <string>

namespace wid {
namespace {

TEST(JsonLoaderTest, ParsesAndSkipsABom) {
  auto r = load_json("\xEF\xBB\xBF{\"a\": [1, \"x\", null]}");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->value["a"][1], "x");
}

TEST(JsonLoaderTest, TenThousandDeepIsRefusedBeforeAnyDom) {
  auto r = load_json(std::string(10000, '[') + std::string(10000, ']'));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_EQ(r.error().message, "JSON nesting deeper than 128 levels");
  EXPECT_TRUE(load_json(std::string(128, '[') + std::string(128, ']')).ok());
}

TEST(JsonLoaderTest, SyntaxErrorsGiveOffsetAndLineNotTheInput) {
  auto r = load_json("{\n  \"client_secret\": \"abc8Q~SuperSecret\n}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().message.find("SuperSecret"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("at byte"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("(line 2:"), std::string::npos) << r.error().message;
}

TEST(JsonLoaderTest, TrailingGarbageIsASyntaxError) {
  auto r = load_json("{} {}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "JSON syntax error at byte 3 (line 1:4)");
}

TEST(JsonLoaderTest, TruncatedInputSaysSo) {
  auto r = load_json("{\"value\": [1, 2");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("JSON ends unexpectedly"), std::string::npos)
      << r.error().message;
}

TEST(JsonLoaderTest, InvalidUtf8IsNamed) {
  auto r = load_json("{\"a\": \"caf\xE9\"}");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("invalid UTF-8 in JSON at byte"), std::string::npos)
      << r.error().message;
}

TEST(JsonLoaderTest, HugeNumbersAreOutOfRange) {
  auto r = load_json("{\"exp\": 1e400}");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("JSON number out of range"), std::string::npos)
      << r.error().message;
}

TEST(JsonLoaderTest, DuplicatesWarnOrFail) {
  auto r = load_json("{\"iss\": \"a\", \"iss\": \"b\"}");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->value["iss"], "b");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], "duplicate member 'iss' (the last one is used)");

  JsonLimits strict;
  strict.reject_duplicate_keys = true;
  auto s = load_json("{\"iss\": \"a\", \"iss\": \"b\"}", strict);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kParse);
  EXPECT_EQ(s.error().message, "duplicate member 'iss'");
}

TEST(JsonLoaderTest, RefusesOversizedText) {
  JsonLimits small;
  small.max_bytes = 4;
  auto r = load_json("[1, 2]", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
}

TEST(JsonLoaderTest, IsJsonValueForSniffers) {
  EXPECT_TRUE(is_json_value("{\"level\":\"info\"}"));
  EXPECT_FALSE(is_json_value("{\"level\":"));
  EXPECT_FALSE(is_json_value(std::string(200, '[') + std::string(200, ']'), 128));
}

}  // namespace
}  // namespace wid
