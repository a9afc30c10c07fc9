// Token signatures (RFC 8725) checked against the keys at hand: real RSA and EC keys minted at
// test time, each status (verified, invalid, no-key, rejected-alg, unsigned) proven, the classic
// attacks refused (alg none, HS256 with the public key as secret, an embedded jwk, a jku that is
// never fetched), and read_bundle's end-of-read pass keeping the signature out of the store.
#include "collectors/parse/token_verify.h"

#include <gtest/gtest.h>
#include <openssl/x509.h>

#include <map>

#include "collectors/bundle/bundle_reader.h"
#include "collectors/parse/digest.h"
#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_oidc.h"
#include "collectors/parse/parse_pem.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

// exp long past and nbf far ahead: signatures are judged here, times by the checks.
constexpr const char* kClaims =
    R"({"aud":["api://AzureADTokenExchange"],"exp":1700003600,"iat":1700000000,"iss":"https://oidcissuer65846b7df97b.z13.web.core.windows.net/","nbf":4102444800,"sub":"system:serviceaccount:capz-system:capz-manager"})";

std::string header(const std::string& alg, const std::string& kid, const std::string& extra = "") {
  std::string h = R"({"alg":")" + alg + "\"";
  if (!kid.empty()) h += R"(,"kid":")" + kid + "\"";
  return h + extra + "}";
}

class TokenVerifyTest : public ::testing::Test {
 protected:
  // RSA key generation is slow: one set of keys for the suite.
  static void SetUpTestSuite() {
    rsa_ = testing::new_rsa_key();
    other_rsa_ = testing::new_rsa_key();
    ec_ = testing::new_ec_key("prime256v1");
  }
  static void TearDownTestSuite() {
    EVP_PKEY_free(rsa_);
    EVP_PKEY_free(other_rsa_);
    EVP_PKEY_free(ec_);
    rsa_ = other_rsa_ = ec_ = nullptr;
  }
  void SetUp() override {
    kid_ = testing::kubernetes_kid(rsa_);
    ec_kid_ = testing::kubernetes_kid(ec_);
  }

  static void add_pem(EvidenceStore& s, const std::string& pem, const std::string& path) {
    auto keys = parse_pem(pem, SourceRef{path, 0, ""});
    ASSERT_TRUE(keys.ok()) << keys.error().message;
    for (auto& k : *keys) s.keys.push_back(std::move(k));
  }
  static void add_jwks(EvidenceStore& s, const std::string& keys_json, const std::string& path) {
    std::string notes;
    s.jwks.push_back(parse_jwks(nlohmann::json::parse(R"({"keys":[)" + keys_json + "]}"),
                                SourceRef{path, 0, ""}, notes));
  }
  // parse_jwt, then the signature check against store, as read_bundle does.
  static ServiceAccountToken check(const std::string& token, const EvidenceStore& store) {
    JwsParts parts;
    auto t =
        parse_jwt(token, SourceRef{"cluster/tokens/capz-system/capz-manager.jwt", 0, ""}, &parts);
    EXPECT_TRUE(t.ok()) << t.error().message;
    if (!t.ok()) return {};
    verify_token_signature(*t, parts, store);
    return std::move(*t);
  }

  static EVP_PKEY* rsa_;
  static EVP_PKEY* other_rsa_;
  static EVP_PKEY* ec_;
  std::string kid_, ec_kid_;
};

EVP_PKEY* TokenVerifyTest::rsa_ = nullptr;
EVP_PKEY* TokenVerifyTest::other_rsa_ = nullptr;
EVP_PKEY* TokenVerifyTest::ec_ = nullptr;

TEST_F(TokenVerifyTest, Rs256VerifiedBySaPub) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  auto t = check(testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_), s);
  EXPECT_EQ(t.signature, "verified");
  EXPECT_EQ(t.alg, "RS256");
  EXPECT_EQ(t.kid, kid_);
  EXPECT_EQ(t.verified_by, "keys/sa.pub:1 (kid " + kid_ + ")");
  EXPECT_EQ(t.verified_by_kid, kid_);
}

