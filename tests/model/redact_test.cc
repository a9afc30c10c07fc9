// Secrets never reach output: the redaction function every sample and bundle goes through.
#include "analyzer/model/redact.h"

#include <gtest/gtest.h>

#include "analyzer/model/text.h"

namespace wid {
namespace {

constexpr const char* kJwt =
    "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJpc3MiOiJodHRwczovL2EiLCJzdWIiOiJzIn0."
    "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo";

TEST(Redact, JwtKeepsHeaderAndClaimsLosesSignature) {
  RedactionCounts c;
  std::string out = redact(std::string("token=") + kJwt + " done", &c);
  EXPECT_EQ(out.find("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo"), std::string::npos) << out;
  EXPECT_NE(out.find("eyJpc3MiOiJodHRwczovL2EiLCJzdWIiOiJzIn0."), std::string::npos);
  EXPECT_NE(out.find(" done"), std::string::npos);
  EXPECT_EQ(c.by_kind["jwt"], 1);
}

TEST(Redact, KeyValueSecretsInEveryQuoting) {
  const char* inputs[] = {
      "client_secret=abc8Q~SuperSecret&grant_type=x",
      "{\"client_secret\":\"abc8Q~SuperSecret\"}",
      "err=\"{\\\"client_secret\\\":\\\"abc8Q~SuperSecret\\\"}\"",
      "AZURE_CLIENT_SECRET=abc8Q~SuperSecret",
      "export AZURE_CLIENT_SECRET='abc8Q~SuperSecret'",
      "clientSecret: abc8Q~SuperSecret",
      "Authorization: Bearer abc8Q~SuperSecret",
      "https://acct.blob.core.windows.net/c/x?sv=2022-11-02&sig=abc8Q~SuperSecret%3D&se=1",
      "password=abc8Q~SuperSecret",
      "client_secret=abc\xffSuperSecret",  // an invalid byte must not hide the tail
  };
  for (const char* in : inputs) {
    std::string out = redact(in);
    EXPECT_EQ(out.find("SuperSecret"), std::string::npos) << in << " -> " << out;
    EXPECT_NE(out.find(kRedactedMark), std::string::npos) << in;
  }
}

TEST(Redact, PrivateKeyBodyGoes) {
  std::string pem =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretbody\n"
      "-----END RSA PRIVATE KEY-----\n";
  std::string out = redact(pem);
  EXPECT_EQ(out.find("secretbody"), std::string::npos);
  EXPECT_NE(out.find("-----END RSA PRIVATE KEY-----"), std::string::npos);
}

TEST(Redact, IsIdempotentAndLeavesOrdinaryTextAlone) {
  std::string in = std::string("a ") + kJwt + " client_secret=zzz Bearer tok";
  std::string once = redact(in);
  EXPECT_EQ(redact(once), once);
  const char* plain =
      "Assertion Issuer: 'https://oidc.example/'. secret \"aso-controller-settings\" not found; "
      "signature verified; designated";
  EXPECT_EQ(redact(plain), plain);
}

TEST(Text, InvalidUtf8BecomesReplacementCharacter) {
  EXPECT_EQ(to_utf8("a\xff"
                    "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_TRUE(is_valid_utf8(to_utf8("\xc3\x28\xed\xa0\x80\xf4\x90\x80\x80")));
  EXPECT_EQ(to_utf8("h\xC3\xA9llo"), "h\xC3\xA9llo");
}

TEST(Text, TruncateKeepsUtf8BoundariesAndSaysHowMuch) {
  std::string s = "\xC3\xA9\xC3\xA9\xC3\xA9";
  std::string t = truncate_utf8(s, 3);
  EXPECT_TRUE(is_valid_utf8(t));
  EXPECT_EQ(t.rfind("\xC3\xA9", 0), 0u);
  EXPECT_NE(t.find("truncated 4 bytes"), std::string::npos) << t;
}

TEST(Text, EscapeControlsRemovesTerminalSequences) {
  std::string out = escape_controls("red \x1b[31mX\r\n");
  EXPECT_EQ(out.find('\x1b'), std::string::npos);
  EXPECT_EQ(out.find('\r'), std::string::npos);
}

}  // namespace
}  // namespace wid
