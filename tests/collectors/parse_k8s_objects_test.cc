// Kubernetes objects: lists expanded, secrets removed at the collector, credentials never stored.
#include "collectors/parse/parse_k8s_objects.h"

#include <gtest/gtest.h>

#include "analyzer/model/redact.h"
#include "collectors/parse/yaml_loader.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

using Json = nlohmann::json;

TEST(ParseK8sObjectsTest, ExpandsListsAndArrays) {
  Json list = Json::parse(R"({"apiVersion":"v1","kind":"List","items":[
    {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"capz-manager","namespace":"capz-system"}},
    {"apiVersion":"v1","kind":"PodList","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"}}]},
    {"not":"an object"}]})");
  auto refs = expand_objects(list);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].pointer, "/items/0");
  EXPECT_EQ(refs[1].pointer, "/items/1/items/0");
  Json arr = Json::parse(R"([{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}])");
  ASSERT_EQ(expand_objects(arr).size(), 1u);
  EXPECT_EQ(expand_objects(arr)[0].pointer, "/0");
}

TEST(ParseK8sObjectsTest, SecretKeepsKeysOnly) {
  auto y = load_yaml(R"(apiVersion: v1
kind: Secret
metadata:
  name: aso-controller-settings
  namespace: capz-system
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"AZURE_CLIENT_SECRET":"c2VjcmV0"}}'
data:
  AZURE_CLIENT_ID: NDAyNGFiMjU=
  AZURE_CLIENT_SECRET: c2VjcmV0LXZhbHVlLTEyMzQ=
stringData:
  AZURE_TENANT_ID: b6c948ef
)");
  ASSERT_TRUE(y.ok());
  SanitizedObject so = make_kube_object(y->documents[0].value, SourceRef{"s.yaml", 1, ""});
  EXPECT_TRUE(so.is_secret);
  const Json& b = so.object.body;
  EXPECT_EQ(so.object.name, "aso-controller-settings");
  EXPECT_EQ(so.object.namespace_, "capz-system");
  EXPECT_EQ(b["data"]["AZURE_CLIENT_ID"], kRedactedMark);
  EXPECT_EQ(b["data"]["AZURE_CLIENT_SECRET"], kRedactedMark);
  EXPECT_EQ(b["stringData"]["AZURE_TENANT_ID"], kRedactedMark);
  EXPECT_FALSE(
      b["metadata"]["annotations"].contains("kubectl.kubernetes.io/last-applied-configuration"));
  const std::string dumped = b.dump();
  EXPECT_EQ(dumped.find("c2VjcmV0"), std::string::npos);
}

TEST(ParseK8sObjectsTest, SecretNamedEnvValuesAreMasked) {
  Json dep = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},
    "spec":{"template":{"spec":{"containers":[{"name":"c","env":[
      {"name":"AZURE_CLIENT_ID","value":"4024ab25-56a8-4370-aea6-6389221caf29"},
      {"name":"AZURE_CLIENT_SECRET","value":"abc8Q~SuperSecretValue"},
      {"name":"AZURE_FEDERATED_TOKEN_FILE","value":"/var/run/secrets/azure/tokens/azure-identity-token"}]}]}}}})");
  SanitizedObject so = make_kube_object(dep, SourceRef{"d.json", 0, ""});
  const Json& env = so.object.body["spec"]["template"]["spec"]["containers"][0]["env"];
  EXPECT_EQ(env[0]["value"], "4024ab25-56a8-4370-aea6-6389221caf29");
  EXPECT_EQ(env[1]["value"], kRedactedMark);
  EXPECT_EQ(env[2]["value"], "/var/run/secrets/azure/tokens/azure-identity-token");
}

TEST(ParseK8sObjectsTest, EmbeddedTokensAreTakenOut) {
  EVP_PKEY* key = testing::new_rsa_key();
  const std::string token =
      testing::mint_jwt(R"({"alg":"RS256","kid":"k"})",
                        R"({"iss":"https://i.example/","sub":"system:serviceaccount:a:b"})", key);
  EVP_PKEY_free(key);
  Json tr = Json::parse(R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest",
    "metadata":{"name":"b","namespace":"a"},"spec":{"audiences":["api://AzureADTokenExchange"]},
    "status":{"expirationTimestamp":"2026-11-28T13:00:00Z"}})");
  tr["status"]["token"] = token;
  SanitizedObject so = make_kube_object(tr, SourceRef{"tr.json", 0, ""});
  ASSERT_EQ(so.tokens.size(), 1u);
  EXPECT_EQ(so.tokens[0].first, "/status/token");
  EXPECT_EQ(so.tokens[0].second, token);
  EXPECT_EQ(so.object.body["status"]["token"], kRedactedMark);
  EXPECT_EQ(so.object.body.dump().find(token.substr(token.rfind('.') + 1, 20)), std::string::npos);
}

TEST(ParseK8sObjectsTest, CredentialConfigsAreRecognised) {
  EXPECT_TRUE(is_credential_config(Json::parse(
      R"({"apiVersion":"v1","kind":"Config","clusters":[],"users":[{"name":"u","user":{"token":"t"}}]})")));
  EXPECT_TRUE(is_credential_config(Json::parse(
      R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}})")));
  EXPECT_FALSE(is_credential_config(Json::parse(R"({"apiVersion":"v1","kind":"ConfigMap"})")));
}

}  // namespace
}  // namespace wid
