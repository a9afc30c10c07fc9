// Unit tests of unescape_record (rules/log_scanner.h): the layered escapes real logs put around
// rule text — klog/Go quoting, JSON-in-JSON, \r\n, \u0027, HTML entities — are undone until the
// text stops changing, at most limits::kMaxUnescapeRounds rounds; plain text is left alone. Line
// breaks, escaped or real, with the next line's indentation or Terraform box rule, become one
// space (rules/unescape.cc), so a message wrapped over lines reads as one line.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "analyzer/model/limits.h"
#include "rules/log_scanner.h"
#include "tests/support/envelopes.h"

namespace wid {
namespace {

TEST(UnescapeRecord, KlogQuotedValue) {
  EXPECT_EQ(unescape_record(R"(err="failed: Code=\"AuthorizationFailed\" Message=\"no\"")"),
            R"(err="failed: Code="AuthorizationFailed" Message="no"")");
}

TEST(UnescapeRecord, KlogNewlineAndBackslash) {
  EXPECT_EQ(unescape_record(R"(err="line one\nline two")"), "err=\"line one line two\"");
  EXPECT_EQ(unescape_record(R"(a\tb)"), "a b");
  EXPECT_EQ(unescape_record(R"(a\\b)"), R"(a\b)");
}

TEST(UnescapeRecord, JsonInJson) {
  const std::string record =
      R"({"msg":"token request failed","body":"{\"error\":\"invalid_client\",)"
      R"(\"error_description\":\"AADSTS70021: No match.\\r\\nTrace ID: 1\"}"})";
  EXPECT_EQ(unescape_record(record),
            "{\"msg\":\"token request failed\",\"body\":\"{\"error\":\"invalid_client\","
            "\"error_description\":\"AADSTS70021: No match. Trace ID: 1\"}\"}");
}

TEST(UnescapeRecord, DoubleEscapedCrLf) {
  EXPECT_EQ(unescape_record(R"(No match.\\r\\nTrace ID: 1)"), "No match. Trace ID: 1");
}

TEST(UnescapeRecord, LineBreaksJoinWithOneSpace) {
  // A klog err=< block, a stack trace, a Terraform box: continuation lines join the first.
  EXPECT_EQ(unescape_record("err=<\n        one\n        two\n > k=v"), "err=< one two > k=v");
  EXPECT_EQ(unescape_record("Error: x\n\xE2\x94\x82 wrapped\n\xE2\x94\x82 text"),
            "Error: x wrapped text");
  EXPECT_EQ(unescape_record("a\r\n\tb"), "a b");
}

TEST(UnescapeRecord, ARealBreakBeforeAListItemStays) {
  // Bullets, numbered items, table rows and headings stay lines of their own (the error-context
  // judgement reads their shape); an escaped \n before one still joins.
  EXPECT_EQ(unescape_record("Symptoms:\n  - one\n  * two\r\n  1. three\n| a | b |\n## four"),
            "Symptoms:\n  - one\n  * two\n  1. three\n| a | b |\n## four");
  EXPECT_EQ(unescape_record("chain:\n  \xE2\x80\xA2 EnvironmentCredential"),
            "chain:\n  \xE2\x80\xA2 EnvironmentCredential");
  EXPECT_EQ(unescape_record(R"(chain:\n- EnvironmentCredential)"),
            "chain: - EnvironmentCredential");
  // Not list items: a rule, a negative number, a word.
  EXPECT_EQ(unescape_record("a\n  --- b\n  -1 c\n  d"), "a --- b -1 c d");
}

TEST(UnescapeRecord, UnicodeEscapes) {
  EXPECT_EQ(unescape_record(R"(Assertion Issuer: \u0027https://x\u0027.)"),
            "Assertion Issuer: 'https://x'.");
  EXPECT_EQ(unescape_record(R"(\u0022a\u0022 \u003cb\u003e \u0026)"), "\"a\" <b> &");
  // .NET serializers write upper-case hex.
  EXPECT_EQ(unescape_record(R"(\u003Cb\u003E a\u002Bb)"), "<b> a+b");
}

TEST(UnescapeRecord, JsonEscapedSlash) {
  EXPECT_EQ(unescape_record(R"(https:\/\/login.microsoftonline.com\/x)"),
            "https://login.microsoftonline.com/x");
}

TEST(UnescapeRecord, HtmlNumericEntities) {
  EXPECT_EQ(unescape_record("{&#34;error&#34;:&#34;it&#39;s&#34;}"), "{\"error\":\"it's\"}");
  EXPECT_EQ(unescape_record("a&#43;b"), "a+b");
}

TEST(UnescapeRecord, HtmlNamedEntities) {
  EXPECT_EQ(unescape_record("&quot;a&quot; &amp; &lt;b&gt;"), "\"a\" & <b>");
}

TEST(UnescapeRecord, HtmlHexEntity) {
  // Python's html.escape writes ' as &#x27;.
  EXPECT_EQ(unescape_record("it&#x27;s"), "it's");
}

TEST(UnescapeRecord, HtmlAroundJsonEscapes) {
  // A JSON log line shown in a web page: HTML first, then the JSON escapes inside it.
  EXPECT_EQ(unescape_record(R"(&#34;error&#34;:&#34;Code=\&#34;Forbidden\&#34;&#34;)"),
            R"("error":"Code="Forbidden"")");
}

TEST(UnescapeRecord, RepeatedLevelsUntilStable) {
  // Three levels of JSON quoting around one quote.
  EXPECT_EQ(unescape_record(R"(Code=\\\"TooManyRequests\\\")"), R"(Code="TooManyRequests")");
  // HTML escaped twice.
  EXPECT_EQ(unescape_record("&amp;#34;x&amp;#34;"), "\"x\"");
}

TEST(UnescapeRecord, EnvelopesUnescapeToTheMessage) {
  const std::string msg =
      "AADSTS70021: No matching federated identity record found for presented assertion. "
      "Assertion Issuer: 'https://oidc.example/x'. Code=\"X\" a+b & <c>";
  for (const char* name :
       {"klog-err-quoted", "controller-runtime-v0", "zap-json", "html-numeric", "html-named"}) {
    const std::string text = test::find_envelope(name)->wrap(msg);
    EXPECT_NE(unescape_record(text).find(msg), std::string::npos) << name << ":\n"
                                                                  << text << "unescaped:\n"
                                                                  << unescape_record(text);
  }
}

TEST(UnescapeRecord, Idempotent) {
  const std::string inputs[] = {
      R"(err="a \"b\" c\nd")",
      R"({"body":"{\"e\":\"x\\r\\ny\"}"})",
      R"(\u0027q\u0027 &#34;r&#34; &amp;lt;)",
      R"(Code=\\\"TooManyRequests\\\")",
      "plain text with no escapes",
  };
  for (const auto& in : inputs) {
    const std::string once = unescape_record(in);
    EXPECT_EQ(unescape_record(once), once) << "input: " << in;
  }
}

