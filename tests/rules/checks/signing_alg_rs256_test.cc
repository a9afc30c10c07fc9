// C8 over hand-built evidence: token alg, service-account key type, published keys.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"

namespace wid {

namespace {

PemKey key(const std::string& path, const std::string& type, bool is_private) {
  PemKey k;
  k.source.path = path;
  k.kid = "HtHdDIm3TSw_tAOoRh2A_TtmX9Y3j7i2ysu1qvOzRho";
  k.key_type = type;
  k.is_private = is_private;
  return k;
}

std::vector<CheckResult> run(const EvidenceStore& s) {
  CheckContext ctx{s, {}, ""};
  CheckRun r;
  check_signing_alg_rs256(ctx, r);
  return r.results;
}

TEST(SigningAlgRs256, EcServiceAccountKeyFails) {
  EvidenceStore s;
  ApiServerConfig a;
  a.issuers = {"https://capzoidcissuer.blob.core.windows.net/oidc/"};
  a.signing_key_file = "/etc/kubernetes/pki/sa.key";
  a.key_files = {"/etc/kubernetes/pki/sa.pub"};
  s.apiservers.push_back(a);
  s.keys = {key("cluster/keys/sa.key", "EC", true), key("cluster/keys/sa.pub", "EC", false)};
  auto rs = run(s);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].subject, "https://capzoidcissuer.blob.core.windows.net/oidc/");
  EXPECT_EQ(rs[0].values.at("key_type"), "EC");
  EXPECT_EQ(rs[0].values.at("signing_key_file"), "/etc/kubernetes/pki/sa.key");
  EXPECT_EQ(rs[0].evidence.size(), 2u);
}

TEST(SigningAlgRs256, Es256TokenAndEcJwkFail) {
  EvidenceStore s;
  ServiceAccountToken t;
  t.alg = "ES256";
  t.claims = {{"iss", "https://oidc.example.com/"}};
  s.tokens.push_back(t);
  Jwks j;
  j.served_by = "issuer";
  j.keys.push_back(JsonWebKey{"k", "EC", "ES256", "sig", {}});
  s.jwks.push_back(j);
  auto rs = run(s);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].values.at("alg"), "ES256");
}

TEST(SigningAlgRs256, AnEcTlsKeyBesideAnRsaServiceAccountKeyPasses) {
  EvidenceStore s;
  ApiServerConfig a;
  a.signing_key_file = "/etc/kubernetes/pki/sa.key";
  a.key_files = {"/etc/kubernetes/pki/sa.pub"};
  s.apiservers.push_back(a);
  s.keys = {key("cluster/keys/sa.key", "RSA", true), key("cluster/keys/apiserver.key", "EC", true)};
  auto rs = run(s);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kPass);
}

TEST(SigningAlgRs256, NothingToLookAtIsNotRun) {
  EvidenceStore s;
  CheckContext ctx{s, {}, ""};
  CheckRun r;
  check_signing_alg_rs256(ctx, r);
  EXPECT_TRUE(r.results.empty());
  EXPECT_FALSE(r.needs.empty());
}

}  // namespace
}  // namespace wid
