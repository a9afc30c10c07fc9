// The bounded YAML loader: what it builds, and every hostile input we know of.
#include "collectors/parse/yaml_loader.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace wid {
namespace {

TEST(YamlLoaderTest, BuildsMapsListsAndKeepsScalarsAsStrings) {
  auto r = load_yaml(
      "apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: yes\n  port: 0x1F\n"
      "  ratio: 1e3\n  items: [a, 'b', \"c\"]\n  empty:\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->documents.size(), 1u);
  const auto& v = r->documents[0].value;
  EXPECT_EQ(v["kind"], "Pod");
  // YAML 1.1 booleans and numbers are not coerced: flag values are compared as text.
  EXPECT_EQ(v["spec"]["hostNetwork"], "yes");
  EXPECT_EQ(v["spec"]["port"], "0x1F");
  EXPECT_EQ(v["spec"]["ratio"], "1e3");
  EXPECT_EQ(v["spec"]["items"], nlohmann::json::array({"a", "b", "c"}));
  EXPECT_TRUE(v["spec"]["empty"].is_null());
}

TEST(YamlLoaderTest, RecordsTheLineOfEveryNode) {
  auto r = load_yaml("a: 1\nb:\n  - x\n  - y\nc:\n  d: e\n");
  ASSERT_TRUE(r.ok());
  const auto& d = r->documents[0];
  EXPECT_EQ(d.line_of("/a"), 1u);
  EXPECT_EQ(d.line_of("/b/1"), 4u);
  EXPECT_EQ(d.line_of("/c/d"), 6u);
  EXPECT_EQ(d.line_of("/c/d/missing"), 6u);  // nearest ancestor
}

TEST(YamlLoaderTest, ReadsEveryDocumentOfAStream) {
  auto r = load_yaml("---\nkind: A\n---\nkind: B\n---\n# nothing\n---\nkind: C\n");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->documents.size(), 4u);
  EXPECT_EQ(r->documents[0].value["kind"], "A");
  EXPECT_EQ(r->documents[1].line, 3u);
  EXPECT_TRUE(r->documents[2].value.is_null());
  EXPECT_EQ(r->documents[3].value["kind"], "C");
}

TEST(YamlLoaderTest, OneCommaDoesNotHang) {
  // yaml-cpp 0.7's LoadAll loops forever on ","; the loader must stop at once.
  const auto start = std::chrono::steady_clock::now();
  auto r = load_yaml(",");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().message, "no parsable YAML document at 1:1");
}

TEST(YamlLoaderTest, GarbageTagSequenceIsASyntaxErrorWithLocation) {
  auto r = load_yaml("- !+(.,.)");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("YAML syntax error at 1:"), std::string::npos)
      << r.error().message;
}

TEST(YamlLoaderTest, RejectsAliasCycles) {
  for (const char* text : {"&a [*a]", "&x {a: *x}"}) {
    auto r = load_yaml(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_NE(r.error().message.find("YAML alias cycle at 1:"), std::string::npos)
        << r.error().message;
  }
}

TEST(YamlLoaderTest, StopsABillionLaughs) {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  const char* names = "abcdefghi";
  for (int i = 1; i < 9; ++i) {
    std::string prev(1, names[i - 1]), cur(1, names[i]);
    bomb += cur + ": &" + cur + " [";
    for (int k = 0; k < 9; ++k) bomb += (k ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  ASSERT_LT(bomb.size(), 1024u);
  const auto start = std::chrono::steady_clock::now();
  auto r = load_yaml(bomb);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_NE(r.error().message.find("YAML alias expansion limit (10000 nodes) exceeded at"),
            std::string::npos)
      << r.error().message;
}

TEST(YamlLoaderTest, AliasesWithinTheLimitAreExpanded) {
  auto r = load_yaml("base: &b {image: x}\nuse: *b\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->documents[0].value["use"]["image"], "x");
}

TEST(YamlLoaderTest, RefusesDeepNestingBeforeYamlCppDoes) {
  for (size_t depth : {65u, 600u, 100000u}) {
    auto r = load_yaml(std::string(depth, '[') + std::string(depth, ']'));
    ASSERT_FALSE(r.ok()) << depth;
    EXPECT_EQ(r.error().code, ErrorCode::kLimit);
    EXPECT_EQ(r.error().message, "YAML nesting deeper than 64 at 1:65");
  }
  EXPECT_TRUE(load_yaml(std::string(64, '[') + std::string(64, ']')).ok());
}

TEST(YamlLoaderTest, CapsDocumentsAndNodes) {
  std::string many;
  for (int i = 0; i < 1001; ++i) many += "---\na: 1\n";
  auto r = load_yaml(many);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_NE(r.error().message.find("more than 1000 YAML documents"), std::string::npos);

  YamlLimits small;
  small.max_nodes = 10;
  auto n = load_yaml("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", small);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kLimit);
  EXPECT_NE(n.error().message.find("more than 10 nodes"), std::string::npos);
}

TEST(YamlLoaderTest, RefusesOversizedText) {
  YamlLimits small;
  small.max_bytes = 8;
  auto r = load_yaml("a: 123456789", small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimit);
  EXPECT_EQ(r.error().message, "YAML text is 12 bytes, over the limit of 8 bytes");
}

TEST(YamlLoaderTest, ReportsDuplicateKeysAndMergeKeys) {
  auto r = load_yaml("command: a\nargs: x\ncommand: b\nbase: &b {x: 1}\nm:\n  <<: *b\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->documents[0].value["command"], "b");
  ASSERT_EQ(r->warnings.size(), 2u);
  EXPECT_EQ(r->warnings[0], "duplicate key 'command' at lines 1 and 3 (the last one is used)");
  EXPECT_EQ(r->warnings[1], "YAML merge key '<<' at line 6 is not expanded by this tool");
}

TEST(YamlLoaderTest, TabIndentationGetsAHint) {
  auto r = load_yaml("a:\n\tb: 1\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("at 2:"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("tabs are not allowed in YAML indentation"), std::string::npos);
}

TEST(YamlLoaderTest, InvalidUtf8BecomesReplacementCharacters) {
  auto r = load_yaml("a: ok\nb: caf\xE9\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->documents[0].value["b"], "caf\xEF\xBF\xBD");
  ASSERT_EQ(r->warnings.size(), 1u);
  EXPECT_EQ(r->warnings[0], "invalid UTF-8 at line 2 (shown as U+FFFD)");
  // And the model can always be dumped.
  EXPECT_NO_THROW((void)r->documents[0].value.dump());
}

TEST(YamlLoaderTest, BomAndCrlfAreHarmless) {
  auto r = load_yaml("\xEF\xBB\xBFkind: Pod\r\nname: \"x\"\r\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->documents[0].value["kind"], "Pod");
  EXPECT_EQ(r->documents[0].value["name"], "x");
}

TEST(YamlLoaderTest, ComplexKeysAreRefused) {
  auto r = load_yaml("? [a, b]\n: c\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_NE(r.error().message.find("complex YAML mapping key"), std::string::npos);
}

TEST(YamlLoaderTest, ErrorsNeverRepeatTheInput) {
  auto r = load_yaml("password: \"abc8Q~SuperSecretValue\n  - [");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message.find("SuperSecret"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace wid
