// The built-in catalog as the binary carries it (rules/catalog_blob.h): the same rules the YAML
// loader makes, every field through the round trip, and a damaged blob an error, never a crash.
#include "rules/catalog_blob.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

// Every field set, none to its default, so a field the blob forgets reads back different.
Rule every_field_set() {
  Rule r;
  r.id = "CUSTOM_EVERY_FIELD";
  r.aliases = {"AADSTS1", "AADSTS2"};
  r.group = "custom";
  r.title = "A rule with every field";
  r.severity = Severity::kWarning;
  r.kind = RuleKind::kCheck;
  r.hop = "federated-credential";
  r.confidence = Confidence::kMedium;
  r.patterns = {"AADSTS1(?P<code>\\d+)", ""};
  r.components = {"capz"};
  r.unless = {"disabled"};
  r.context = MatchContext::kAny;
  r.subject = "{{code}}";
  r.derive = {{"CAUSE_A", true, {"code", "^1", "", ""}}, {"CAUSE_B", false, {"", "", "a", "b"}}};
  r.explain = std::string(300, 'x') + "\xC3\xA9";  // a length past one varint byte, and UTF-8
  r.detail = "d";
  r.causes = {"CAUSE_A"};
  r.wraps = {"group:issuer", "AADSTS*"};
  r.wrapped = {"AADSTS70021"};
  r.needs = {"kube-apiserver manifest"};
  r.fix_summary = "fix";
  r.fix_commands = {"az identity show --name {{name}}"};
  r.docs = {"https://learn.microsoft.com/"};
  r.examples = {"AADSTS12345"};
  r.counterexamples = {"0 AADSTS errors"};
  r.source = {"rules/catalog/custom.yaml", 70000, "/0"};
  r.builtin = false;
  return r;
}

Catalog catalog_of(std::vector<Rule> rules) {
  Catalog c;
  for (auto& r : rules) c.add(std::move(r));
  c.index();
  return c;
}

TEST(BuiltinCatalog, PreparsedEqualsTheYaml) {
  auto yaml = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(yaml.ok()) << yaml.error().message;
  auto blob = builtin_catalog();
  ASSERT_TRUE(blob.ok()) << blob.error().message;
  ASSERT_EQ(blob->rules().size(), yaml->rules().size());
  for (size_t i = 0; i < yaml->rules().size(); ++i)
    EXPECT_TRUE(blob->rules()[i] == yaml->rules()[i]) << yaml->rules()[i].id;
  for (const Rule& r : yaml->rules()) {
    ASSERT_NE(blob->find(r.id), nullptr) << r.id;
    EXPECT_EQ(blob->find(r.id)->id, r.id);
    for (const auto& alias : r.aliases) EXPECT_EQ(blob->find(alias), blob->find(r.id)) << alias;
  }
}

TEST(CatalogBlob, RoundTripsEveryField) {
  const Rule r = every_field_set();
  auto back = read_catalog_blob(write_catalog_blob(catalog_of({r, Rule{}})));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->rules().size(), 2u);
  EXPECT_TRUE(back->rules()[0] == r);
  EXPECT_TRUE(back->rules()[1] == Rule{});
  EXPECT_EQ(back->find("AADSTS2"), &back->rules()[0]);
  Rule changed = r;
  changed.derive[1].when.than = "c";
  EXPECT_FALSE(back->rules()[0] == changed);  // equality sees the deepest field
}

TEST(CatalogBlob, EveryTruncationAndAnyTrailingByteIsAnError) {
  const std::string blob = write_catalog_blob(catalog_of({every_field_set()}));
  for (size_t n = 0; n < blob.size(); ++n) {
    auto cut = read_catalog_blob(std::string_view(blob).substr(0, n));
    EXPECT_FALSE(cut.ok()) << "cut at " << n;
  }
  EXPECT_FALSE(read_catalog_blob(blob + "x").ok());
  EXPECT_FALSE(read_catalog_blob("x" + blob).ok());
}

TEST(CatalogBlob, AnImpossibleListCountIsAnErrorNotAnAllocation) {
  Rule r;
  r.id = "ONLY_RULE";
  std::string blob = write_catalog_blob(catalog_of({r}));
  // The aliases' count (0) follows the id. 2^63-1 items would be a resize that throws.
  const size_t count_at = blob.find("ONLY_RULE") + r.id.size();
  ASSERT_EQ(blob[count_at], '\0');
  blob.replace(count_at, 1, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x7F");
  auto read = read_catalog_blob(blob);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message.find("corrupt"), std::string::npos);
}

}  // namespace
}  // namespace wid
