// The escape-tolerant form of a pattern matches the text as serializers escape it, and still the
// plain text.
#include "rules/escape_tolerant.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

namespace wid {
namespace {

bool matches(const std::string& pattern, const std::string& text) {
  RE2 re(escape_tolerant(pattern));
  EXPECT_TRUE(re.ok()) << re.error();
  return RE2::PartialMatch(text, re);
}

TEST(EscapeTolerant, ABacktickAlsoMatchesSystemTextJsonsEscape) {
  const std::string pattern = "The principal `?(?P<p>[0-9a-f-]+)`? lacks the required data action";
  EXPECT_TRUE(matches(pattern, "The principal `5f0b2c8e` lacks the required data action"));
  EXPECT_TRUE(
      matches(pattern, R"(The principal \u00605f0b2c8e\u0060 lacks the required data action)"));
  EXPECT_TRUE(
      matches(pattern, R"(The principal \\u00605f0b2c8e\\u0060 lacks the required data action)"));
  EXPECT_FALSE(
      matches(pattern, R"(The principal \u00275f0b2c8e\u0027 lacks the required data action)"));
}

TEST(EscapeTolerant, QuotesAndSpacesWidenAsBefore) {
  EXPECT_TRUE(matches("code: \"Forbidden\"", R"(code: \u0022Forbidden\u0022)"));
  EXPECT_TRUE(matches("code: 'Forbidden'", "code: &#39;Forbidden&#39;"));
  EXPECT_TRUE(matches("failed to get token", R"(failed\n  to get token)"));
  EXPECT_FALSE(matches("failed to get token", "failed_to_get_token"));
}

// A class that admits whitespace ("[\s|]+" between a status and an error code, across a line
// break or a pager's gutter) admits the escaped line breaks of a JSON string too.
TEST(EscapeTolerant, AClassWithSpaceAlsoMatchesEscapedLineBreaks) {
  const std::string pattern = "403 Forbidden[\\s|]+ERROR CODE: AccessDenied";
  EXPECT_TRUE(matches(pattern, "403 Forbidden\nERROR CODE: AccessDenied"));
  EXPECT_TRUE(matches(pattern, R"(403 Forbidden\nERROR CODE: AccessDenied)"));
  EXPECT_TRUE(matches(pattern, R"(403 Forbidden\\r\\nERROR CODE: AccessDenied)"));
  EXPECT_FALSE(matches(pattern, "403 Forbidden; ERROR CODE: AccessDenied"));
  // An escaped backslash followed by s is no \s.
  EXPECT_FALSE(matches("a[\\\\s]b", R"(a\nb)"));
}

}  // namespace
}  // namespace wid
