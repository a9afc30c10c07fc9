// Bare JWTs: header and claims only, a fingerprint, never the token or its signature.
#include "collectors/parse/parse_jwt.h"

#include <gtest/gtest.h>

#include "collectors/parse/digest.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

constexpr const char* kHeader =
    R"({"alg":"RS256","kid":"Me5VC6i4_4mymFj7T5rcUftFjYX70YoCfSnZB6-nBY4"})";
constexpr const char* kClaims =
    R"({"aud":["api://AzureADTokenExchange"],"exp":1795953600,"iat":1795950000,"iss":"https://oidcissuer65846b7df97b.z13.web.core.windows.net/","kubernetes.io":{"namespace":"capz-system","pod":{"name":"capz-controller-manager-7d9c","uid":"900f80ed-1b2c-4d5e-8f90-a1b2c3d4e5f6"},"serviceaccount":{"name":"capz-manager","uid":"a709ef71-1b2c-4d5e-8f90-a1b2c3d4e5f6"}},"nbf":1795950000,"sub":"system:serviceaccount:capz-system:capz-manager"})";

class ParseJwtTest : public ::testing::Test {
 protected:
  void SetUp() override { key_ = testing::new_rsa_key(); }
  void TearDown() override { EVP_PKEY_free(key_); }
  EVP_PKEY* key_ = nullptr;
};

TEST_F(ParseJwtTest, DecodesHeaderAndClaimsAndKeepsNoToken) {
  const std::string token = testing::mint_jwt(kHeader, kClaims, key_);
  auto t = parse_jwt(token + "\n", SourceRef{"cluster/tokens/capz-system/capz-manager.jwt", 0, ""});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->header["alg"], "RS256");
  EXPECT_EQ(t->claims["sub"], "system:serviceaccount:capz-system:capz-manager");
  EXPECT_EQ(t->claims["kubernetes.io"]["serviceaccount"]["name"], "capz-manager");
  EXPECT_EQ(t->fingerprint, sha256_hex(token).substr(0, 16));
  const std::string signature = token.substr(token.rfind('.') + 1);
  const std::string everything = t->header.dump() + t->claims.dump() + t->fingerprint;
  EXPECT_EQ(everything.find(signature.substr(0, 16)), std::string::npos);
  EXPECT_TRUE(looks_like_bare_jwt(token, false));
}

TEST_F(ParseJwtTest, SignatureRemovedIsStillAToken) {
  std::string token = testing::mint_jwt(kHeader, kClaims, key_);
  token = token.substr(0, token.rfind('.') + 1);
  auto t = parse_jwt(token, SourceRef{"t.jwt", 0, ""});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->claims["iss"], "https://oidcissuer65846b7df97b.z13.web.core.windows.net/");
}

TEST_F(ParseJwtTest, MalformedTokensNameTheirFault) {
  const std::string token = testing::mint_jwt(kHeader, kClaims, key_);
  const SourceRef at{"t.jwt", 0, ""};
  auto two = parse_jwt(token.substr(0, token.rfind('.')), at);
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, ErrorCode::kParse);
  EXPECT_EQ(two.error().message, "a JWT has three dot-separated segments, found 2");

  auto padded = parse_jwt(testing::b64url(kHeader) + "==." + testing::b64url(kClaims) + ".sig", at);
  ASSERT_FALSE(padded.ok());
  EXPECT_EQ(padded.error().message,
            "JWT holds a character outside base64url (whitespace, '=', '+' or '/')");

  auto array = parse_jwt(testing::b64url("[1,2]") + "." + testing::b64url(kClaims) + ".s", at);
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(array.error().message, "JWT header is not a JSON object");

  auto dup = parse_jwt(
      testing::b64url(kHeader) + "." + testing::b64url(R"({"iss":"a","iss":"b"})") + ".s", at);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "JWT claims is not valid JSON: duplicate member 'iss'");

  auto big = parse_jwt(std::string(20000, 'a') + ".b.c", at);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().code, ErrorCode::kLimit);
  EXPECT_EQ(big.error().message, "token is 20004 bytes, over the 16 KiB limit");
}

TEST_F(ParseJwtTest, LooksLikeBareJwtNeedsAJoseHeader) {
  EXPECT_FALSE(looks_like_bare_jwt("abc.def.ghi", false));
  EXPECT_FALSE(looks_like_bare_jwt("hello world", false));
  EXPECT_FALSE(looks_like_bare_jwt(testing::b64url(R"({"typ":"JWT"})") + ".e30.x", false));
  EXPECT_TRUE(looks_like_bare_jwt(testing::b64url(kHeader) + "." + std::string(100, 'A'), true));
}

TEST_F(ParseJwtTest, LooksLikeBareJwtCountsSegmentsAndBytes) {
  const std::string header = testing::b64url(kHeader);
  EXPECT_TRUE(looks_like_bare_jwt(header + ".e30.sig", false));
  EXPECT_TRUE(looks_like_bare_jwt("  " + header + ".e30.sig\n", false));
  EXPECT_FALSE(looks_like_bare_jwt(header + ".e30.sig.more", false));  // four segments: a JWE?
  EXPECT_FALSE(looks_like_bare_jwt(header + ".e30", false));           // a whole file needs three
  EXPECT_TRUE(looks_like_bare_jwt(header + ".e30", true));             // a cut head may stop early
  EXPECT_FALSE(looks_like_bare_jwt(header, true));                     // no payload at all
  EXPECT_FALSE(looks_like_bare_jwt(".e30.sig", true));                 // no header
  EXPECT_FALSE(looks_like_bare_jwt(header + ".e30 .sig", false));      // a space inside
  EXPECT_FALSE(looks_like_bare_jwt(header + ".e+0.sig", false));       // base64, not base64url
}

}  // namespace
}  // namespace wid
