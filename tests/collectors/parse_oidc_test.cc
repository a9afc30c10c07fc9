// OIDC discovery documents and JWKS, and who served them (from where the file sits).
#include "collectors/parse/parse_oidc.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

using Json = nlohmann::json;

TEST(ParseOidcTest, ServedByFromTheNearestDirectory) {
  EXPECT_EQ(served_by_from_path("issuer/openid-configuration.json"), "issuer");
  EXPECT_EQ(served_by_from_path("cluster/oidc/jwks.json"), "cluster");
  EXPECT_EQ(served_by_from_path("bundle.tgz/issuer/jwks.json"), "issuer");
  EXPECT_EQ(served_by_from_path("openid-configuration.json"), "unknown");
  EXPECT_EQ(served_by_from_path("saved/issuer"), "unknown");  // a file named issuer is not a dir
}

TEST(ParseOidcTest, DiscoveryDocument) {
  Json j = Json::parse(R"({
    "issuer": "https://oidcissuer65846b7df97b.z13.web.core.windows.net/",
    "jwks_uri": "https://oidcissuer65846b7df97b.z13.web.core.windows.net/openid/v1/jwks",
    "response_types_supported": ["id_token"],
    "subject_types_supported": ["public"],
    "id_token_signing_alg_values_supported": ["RS256"]})");
  ASSERT_TRUE(is_oidc_discovery(j));
  std::string notes;
  OidcDiscovery d = parse_discovery(j, SourceRef{"issuer/openid-configuration.json", 0, ""}, notes);
  EXPECT_EQ(d.served_by, "issuer");
  EXPECT_EQ(d.issuer, "https://oidcissuer65846b7df97b.z13.web.core.windows.net/");
  EXPECT_EQ(d.signing_algs, std::vector<std::string>{"RS256"});
  EXPECT_TRUE(notes.empty());
}

TEST(ParseOidcTest, WrongTypesAreNamedNotThrown) {
  Json j = Json::parse(R"({"issuer": 5, "jwks_uri": ["x"]})");
  ASSERT_TRUE(is_oidc_discovery(j));
  std::string notes;
  OidcDiscovery d = parse_discovery(j, SourceRef{"d.json", 0, ""}, notes);
  EXPECT_EQ(d.issuer, "");
  EXPECT_EQ(notes, "issuer is not a string; jwks_uri is not a string");
}

TEST(ParseOidcTest, JwksKeepsOnlyPublicMembers) {
  Json j = Json::parse(
      R"({"keys":[{"use":"sig","kty":"RSA","kid":"Me5VC6i4_4mymFj7T5rcUftFjYX70YoCfSnZB6-nBY4",
    "alg":"RS256","n":"ywg7","e":"AQAB","d":"PRIVATE","p":"P","q":"Q"}, "junk"]})");
  ASSERT_TRUE(is_jwks(j));
  std::string notes;
  Jwks k = parse_jwks(j, SourceRef{"cluster/oidc/jwks.json", 0, ""}, notes);
  EXPECT_EQ(k.served_by, "cluster");
  ASSERT_EQ(k.keys.size(), 1u);
  EXPECT_EQ(k.keys[0].kid, "Me5VC6i4_4mymFj7T5rcUftFjYX70YoCfSnZB6-nBY4");
  EXPECT_EQ(k.keys[0].raw["n"], "ywg7");
  EXPECT_FALSE(k.keys[0].raw.contains("d"));
  EXPECT_FALSE(k.keys[0].raw.contains("p"));
  EXPECT_EQ(notes, "1 key entries are not objects");
}

TEST(ParseOidcTest, ShapeChecks) {
  EXPECT_TRUE(is_jwks(Json::parse(R"({"keys": []})")));
  EXPECT_FALSE(is_jwks(Json::parse(R"({"keys": {}})")));
  EXPECT_FALSE(is_jwks(Json::parse(R"({"keys": [{"a": 1}]})")));
  EXPECT_FALSE(is_oidc_discovery(Json::parse(R"({"issuer": "x"})")));
}

}  // namespace
}  // namespace wid
