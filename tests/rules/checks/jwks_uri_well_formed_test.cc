// JWKS_URI_MALFORMED over hand-built discovery documents and --service-account-jwks-uri.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"

namespace wid {

namespace {

std::vector<CheckResult> run_doc(const std::string& issuer, const std::string& jwks_uri) {
  EvidenceStore s;
  OidcDiscovery d;
  d.source.path = "issuer/openid-configuration.json";
  d.served_by = "issuer";
  d.issuer = issuer;
  d.jwks_uri = jwks_uri;
  s.discoveries.push_back(d);
  CheckContext ctx{s, {}, ""};
  CheckRun r;
  check_jwks_uri_well_formed(ctx, r);
  return r.results;
}

TEST(JwksUriWellFormed, AppendedToAnIssuerWithoutItsSlash) {
  auto rs = run_doc("https://capzoidcissuer.z13.web.core.windows.net",
                    "https://capzoidcissuer.z13.web.core.windows.netopenid/v1/jwks");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].values.at("expected_jwks_uri"),
            "https://capzoidcissuer.z13.web.core.windows.net/openid/v1/jwks");
  EXPECT_EQ(rs[0].values.at("container"), "$web");
  EXPECT_EQ(rs[0].evidence.at(0).difference, Difference::kTrailingSlash);
}

TEST(JwksUriWellFormed, HttpPrivateAddressAndVariablesFail) {
  const std::string iss = "https://capzoidcissuer.blob.core.windows.net/oidc/";
  for (const char* bad : {"http://capzoidcissuer.blob.core.windows.net/oidc/openid/v1/jwks",
                          "https://172.18.0.2:6443/openid/v1/jwks",
                          "https://kubernetes.default.svc.cluster.local/openid/v1/jwks",
                          "${SERVICE_ACCOUNT_ISSUER}openid/v1/jwks", ""}) {
    auto rs = run_doc(iss, bad);
    ASSERT_EQ(rs.size(), 1u) << bad;
    EXPECT_EQ(rs[0].status, FindingStatus::kFail) << bad;
  }
}

TEST(JwksUriWellFormed, PublicUrlsPassEvenOnAnotherHost) {
  const std::string iss = "https://capzoidcissuer.blob.core.windows.net/oidc/";
  for (const char* good : {"https://capzoidcissuer.blob.core.windows.net/oidc/openid/v1/jwks",
                           "https://keys.example.com/capz/jwks.json"}) {
    auto rs = run_doc(iss, good);
    ASSERT_EQ(rs.size(), 1u) << good;
    EXPECT_EQ(rs[0].status, FindingStatus::kPass) << good;
  }
}

TEST(JwksUriWellFormed, TheApiServerFlagIsJudgedToo) {
  EvidenceStore s;
  ApiServerConfig a;
  a.source.path = "cluster/kube-apiserver.yaml";
  a.issuers = {"https://capzoidcissuer.blob.core.windows.net/oidc/"};
  a.jwks_uri = "http://capzoidcissuer.blob.core.windows.net/oidc/openid/v1/jwks";
  s.apiservers.push_back(a);
  CheckContext ctx{s, {}, ""};
  CheckRun r;
  check_jwks_uri_well_formed(ctx, r);
  ASSERT_EQ(r.results.size(), 1u);
  EXPECT_EQ(r.results[0].status, FindingStatus::kFail);
  EXPECT_EQ(r.results[0].evidence.at(0).difference, Difference::kScheme);
}

TEST(JwksUriWellFormed, NoDocumentIsNotRun) {
  EvidenceStore s;
  CheckContext ctx{s, {}, ""};
  CheckRun r;
  check_jwks_uri_well_formed(ctx, r);
  EXPECT_TRUE(r.results.empty());
  EXPECT_FALSE(r.needs.empty());
}

}  // namespace
}  // namespace wid
