// PEM blocks: type, private or not, and the kid Kubernetes gives the public key.
#include "collectors/parse/parse_pem.h"

#include <gtest/gtest.h>
#include <openssl/pem.h>

#include <algorithm>

#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

class ParsePemTest : public ::testing::Test {
 protected:
  void SetUp() override { key_ = testing::new_rsa_key(); }
  void TearDown() override { EVP_PKEY_free(key_); }
  EVP_PKEY* key_ = nullptr;
};

TEST_F(ParsePemTest, PublicKeyKidMatchesKubernetes) {
  auto keys = parse_pem(testing::public_key_pem(key_), SourceRef{"sa.pub", 0, ""});
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  ASSERT_EQ(keys->size(), 1u);
  EXPECT_EQ((*keys)[0].pem_type, "PUBLIC KEY");
  EXPECT_FALSE((*keys)[0].is_private);
  EXPECT_EQ((*keys)[0].key_type, "RSA");
  EXPECT_EQ((*keys)[0].kid, testing::kubernetes_kid(key_));
  EXPECT_EQ((*keys)[0].kid.size(), 43u);
  EXPECT_EQ(pem_file_type(*keys), "pem/public-key");
}

TEST_F(ParsePemTest, Pkcs1PublicPrivateAndCertificateAllGiveTheSameKid) {
  const std::string kid = testing::kubernetes_kid(key_);
  const std::string pkcs1 = testing::rsa_public_key_pem(key_);
  std::string all = pkcs1 + testing::private_key_pem(key_) + testing::self_signed_cert_pem(key_);
  auto keys = parse_pem(all, SourceRef{"mixed.pem", 0, ""});
  ASSERT_TRUE(keys.ok());
  ASSERT_EQ(keys->size(), 3u);
  EXPECT_EQ((*keys)[0].pem_type, "RSA PUBLIC KEY");
  EXPECT_EQ((*keys)[1].pem_type, "PRIVATE KEY");
  EXPECT_TRUE((*keys)[1].is_private);
  EXPECT_EQ((*keys)[2].pem_type, "CERTIFICATE");
  for (const auto& k : *keys) EXPECT_EQ(k.kid, kid) << k.pem_type;
  const auto pkcs1_lines = static_cast<uint64_t>(std::count(pkcs1.begin(), pkcs1.end(), '\n'));
  EXPECT_EQ((*keys)[1].source.line, 1u + pkcs1_lines);
  EXPECT_EQ(pem_file_type(*keys), "pem/private-key");
  EXPECT_EQ(pem_file_type({(*keys)[2]}), "pem/certificate");
}

TEST_F(ParsePemTest, EncryptedKeyIsListedWithoutPrompting) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PKCS8PrivateKey(bio, key_, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                const_cast<char*>("passphrase"));
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  auto keys = parse_pem(pem, SourceRef{"enc.key", 0, ""});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ((*keys)[0].pem_type, "ENCRYPTED PRIVATE KEY");
  EXPECT_TRUE((*keys)[0].is_private);
  EXPECT_EQ((*keys)[0].kid, "");
}

TEST_F(ParsePemTest, NoCompleteBlockIsAnError) {
  auto r = parse_pem("-----BEGIN PUBLIC KEY-----\nMIIB\n", SourceRef{"cut.pub", 0, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().message, "no complete PEM block (BEGIN/END) found");
  auto garbage = parse_pem("-----BEGIN PUBLIC KEY-----\nnot base64\n-----END PUBLIC KEY-----\n",
                           SourceRef{"bad.pub", 0, ""});
  ASSERT_TRUE(garbage.ok());
  EXPECT_EQ((*garbage)[0].kid, "");
}

}  // namespace
}  // namespace wid