TEST_F(TokenVerifyTest, VerifiedByThePublicHalfOfSaKey) {
  EvidenceStore s;
  add_pem(s, testing::private_key_pem(rsa_), "keys/sa.key");
  ASSERT_EQ(s.keys.size(), 1u);
  EXPECT_TRUE(s.keys[0].is_private);
  // Only the public half is kept: it is the SPKI of the public key, byte for byte.
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(rsa_, &der);
  EXPECT_EQ(s.keys[0].spki_der, std::string(reinterpret_cast<char*>(der), len));
  OPENSSL_free(der);
  auto t = check(testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_), s);
  EXPECT_EQ(t.signature, "verified");
  EXPECT_EQ(t.verified_by, "keys/sa.key:1 (kid " + kid_ + ")");
}

TEST_F(TokenVerifyTest, VerifiedByAJwksKeyBuiltFromNAndE) {
  EvidenceStore s;
  add_jwks(s,
           testing::public_jwk(other_rsa_, testing::kubernetes_kid(other_rsa_), "RS256") + "," +
               testing::public_jwk(rsa_, kid_, "RS256"),
           "issuer/jwks.json");
  auto t = check(testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_), s);
  EXPECT_EQ(t.signature, "verified");
  EXPECT_EQ(t.verified_by, "issuer/jwks.json#/keys/1 (kid " + kid_ + ")");
  // No kid in the token: every RSA key is tried, and the right one is found.
  auto no_kid = check(testing::mint_jws("RS256", header("RS256", ""), kClaims, rsa_), s);
  EXPECT_EQ(no_kid.signature, "verified");
  EXPECT_EQ(no_kid.verified_by_kid, kid_);
}

TEST_F(TokenVerifyTest, TamperedPayloadIsInvalid) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  const std::string good = testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_);
  const size_t d1 = good.find('.'), d2 = good.rfind('.');
  std::string claims = kClaims;
  claims.replace(claims.find("capz-manager"), 12, "capz-manage2");
  const std::string tampered = good.substr(0, d1 + 1) + testing::b64url(claims) + good.substr(d2);
  auto t = check(tampered, s);
  EXPECT_EQ(t.signature, "invalid");
  EXPECT_EQ(t.verified_by, "");
  EXPECT_EQ(t.claims["sub"], "system:serviceaccount:capz-system:capz-manage2");
}

TEST_F(TokenVerifyTest, AlgNoneIsRejectedNeverVerified) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  const std::string input = testing::b64url(header("none", kid_)) + "." + testing::b64url(kClaims);
  EXPECT_EQ(check(input + ".", s).signature, "rejected-alg");
  // Carrying a real RS256 signature does not make `none` acceptable either.
  const std::string sig = testing::b64url(testing::jws_signature("RS256", input, rsa_));
  EXPECT_EQ(check(input + "." + sig, s).signature, "rejected-alg");
  EXPECT_EQ(check(testing::b64url(header("None", "")) + "." + testing::b64url(kClaims) + ".", s)
                .signature,
            "rejected-alg");
}

TEST_F(TokenVerifyTest, Hs256WithThePublicKeyAsSecretIsRejected) {
  // The classic key confusion: a verifier that hands the RSA public key PEM to HMAC would pass it.
  EvidenceStore s;
  const std::string pem = testing::public_key_pem(rsa_);
  add_pem(s, pem, "keys/sa.pub");
  add_jwks(s, testing::public_jwk(rsa_, kid_), "cluster/oidc/jwks.json");
  auto t = check(testing::mint_hs256(header("HS256", kid_), kClaims, pem), s);
  EXPECT_EQ(t.signature, "rejected-alg");
  EXPECT_EQ(t.verified_by, "");
  EXPECT_EQ(check(testing::mint_hs256(header("HS256", ""), kClaims, pem), s).signature,
            "rejected-alg");
  EXPECT_FALSE(jws_alg_allowed("HS256"));
  EXPECT_FALSE(jws_alg_allowed("HS512"));
  EXPECT_FALSE(jws_alg_allowed("none"));
  EXPECT_FALSE(jws_alg_allowed(""));
  EXPECT_FALSE(jws_alg_allowed("rs256"));
  EXPECT_TRUE(jws_alg_allowed("RS256"));
  EXPECT_TRUE(jws_alg_allowed("ES256"));
}

TEST_F(TokenVerifyTest, Es256VerifiedBySaPubAndByJwk) {
  EvidenceStore pem_store;
  add_pem(pem_store, testing::public_key_pem(ec_), "keys/sa.pub");
  const std::string token = testing::mint_jws("ES256", header("ES256", ec_kid_), kClaims, ec_);
  auto t = check(token, pem_store);
  EXPECT_EQ(t.signature, "verified");
  EXPECT_EQ(t.verified_by_kid, ec_kid_);

  EvidenceStore jwk_store;
  add_jwks(jwk_store, testing::public_jwk(ec_, ec_kid_, "ES256"), "cluster/oidc/jwks.json");
  EXPECT_EQ(check(token, jwk_store).signature, "verified");
}

