// C7 over hand-built evidence: the signing key's kid, the token's kid and the public JWKS.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

constexpr const char* kIss = "https://capzoidcissuer.blob.core.windows.net/oidc/";
constexpr const char* kOld = "bQJHBGmgdxeDrSnPOXEAlIY-ALZsy2YY3yS4wkxweus";
constexpr const char* kNew = "Ssw4lQuDi-4y9PW5pfm8ZK527PKpP7gU9FIbIAGkeA4";

ServiceAccountToken token(const std::string& kid, const std::string& signature) {
  ServiceAccountToken t;
  t.source.path = "cluster/tokens/capz-system/capz-manager.jwt";
  t.claims = {{"iss", kIss}, {"sub", "system:serviceaccount:capz-system:capz-manager"}};
  t.alg = "RS256";
  t.kid = kid;
  t.signature = signature;
  return t;
}

PemKey key(const std::string& path, const std::string& kid, bool is_private) {
  PemKey k;
  k.source.path = path;
  k.kid = kid;
  k.is_private = is_private;
  k.key_type = "RSA";
  return k;
}

Jwks jwks(const std::vector<std::string>& kids) {
  Jwks j;
  j.source.path = "issuer/jwks.json";
  j.served_by = "issuer";
  for (auto& k : kids) j.keys.push_back(JsonWebKey{k, "RSA", "RS256", "sig", {}});
  return j;
}

std::vector<CheckResult> run(const EvidenceStore& s, const std::vector<Finding>& symptoms = {}) {
  return testing::run_check(check_token_kid_published, s, symptoms, "");
}

const CheckResult* find(const std::vector<CheckResult>& rs, const std::string& id,
                        FindingStatus status, const std::string& subject = "") {
  return testing::find_result(rs, id, status, subject);
}

TEST(TokenKidPublished, RotatedKeyNotRepublishedIsStale) {
  EvidenceStore s;
  s.keys = {key("cluster/keys/sa.key", kNew, true), key("cluster/keys/sa.pub", kNew, false)};
  s.tokens.push_back(token(kNew, "verified"));
  s.jwks.push_back(jwks({kOld}));
  auto rs = run(s);
  auto* r = find(rs, "JWKS_STALE_AFTER_KEY_ROTATION", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->subject, kIss);
  EXPECT_EQ(r->values.at("kid"), kNew);
  EXPECT_EQ(r->values.at("published_kids"), kOld);
  EXPECT_EQ(r->values.at("public_key_file"), "cluster/keys/sa.pub");
  EXPECT_EQ(r->values.at("jwks_blob"), "openid/v1/jwks");
  EXPECT_EQ(find(rs, "SA_SIGNING_KEY_MISMATCH", FindingStatus::kFail), nullptr);
}

TEST(TokenKidPublished, OldAndNewKeysPublishedPass) {
  EvidenceStore s;
  s.keys = {key("cluster/keys/sa.key", kNew, true)};
  s.tokens.push_back(token(kNew, "verified"));
  s.jwks.push_back(jwks({kOld, kNew}));
  auto rs = run(s);
  EXPECT_NE(find(rs, "JWKS_STALE_AFTER_KEY_ROTATION", FindingStatus::kPass), nullptr);
  EXPECT_NE(find(rs, "SA_SIGNING_KEY_MISMATCH", FindingStatus::kPass), nullptr);
}

TEST(TokenKidPublished, PublishedKidWhoseKeyDoesNotVerifyIsAMismatch) {
  EvidenceStore s;
  s.tokens.push_back(token(kNew, "invalid"));
  s.jwks.push_back(jwks({kNew}));
  auto rs = run(s);
  EXPECT_NE(find(rs, "SA_SIGNING_KEY_MISMATCH", FindingStatus::kFail), nullptr);
  EXPECT_NE(find(rs, "JWKS_STALE_AFTER_KEY_ROTATION", FindingStatus::kPass), nullptr);
}

TEST(TokenKidPublished, EmptyJwksAndForeignKeyFileAreMismatches) {
  EvidenceStore s;
  s.keys = {key("cluster/keys/sa.key", kNew, true), key("cluster/keys/sa.pub", kOld, false)};
  s.jwks.push_back(jwks({}));
  auto rs = run(s);
  int fails = 0;
  for (auto& r : rs)
    fails += r.rule_id == "SA_SIGNING_KEY_MISMATCH" && r.status == FindingStatus::kFail;
  EXPECT_EQ(fails, 2);  // nothing published; sa.pub is not the signing key's half
}

TEST(TokenKidPublished, EntraKidAloneNamesTheKeyWhenNothingElseDoes) {
  EvidenceStore s;
  s.jwks.push_back(jwks({kOld}));
  Finding f;
  f.rule_id = "AADSTS7000272";
  f.captures = {{"kid", {kNew}}, {"issuer", {kIss}}};
  auto rs = run(s, {f});
  auto* r = find(rs, "JWKS_STALE_AFTER_KEY_ROTATION", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("kid"), kNew);
}

TEST(TokenKidPublished, MissingJwksIsUnknownUnderAADSTS7000272) {
  EvidenceStore s;
  s.tokens.push_back(token(kNew, "no-key"));
  EXPECT_TRUE(run(s).empty());
  Finding f;
  f.rule_id = "AADSTS7000272";
  auto rs = run(s, {f});
  auto* r = find(rs, "JWKS_STALE_AFTER_KEY_ROTATION", FindingStatus::kUnknown);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(
      r->needs.at(0),
      "curl -fsS https://capzoidcissuer.blob.core.windows.net/oidc/openid/v1/jwks -o jwks.json");
}

}  // namespace
}  // namespace wid
