// C4 over hand-built evidence: each credential's audience against the token's `aud` (array or
// string) and Entra's echoed audience.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

constexpr const char* kCapz = "system:serviceaccount:capz-system:capz-manager";
constexpr const char* kAud = "api://AzureADTokenExchange";

FederatedCredential fic(const std::string& audience) {
  FederatedCredential f;
  f.source.path = "azure/fic.json";
  f.identity_name = "capz-identity";
  f.identity_id =
      "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/"
      "providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity";
  f.name = "capz";
  f.issuer = "https://oidcissuer65846b7df97b.z13.web.core.windows.net/";
  f.subject = kCapz;
  f.audiences = {audience};
  return f;
}

ServiceAccountToken token(nlohmann::json aud) {
  ServiceAccountToken t;
  t.source.path = "cluster/tokens/capz-manager.jwt";
  t.claims = {{"sub", kCapz}, {"aud", std::move(aud)}};
  return t;
}

std::vector<CheckResult> run(const EvidenceStore& store,
                             const std::vector<Finding>& symptoms = {}) {
  return testing::run_check(check_audience_matches, store, symptoms, "2026-11-28T12:00:00Z");
}

const CheckResult* find(const std::vector<CheckResult>& rs, const std::string& id,
                        FindingStatus status, const std::string& subject = "") {
  return testing::find_result(rs, id, status, subject);
}

TEST(AudienceMatches, OtherCloudAudienceIsAMismatch) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("api://AzureADTokenExchangeUSGov"));
  s.tokens.push_back(token(nlohmann::json::array({kAud})));
  auto rs = run(s);
  auto* r = find(rs, "FIC_AUDIENCE_MISMATCH", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("audience"), kAud);
  EXPECT_EQ(r->values.at("fic_audience"), "api://AzureADTokenExchangeUSGov");
  EXPECT_EQ(r->evidence.at(0).difference, Difference::kOther);
}

TEST(AudienceMatches, LeadingSpaceIsWhitespaceNotHidden) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic(" api://AzureADTokenExchange"));
  Finding f;
  f.rule_id = "AADSTS70021";
  f.captures["subject"] = {kCapz};
  f.captures["audience"] = {kAud};
  auto rs = run(s, {f});
  auto* r = find(rs, "FIC_FIELD_WHITESPACE_OR_CASE", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("field"), "audience");
  EXPECT_EQ(r->values.at("difference"), "whitespace");
  EXPECT_EQ(r->values.at("fic_value"), " api://AzureADTokenExchange");
  EXPECT_EQ(r->values.at("audience"), kAud);
  EXPECT_EQ(find(rs, "FIC_AUDIENCE_MISMATCH", FindingStatus::kFail), nullptr);
}

TEST(AudienceMatches, StringAudPassesByteForByte) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic(kAud));
  s.tokens.push_back(token(kAud));
  auto rs = run(s);
  EXPECT_NE(find(rs, "FIC_AUDIENCE_MISMATCH", FindingStatus::kPass), nullptr);
  EXPECT_EQ(find(rs, "FIC_AUDIENCE_MISMATCH", FindingStatus::kFail), nullptr);
}

TEST(AudienceMatches, CredentialForAnotherSubjectIsNotCompared) {
  EvidenceStore s;
  auto other = fic("api://custom");
  other.subject = "system:serviceaccount:payments:api";
  s.federated_credentials.push_back(other);
  s.tokens.push_back(token(nlohmann::json::array({kAud})));
  EXPECT_TRUE(run(s).empty());
}

}  // namespace
}  // namespace wid
