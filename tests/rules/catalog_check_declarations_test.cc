// A check's declaration against the catalog: loading fails, at file:line:column, when a `kind:
// check` entry names a {placeholder} its check does not fill or a check reads a capture the log
// rule's patterns do not define; at run time captured() and the engine refuse what a check did
// not declare.
#include <gtest/gtest.h>

#include "rules/catalog.h"
#include "rules/catalog_compiler.h"
#include "rules/catalog_validator.h"
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"

namespace wid {
namespace {

Result<Catalog> load_builtin_one(const std::string& name, const std::string& text) {
  return load_catalog({CatalogSource{name, text, true}});
}

// The built-in catalog with `from` replaced by `to` (once) in the file named `file`.
std::vector<CatalogSource> builtin_with(const std::string& file, const std::string& from,
                                        const std::string& to) {
  auto sources = builtin_catalog_sources();
  for (auto& s : sources) {
    if (s.name != file) continue;
    const size_t at = s.text.find(from);
    EXPECT_NE(at, std::string::npos) << from << " not in " << file;
    if (at != std::string::npos) s.text.replace(at, from.size(), to);
  }
  return sources;
}

constexpr const char* kSlashEntry = R"(
- id: ISSUER_TRAILING_SLASH_MISMATCH
  group: federated-credential
  title: Slash
  severity: error
  kind: check
  explain: The issuer differs by a slash.
  detail: "Credential {credential} has issuer {fic_issuer_url}."
  fix:
    commands:
      - az identity federated-credential update --name {credential} --issuer "{issuer}"
      - echo {credentail}
)";

TEST(CatalogCheckDeclarations, RenamedPlaceholderFailsAtItsPosition) {
  auto c = load_builtin_one("rules/catalog/issuer_match.yaml", kSlashEntry);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(c.error().message,
            "rules/catalog/issuer_match.yaml:8:11: rule ISSUER_TRAILING_SLASH_MISMATCH: field "
            "detail: placeholder {fic_issuer_url} is not a value check issuer_matches_credentials "
            "fills (its CheckDef in rules/checks/issuer_matches_credentials.cc declares the "
            "values)\n"
            "rules/catalog/issuer_match.yaml:12:9: rule ISSUER_TRAILING_SLASH_MISMATCH: field "
            "fix.commands[1]: placeholder {credentail} is not a value check "
            "issuer_matches_credentials fills (its CheckDef in "
            "rules/checks/issuer_matches_credentials.cc declares the values)");
}

TEST(CatalogCheckDeclarations, RenameInTheRealCatalogFails) {
  auto c =
      load_catalog(builtin_with("rules/catalog/issuer_match.yaml", "{fic_issuer}", "{fic_isuer}"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("rules/catalog/issuer_match.yaml:"), std::string::npos)
      << c.error().message;
  EXPECT_NE(c.error().message.find("placeholder {fic_isuer} is not a value check "
                                   "issuer_matches_credentials fills"),
            std::string::npos)
      << c.error().message;
}

TEST(CatalogCheckDeclarations, LiteralPlaceholdersAreLeftForTheUser) {
  // FIC_WILDCARD_UNSUPPORTED's fix asks for <NAMESPACE> and <SERVICE_ACCOUNT> on purpose.
  auto c = load_catalog(builtin_catalog_sources());
  ASSERT_TRUE(c.ok()) << c.error().message;
}

TEST(CatalogCheckDeclarations, CaptureRenamedInTheRealCatalogFails) {
  auto c = load_catalog(builtin_with("rules/catalog/token_exchange.yaml", "'Tenant ''(?P<tenant>",
                                     "'Tenant ''(?P<tenant_id>"));
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("rule AADSTS90002: field match.any: check "
                                   "tenant_matches_identity reads capture 'tenant', which no "
                                   "pattern of this rule defines"),
            std::string::npos)
      << c.error().message;
}

constexpr const char* kLogEntry = R"(
- id: MY_SYMPTOM
  group: custom
  title: Symptom
  severity: error
  kind: log
  match:
    any: ['boom (?P<what>\w+)']
  explain: Boom.
)";

void my_check(const CheckContext&, CheckRun&) {}

TEST(CatalogCheckDeclarations, UndeclaredCaptureNameFails) {
  LoadErrors errors;
  auto entries = read_catalog_file(CatalogSource{"x.yaml", kLogEntry, true}, errors);
  validate_entries(entries, errors);
  compile_entries(entries, errors);
  ASSERT_TRUE(errors.empty()) << errors.joined();
  const CheckDef def{
      "my_check", {"MY_SYMPTOM"}, {{"MY_SYMPTOM", "what"}, {"MY_SYMPTOM", "who"}}, {}, my_check};
  validate_check_declarations(entries, {def}, errors);
  EXPECT_EQ(errors.joined(),
            "x.yaml:8:10: rule MY_SYMPTOM: field match.any: check my_check reads capture 'who', "
            "which no pattern of this rule defines");
}

TEST(CatalogCheckDeclarations, UserRulesAreNotHeldToTheBuiltinChecks) {
  std::string user = kSlashEntry;
  auto c = load_catalog({CatalogSource{"my-rules/x.yaml", user, false}});
  EXPECT_TRUE(c.ok()) << c.error().message;
}

TEST(CheckContract, CapturedRefusesAnUndeclaredRead) {
  EvidenceStore store;
  Finding f;
  f.rule_id = "MY_SYMPTOM";
  f.captures["what"] = {"x"};
  f.captures["who"] = {"y"};
  std::vector<Finding> symptoms{f};
  const CheckDef def{"my_check", {}, {{"MY_SYMPTOM", "what"}}, {}, my_check};
  CheckContext ctx{store, symptoms, "", &def};
  EXPECT_EQ(captured(ctx, "what", {"MY_SYMPTOM"}).size(), 1u);
  EXPECT_THROW(captured(ctx, "who", {"MY_SYMPTOM"}), CheckContractError);
  EXPECT_THROW(captured(ctx, "what"), CheckContractError);  // any rule's: not declared
}

TEST(CheckContract, EngineRefusesAnUndeclaredValue) {
  const CheckDef def{"my_check", {"MY_RULE"}, {}, {"issuer"}, my_check};
  CheckResult r;
  r.rule_id = "MY_RULE";
  r.values = {{"issuer", "https://x"}};
  EXPECT_NO_THROW(enforce_declared_fills(def, r));
  r.values["isuer"] = "https://x";
  try {
    enforce_declared_fills(def, r);
    ADD_FAILURE() << "no throw";
  } catch (const CheckContractError& e) {
    EXPECT_STREQ(e.what(),
                 "check my_check fills value 'isuer' for MY_RULE but does not declare it in its "
                 "CheckDef fills");
  }
}

TEST(CheckContract, EveryCheckFunctionHasItsDef) {
  for (const CheckDef& def : check_table()) EXPECT_EQ(find_check(def.run), &def) << def.name;
}

}  // namespace
}  // namespace wid
