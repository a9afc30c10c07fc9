// The live-run records (cluster/connection.json, cluster/tokens/*.verify.json): they round-trip,
// a verification reaches only the redacted token beside it, and a proxy's credentials are not
// saved.
#include <gtest/gtest.h>

#include "collectors/kube/connection_record.h"
#include "collectors/parse/parse_live_records.h"
#include "collectors/parse/token_verify.h"

namespace wid {
namespace {

TEST(LiveRecords, ConnectionRoundTrips) {
  KubeConnection c;
  c.context = "kind-capz";
  c.server = "https://127.0.0.1:40517";
  c.insecure_skip_tls_verify = true;
  const auto j = kube_connection_to_json(c);
  ASSERT_TRUE(is_kube_connection(j));
  const KubeConnection back = parse_kube_connection(j, SourceRef{"cluster/connection.json", 3, ""});
  EXPECT_EQ(back.context, c.context);
  EXPECT_EQ(back.server, c.server);
  EXPECT_TRUE(back.insecure_skip_tls_verify);
  EXPECT_FALSE(j.contains("proxyUrl"));
  // A string "true" is not the boolean: the record is written by wi-doctor, never by hand.
  auto odd = j;
  odd["insecureSkipTlsVerify"] = "true";
  EXPECT_FALSE(parse_kube_connection(odd, {}).insecure_skip_tls_verify);
}

TEST(LiveRecords, ProxyCredentialsAreNotSaved) {
  EXPECT_EQ(proxy_without_credentials("http://alice:s3cr3t@proxy.corp.example:3128"),
            "http://proxy.corp.example:3128");
  EXPECT_EQ(proxy_without_credentials("socks5://proxy.corp.example:1080"),
            "socks5://proxy.corp.example:1080");
  // An @ in the path is not userinfo.
  EXPECT_EQ(proxy_without_credentials("http://proxy.corp.example:3128/a@b"),
            "http://proxy.corp.example:3128/a@b");
}

ServiceAccountToken token_at(const std::string& path, const std::string& signature) {
  ServiceAccountToken t;
  t.source = SourceRef{path, 0, ""};
  t.signature = signature;
  return t;
}

TEST(LiveRecords, VerificationReachesOnlyTheRedactedTokenBesideIt) {
  EXPECT_EQ(verification_path_for("cluster/tokens/capz-system/capz-manager.jwt"),
            "cluster/tokens/capz-system/capz-manager.verify.json");
  EvidenceStore store;
  store.tokens.push_back(token_at("b/cluster/tokens/capz-system/capz-manager.jwt", "unsigned"));
  store.tokens.push_back(token_at("b/cluster/tokens/capz-system/other.jwt", "unsigned"));
  // Verified with its own signature here: the record cannot overrule what the bytes prove.
  store.tokens.push_back(
      token_at("b/cluster/tokens/aso/azureserviceoperator-default.jwt", kSignatureInvalid));
  TokenVerification v;
  v.token_path = "cluster/tokens/capz-system/capz-manager.jwt";
  v.signature = kSignatureVerified;
  v.verified_by = "cluster/oidc/jwks.json (kid QeCtJ8ee)";
  v.verified_by_kid = "QeCtJ8ee";
  for (const char* rec : {"b/cluster/tokens/capz-system/capz-manager.verify.json",
                          "b/cluster/tokens/aso/azureserviceoperator-default.verify.json"}) {
    const auto j = token_verification_to_json(v);
    ASSERT_TRUE(is_token_verification(j));
    store.token_verifications.push_back(parse_token_verification(j, SourceRef{rec, 0, ""}));
  }
  // A result this build does not know is ignored.
  TokenVerification odd = v;
  odd.signature = "trust-me";
  store.token_verifications.push_back(
      parse_token_verification(token_verification_to_json(odd),
                               SourceRef{"b/cluster/tokens/capz-system/other.verify.json", 0, ""}));
  apply_token_verifications(store);
  EXPECT_EQ(store.tokens[0].signature, kSignatureVerified);
  EXPECT_EQ(store.tokens[0].verified_by_kid, "QeCtJ8ee");
  EXPECT_EQ(store.tokens[1].signature, kSignatureUnsigned);
  EXPECT_EQ(store.tokens[2].signature, kSignatureInvalid);
}

}  // namespace
}  // namespace wid