TEST_F(TokenVerifyTest, MalformedEs256SignatureIsInvalid) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(ec_), "keys/sa.pub");
  const std::string input =
      testing::b64url(header("ES256", ec_kid_)) + "." + testing::b64url(kClaims);
  const std::string raw = testing::jws_signature("ES256", input, ec_);
  ASSERT_EQ(raw.size(), 64u);
  // One byte short, one byte long, and OpenSSL's DER form (what a careless signer emits).
  EXPECT_EQ(check(input + "." + testing::b64url(raw.substr(0, 63)), s).signature, "invalid");
  EXPECT_EQ(check(input + "." + testing::b64url(raw + "A"), s).signature, "invalid");
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, ec_);
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(input.data());
  EVP_DigestSign(ctx, nullptr, &len, in, input.size());
  std::string der(len, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(der.data()), &len, in, input.size());
  der.resize(len);
  EVP_MD_CTX_free(ctx);
  EXPECT_EQ(check(input + "." + testing::b64url(der), s).signature, "invalid");
  // r and s swapped: right length, wrong signature.
  EXPECT_EQ(check(input + "." + testing::b64url(raw.substr(32) + raw.substr(0, 32)), s).signature,
            "invalid");
  EXPECT_EQ(check(input + "." + testing::b64url(raw), s).signature, "verified");
}

TEST_F(TokenVerifyTest, WrongKeyIsInvalidAndNoKeyIsNoKey) {
  // Documented: a key of the right type that was tried and failed makes `invalid` (a stale JWKS
  // after a key rotation looks like this); `no-key` only when nothing could be tried.
  const std::string token = testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_);
  EvidenceStore other;
  add_pem(other, testing::public_key_pem(other_rsa_), "keys/sa.pub");
  add_jwks(other, testing::public_jwk(other_rsa_, testing::kubernetes_kid(other_rsa_)),
           "issuer/jwks.json");
  EXPECT_EQ(check(token, other).signature, "invalid");

  EvidenceStore none;
  EXPECT_EQ(check(token, none).signature, "no-key");
  EvidenceStore only_ec;
  add_pem(only_ec, testing::public_key_pem(ec_), "keys/ec.pub");
  EXPECT_EQ(check(token, only_ec).signature, "no-key");
  // An ES256 token and only RSA keys, none named by its kid: nothing to try.
  EXPECT_EQ(
      check(testing::mint_jws("ES256", header("ES256", ec_kid_), kClaims, ec_), other).signature,
      "no-key");
}

TEST_F(TokenVerifyTest, AlgNotMatchingTheKeyItNamesIsRejected) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  add_pem(s, testing::public_key_pem(ec_), "keys/ec.pub");
  // ES256 claiming the RSA key's kid, even though an EC key that verifies it is at hand.
  EXPECT_EQ(check(testing::mint_jws("ES256", header("ES256", kid_), kClaims, ec_), s).signature,
            "rejected-alg");
  // RS256 naming the EC key.
  EXPECT_EQ(check(testing::mint_jws("RS256", header("RS256", ec_kid_), kClaims, rsa_), s).signature,
            "rejected-alg");
  // A JWK that names its alg verifies that alg only (PS256 signed by the same RSA key).
  EvidenceStore bound;
  add_jwks(bound, testing::public_jwk(rsa_, kid_, "RS256"), "issuer/jwks.json");
  EXPECT_EQ(
      check(testing::mint_jws("PS256", header("PS256", kid_), kClaims, rsa_), bound).signature,
      "rejected-alg");
  // A key published for encryption is not a signing key.
  EvidenceStore enc;
  add_jwks(enc, testing::public_jwk(rsa_, kid_, "", "enc"), "issuer/jwks.json");
  EXPECT_EQ(check(testing::mint_jws("RS256", header("RS256", ""), kClaims, rsa_), enc).signature,
            "no-key");
}

