// Env files: both forms, quotes, and secret-named values masked at once.
#include "collectors/parse/parse_env.h"

#include <gtest/gtest.h>

#include "analyzer/model/redact.h"

namespace wid {
namespace {

constexpr const char* kEnv = R"(# CAPZ quick start
export AZURE_SUBSCRIPTION_ID="0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b"
export AZURE_TENANT_ID='b6c948ef-f6b5-4384-8354-da3a15eca969'
AZURE_CLIENT_ID=4024ab25-56a8-4370-aea6-6389221caf29  # the UAMI's client id
export AZURE_CLIENT_SECRET="abc8Q~SuperSecretValue1234567890"
export AZURE_FEDERATED_TOKEN_FILE=/var/run/secrets/azure/tokens/azure-identity-token
export SERVICE_ACCOUNT_ISSUER=https://oidcissuer65846b7df97b.z13.web.core.windows.net/
STORAGE_ACCOUNT_KEY=c3VwZXJzZWNyZXQ=
)";

TEST(ParseEnvTest, ReadsBothFormsAndMasksSecrets) {
  ASSERT_TRUE(looks_like_env(kEnv));
  Settings s = parse_env(kEnv, SourceRef{".env", 0, ""});
  EXPECT_EQ(s.values.at("AZURE_SUBSCRIPTION_ID"), "0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(s.values.at("AZURE_TENANT_ID"), "b6c948ef-f6b5-4384-8354-da3a15eca969");
  EXPECT_EQ(s.values.at("AZURE_CLIENT_ID"), "4024ab25-56a8-4370-aea6-6389221caf29");
  EXPECT_EQ(s.values.at("AZURE_CLIENT_SECRET"), kRedactedMark);
  EXPECT_EQ(s.values.at("STORAGE_ACCOUNT_KEY"), kRedactedMark);
  // A path is not a secret even when its name says TOKEN.
  EXPECT_EQ(s.values.at("AZURE_FEDERATED_TOKEN_FILE"),
            "/var/run/secrets/azure/tokens/azure-identity-token");
  EXPECT_EQ(s.values.at("SERVICE_ACCOUNT_ISSUER"),
            "https://oidcissuer65846b7df97b.z13.web.core.windows.net/");
  for (const auto& [k, v] : s.values) EXPECT_EQ(v.find("SuperSecret"), std::string::npos) << k;
}

TEST(ParseEnvTest, SecretNames) {
  EXPECT_TRUE(is_secret_variable("AZURE_CLIENT_SECRET"));
  EXPECT_TRUE(is_secret_variable("ARM_ACCESS_TOKEN"));
  EXPECT_TRUE(is_secret_variable("db_password"));
  EXPECT_TRUE(is_secret_variable("ACCOUNT_KEY"));
  EXPECT_FALSE(is_secret_variable("AZURE_FEDERATED_TOKEN_FILE"));
  EXPECT_FALSE(is_secret_variable("AZURE_CLIENT_ID"));
}

TEST(ParseEnvTest, ShapeCheck) {
  EXPECT_FALSE(looks_like_env("apiVersion: v1\nkind: Pod\n"));
  EXPECT_FALSE(looks_like_env("set -e\nA=b\n"));  // a script, not an env file
  EXPECT_TRUE(looks_like_env("A=1\nB=2\n"));
  EXPECT_TRUE(looks_like_env("A=\"two words\"\nB=2 # a comment\n"));
  // logfmt (cert-manager's relayed ARM error, Velero's lines): blanks split the pairs.
  EXPECT_FALSE(looks_like_env(
      "Status=403 Code=\"AuthorizationFailed\" Message=\"The client 'x' with object id 'y' does "
      "not have authorization to perform action 'Microsoft.Network/dnsZones/TXT/write'\"\n"));
  // An ARM error line that starts with its quoted code: the quoted value ends before Message=.
  EXPECT_FALSE(looks_like_env(
      "Code=\"LinkedAuthorizationFailed\" Message=\"The client 'x' with object id 'y' has "
      "permission to perform action 'Microsoft.Network/loadBalancers/write'\"\n"));
  EXPECT_TRUE(looks_like_env("A=\"quoted \\\" inside\" # why\nB='single'\n"));
}

}  // namespace
}  // namespace wid