TEST(UnescapeRecord, PlainTextUnchanged) {
  const std::string inputs[] = {
      "AADSTS70021: No matching federated identity record found for presented assertion.",
      "Assertion Issuer: 'https://oidc.example/x/'. Subject: 'system:serviceaccount:a:b'.",
      "AT&T & co; 5 > 3 < 4",
      "caf\xC3\xA9 \xE2\x94\x82 box",
      "",
  };
  for (const auto& in : inputs) EXPECT_EQ(unescape_record(in), in);
}

TEST(UnescapeRecord, MalformedEscapesDoNotCrash) {
  for (const char* in : {"\\", "\\u", "\\u00", "\\u00zz", "&#", "&#;", "&#99999999999;", "&#x;",
                         "\\ud83d", "\\x", "&", "abc\\"}) {
    const std::string out = unescape_record(in);
    EXPECT_LE(out.size(), std::string(in).size() + 8) << in;
  }
}

TEST(UnescapeRecord, RoundsAreBounded) {
  // Ten levels of JSON string quoting around a quote: more than kMaxUnescapeRounds can undo.
  constexpr int kLevels = 10;
  static_assert(kLevels > limits::kMaxUnescapeRounds);
  std::string text = "\"x\"";
  std::vector<std::string> levels = {text};
  for (int i = 0; i < kLevels; ++i) levels.push_back(text = test::json_escape(text));
  const auto start = std::chrono::steady_clock::now();
  const std::string out = unescape_record(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_NE(out, "\"x\"") << "more than kMaxUnescapeRounds levels were undone";
  EXPECT_NE(out.find('\\'), std::string::npos) << out;
  // One level per round: what is left is the text with kMaxUnescapeRounds levels removed.
  EXPECT_EQ(out, levels[kLevels - limits::kMaxUnescapeRounds]);
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(UnescapeRecord, LongRecordIsLinear) {
  // 1 MiB of escapes (a record at limits::kMaxRecordBytes) unescapes quickly.
  std::string text;
  while (text.size() < limits::kMaxRecordBytes) text += R"(\"a\" \u0027b\u0027 &#34;c&#34; )";
  const auto start = std::chrono::steady_clock::now();
  const std::string out = unescape_record(text);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(out.find('\\'), std::string::npos);
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

// may_unescape is the scanner's shortcut: when it says no, unescaping must change nothing.
TEST(UnescapeRecord, MayUnescapeIsFalseOnlyWhereNothingChanges) {
  for (const std::string text :
       {"plain text AADSTS70021: No matching federated identity record found", "tab\there",
        "caf\xc3\xa9 \xe2\x94\x82 box", "quote \" and ' apostrophe", ""}) {
    EXPECT_FALSE(may_unescape(text)) << text;
    EXPECT_EQ(unescape_record(text), text);
  }
  for (const std::string text : {"a \\\"b\\\"", "&#34;x&#34;", "one\ntwo", "one\rtwo", "a & b"})
    EXPECT_TRUE(may_unescape(text)) << text;
  // Every position of a text longer than the 16-byte blocks, and its tail.
  const std::string plain(41, 'x');
  EXPECT_FALSE(may_unescape(plain));
  for (size_t at = 0; at < plain.size(); ++at)
    for (char c : {'\\', '&', '\n', '\r'}) {
      std::string t = plain;
      t[at] = c;
      EXPECT_TRUE(may_unescape(t)) << "byte " << int(c) << " at " << at;
    }
}

}  // namespace
}  // namespace wid