TEST_F(TokenVerifyTest, PssAndRsaVariants) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  for (const char* alg : {"RS384", "RS512", "PS256", "PS384", "PS512"}) {
    EXPECT_EQ(check(testing::mint_jws(alg, header(alg, kid_), kClaims, rsa_), s).signature,
              "verified")
        << alg;
  }
  // A PKCS#1 v1.5 signature presented as PS256 (and the reverse) does not verify.
  const std::string input = testing::b64url(header("PS256", kid_)) + "." + testing::b64url(kClaims);
  EXPECT_EQ(check(input + "." + testing::b64url(testing::jws_signature("RS256", input, rsa_)), s)
                .signature,
            "invalid");
  const std::string rs_input =
      testing::b64url(header("RS256", kid_)) + "." + testing::b64url(kClaims);
  EXPECT_EQ(
      check(rs_input + "." + testing::b64url(testing::jws_signature("PS256", rs_input, rsa_)), s)
          .signature,
      "invalid");
  // ES384 with a P-256 key: the curve is bound to the alg.
  EvidenceStore ec;
  add_pem(ec, testing::public_key_pem(ec_), "keys/ec.pub");
  EVP_PKEY* p384 = testing::new_ec_key("secp384r1");
  const std::string es384 = testing::mint_jws("ES384", header("ES384", ""), kClaims, p384);
  EXPECT_EQ(check(es384, ec).signature, "no-key");  // a P-256 key is no candidate for ES384
  add_pem(ec, testing::public_key_pem(p384), "keys/p384.pub");
  auto t = check(es384, ec);
  EXPECT_EQ(t.signature, "verified");
  EXPECT_EQ(t.verified_by_kid, testing::kubernetes_kid(p384));
  EVP_PKEY_free(p384);
}

TEST_F(TokenVerifyTest, EmbeddedJwkAndJkuAreNeverTrustedOrFetched) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  // Nothing listens on 127.0.0.1:1: a fetch would fail or hang, and the status would change.
  const std::string jku = R"(,"jku":"http://127.0.0.1:1/jwks.json","x5u":"http://127.0.0.1:1/c")";
  EXPECT_EQ(
      check(testing::mint_jws("RS256", header("RS256", kid_, jku), kClaims, rsa_), s).signature,
      "verified");
  EvidenceStore empty;
  EXPECT_EQ(
      check(testing::mint_jws("RS256", header("RS256", kid_, jku), kClaims, rsa_), empty).signature,
      "no-key");
  // The attacker signs with their own key and ships it in the header: never used.
  const std::string jwk = ",\"jwk\":" + testing::public_jwk(other_rsa_, "");
  auto t = check(testing::mint_jws("RS256", header("RS256", "", jwk), kClaims, other_rsa_), s);
  EXPECT_EQ(t.signature, "invalid");
  EXPECT_TRUE(t.header.contains("jwk"));  // kept as evidence: it is public and telling
}

TEST_F(TokenVerifyTest, ExpiredAndFutureTokensStillVerifyAndKeepTheirTimes) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  auto t = check(testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_), s);
  EXPECT_EQ(t.signature, "verified");
  EXPECT_EQ(t.claims["exp"], 1700003600);
  EXPECT_EQ(t.claims["nbf"], 4102444800LL);
  EXPECT_EQ(t.claims["iat"], 1700000000);
}

TEST_F(TokenVerifyTest, RemovedSignatureStaysUnsigned) {
  EvidenceStore s;
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");
  std::string token = testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_);
  token = token.substr(0, token.rfind('.') + 1);
  auto parsed = parse_jwt(token, SourceRef{"t.jwt", 0, ""});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->signature, "unsigned");  // known without keys
  EXPECT_EQ(check(token, s).signature, "unsigned");
  // Not yet checked: empty, so a rule never mistakes "not checked" for a result.
  auto pending = parse_jwt(testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_),
                           SourceRef{"t.jwt", 0, ""});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->signature, "");
}

TEST_F(TokenVerifyTest, PendingListIsDroppedAfterTheCheck) {
  EvidenceStore s;
  const std::string token = testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_);
  JwsParts parts;
  auto t = parse_jwt(token, SourceRef{"a.jwt", 0, ""}, &parts);
  ASSERT_TRUE(t.ok());
  PendingSignatures pending;
  pending.add(s.tokens.size(), parts);
  s.tokens.push_back(std::move(*t));
  EXPECT_EQ(pending.size(), 1u);
  add_pem(s, testing::public_key_pem(rsa_), "keys/sa.pub");  // the key arrives after the token
  pending.verify_all(s);
  EXPECT_EQ(pending.size(), 0u);
  EXPECT_EQ(s.tokens[0].signature, "verified");
}

class TokenVerifyBundleTest : public TokenVerifyTest {
 protected:
  testing::TempDir dir_;
};

TEST_F(TokenVerifyBundleTest, ReadBundleVerifiesAfterEveryKeyIsReadAndKeepsNoSignature) {
  // cluster/... sorts before keys/...: the tokens are read before the key that verifies them.
  const std::string token = testing::mint_jws("RS256", header("RS256", kid_), kClaims, rsa_);
  const std::string embedded = testing::mint_jws(
      "RS256", header("RS256", kid_),
      R"({"iss":"https://oidcissuer65846b7df97b.z13.web.core.windows.net/","sub":"system:serviceaccount:capz-system:azureserviceoperator-default"})",
      rsa_);
  const std::string forged =
      testing::mint_hs256(header("HS256", kid_), kClaims, testing::public_key_pem(rsa_));
  std::string stripped = token.substr(0, token.rfind('.') + 1);
  dir_.write("b/cluster/tokens/capz-system/capz-manager.jwt", token + "\n");
  dir_.write("b/cluster/tokens/capz-system/forged.jwt", forged + "\n");
  dir_.write("b/cluster/tokens/capz-system/redacted.jwt", stripped + "\n");
  dir_.write(
      "b/cluster/objects/tokenrequest.json",
      R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","metadata":{"name":"azureserviceoperator-default","namespace":"capz-system"},"status":{"token":")" +
          embedded + R"("}})");
  dir_.write("b/keys/sa.key", testing::private_key_pem(rsa_));

  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "b").string()}, s).ok());
  ASSERT_EQ(s.tokens.size(), 4u);
  std::map<std::string, const ServiceAccountToken*> by_path;
  for (const auto& t : s.tokens) by_path[t.source.path] = &t;
  ASSERT_TRUE(by_path.count("cluster/tokens/capz-system/capz-manager.jwt"));
  EXPECT_EQ(by_path["cluster/tokens/capz-system/capz-manager.jwt"]->signature, "verified");
  EXPECT_EQ(by_path["cluster/tokens/capz-system/capz-manager.jwt"]->verified_by,
            "keys/sa.key:1 (kid " + kid_ + ")");
  EXPECT_EQ(by_path["cluster/objects/tokenrequest.json"]->signature, "verified");
  EXPECT_EQ(by_path["cluster/objects/tokenrequest.json"]->source.pointer, "/status/token");
  EXPECT_EQ(by_path["cluster/tokens/capz-system/forged.jwt"]->signature, "rejected-alg");
  EXPECT_EQ(by_path["cluster/tokens/capz-system/redacted.jwt"]->signature, "unsigned");

  // The same bundle as a tarball gives the same statuses and names the same key.
  const std::string tgz = dir_.write(
      "b.tar.gz", testing::make_tar({{"cluster/tokens/capz-system/capz-manager.jwt", token + "\n"},
                                     {"keys/sa.key", testing::private_key_pem(rsa_)}},
                                    true));
  EvidenceStore from_tgz;
  ASSERT_TRUE(read_bundle({tgz}, from_tgz).ok());
  ASSERT_EQ(from_tgz.tokens.size(), 1u);
  EXPECT_EQ(from_tgz.tokens[0].signature, "verified");
  EXPECT_EQ(from_tgz.tokens[0].verified_by, "keys/sa.key:1 (kid " + kid_ + ")");

  // No part of a signature, nor any token's text, reached the store.
  const std::string all = testing::flatten(s);
  for (const std::string& jwt : {token, embedded, forged}) {
    const std::string sig_b64 = jwt.substr(jwt.rfind('.') + 1);
    const std::string sig = *base64url_decode(sig_b64);
    EXPECT_EQ(all.find(jwt), std::string::npos);
    EXPECT_EQ(all.find(sig_b64.substr(0, 16)), std::string::npos);
    EXPECT_EQ(all.find(sig.substr(0, 16)), std::string::npos);
    EXPECT_EQ(all.find(jwt.substr(0, jwt.rfind('.'))), std::string::npos);  // header.payload
  }
  const std::string private_pem = testing::private_key_pem(rsa_);
  EXPECT_EQ(all.find(private_pem.substr(200, 40)), std::string::npos);
}

}  // namespace
}  // namespace wid
