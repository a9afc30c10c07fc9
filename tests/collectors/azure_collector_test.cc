// The Azure collector's pure parts: which endpoints a cloud and the user's flags give, what the
// cluster's records say to read (client IDs in use, subscription, tenant, accounts to exchange),
// and what of Entra's answer is kept.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "collectors/azure/azure_endpoints.h"
#include "collectors/azure/azure_targets.h"
#include "collectors/azure/token_exchange.h"
#include "collectors/bundle/bundle_reader.h"

namespace wid {
namespace {

TEST(AzureEndpoints, EachCloudHasItsOwnArmAndAuthority) {
  auto pub = azure_endpoints("AzurePublicCloud", "", "");
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->arm, "https://management.azure.com");
  EXPECT_EQ(pub->authority, "https://login.microsoftonline.com");
  EXPECT_EQ(pub->scope, "https://management.azure.com/.default");
  EXPECT_FALSE(pub->arm_explicit);
  auto china = azure_endpoints("AzureChinaCloud", "", "");
  ASSERT_TRUE(china);
  EXPECT_EQ(china->arm, "https://management.chinacloudapi.cn");
  EXPECT_EQ(china->authority, "https://login.chinacloudapi.cn");
  auto gov = azure_endpoints("AzureUSGovernment", "", "");
  ASSERT_TRUE(gov);
  EXPECT_EQ(gov->arm, "https://management.usgovcloudapi.net");
  EXPECT_EQ(gov->authority, "https://login.microsoftonline.us");
  EXPECT_EQ(gov->scope, "https://management.usgovcloudapi.net/.default");
}

TEST(AzureEndpoints, NamedEndpointsReplaceTheCloudsWithOrWithoutATrailingSlash) {
  auto e = azure_endpoints("AzurePublicCloud", "https://arm.contoso.test/",
                           "https://login.contoso.test");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->arm, "https://arm.contoso.test");
  EXPECT_EQ(e->authority, "https://login.contoso.test");
  EXPECT_TRUE(e->arm_explicit);
  EXPECT_TRUE(e->authority_explicit);
  // The resource asked for stays the cloud's: a private ARM endpoint still serves that audience.
  EXPECT_EQ(e->scope, "https://management.azure.com/.default");
}

TEST(AzureEndpoints, AnUnknownCloudOrAPlainHttpEndpointIsAUsageError) {
  EXPECT_EQ(azure_endpoints("AzureGermanCloud", "", "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(azure_endpoints("AzurePublicCloud", "http://127.0.0.1:8080", "").error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(azure_endpoints("AzurePublicCloud", "", "login.microsoftonline.com").error().code,
            ErrorCode::kInvalidArgument);
}

TEST(TokenExchange, TheSavedAnswerHasNoToken) {
  const std::string answer =
      R"({"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,)"
      R"("access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl",)"
      R"("id_token":"eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ5In0.c2ln"})";
  const auto saved = nlohmann::json::parse(exchange_answer_to_save(answer));
  EXPECT_FALSE(saved.contains("access_token"));
  EXPECT_FALSE(saved.contains("id_token"));
  EXPECT_EQ(saved["token_type"], "Bearer");
  const std::string error =
      R"({"error":"invalid_client","error_description":"AADSTS70021: No matching federated )"
      R"(identity record found for presented assertion.","error_codes":[70021]})";
  EXPECT_EQ(nlohmann::json::parse(exchange_answer_to_save(error))["error_codes"][0], 70021);
}

// A store as the kube collection files it, from JSON a cluster returns.
EvidenceStore kube_store(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<MemoryFile> memory;
  memory.reserve(files.size());
  for (const auto& [path, text] : files)
    memory.push_back({path, std::make_shared<const std::string>(text), ""});
  EvidenceStore store;
  read_memory_files(memory, store);
  return store;
}

constexpr const char* kIdentity = R"({"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"AzureClusterIdentity",
  "metadata":{"name":"cluster-identity","namespace":"default"},
  "spec":{"type":"WorkloadIdentity","clientID":"8A1F4C27-93D6-4B0E-A5C8-2E7F91D3B640",
          "tenantID":"5d3e9f7a-2b1c-4e8d-9a6f-0c7b8e1d2f34","allowedNamespaces":{}}},
 {"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"AzureCluster",
  "metadata":{"name":"capz-quickstart","namespace":"default"},
  "spec":{"subscriptionID":"3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23","resourceGroup":"capz",
          "identityRef":{"kind":"AzureClusterIdentity","name":"cluster-identity"}}}]})";

constexpr const char* kAccounts = R"({"apiVersion":"v1","kind":"List","items":[
 {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"capz-manager",
  "namespace":"capz-system"}},
 {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"billing","namespace":"apps",
  "annotations":{"azure.workload.identity/client-id":"0f4e2d1c-9b8a-4c7d-8e6f-5a4b3c2d1e0f",
                 "azure.workload.identity/tenant-id":"72f988bf-86f1-41af-91ab-2d7cd011db47"}}},
 {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"reports","namespace":"apps"},
  "spec":{"template":{"spec":{"containers":[{"name":"main","image":"reports:1.4",
   "env":[{"name":"AZURE_CLIENT_ID","value":"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"},
          {"name":"AZURE_TENANT_ID","value":"72f988bf-86f1-41af-91ab-2d7cd011db47"}]},
   {"name":"sidecar","image":"sidecar:2","env":[{"name":"AZURE_CLIENT_ID","valueFrom":
    {"configMapKeyRef":{"name":"ids","key":"client"}}}]}]}}}}]})";

TEST(AzureTargets, ClientIdsSubscriptionTenantAndExchangesComeFromTheClusterRecords) {
  const EvidenceStore store = kube_store(
      {{"cluster/objects/capz/all.json", kIdentity}, {"cluster/objects/apps/all.json", kAccounts}});
  const AzureTargets t =
      azure_targets(store, "11111111-2222-4333-8444-555555555555", "capz-system");
  EXPECT_EQ(t.client_ids, (std::set<std::string>{"8a1f4c27-93d6-4b0e-a5c8-2e7f91d3b640",
                                                 "0f4e2d1c-9b8a-4c7d-8e6f-5a4b3c2d1e0f",
                                                 "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"}));
  EXPECT_EQ(t.subscription, "3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23");  // AzureCluster over the env
  EXPECT_EQ(t.tenant, "5d3e9f7a-2b1c-4e8d-9a6f-0c7b8e1d2f34");
  ASSERT_EQ(t.exchanges.size(), 2u);
  // capz-manager carries no annotation: CAPZ presents its token for the AzureClusterIdentity.
  const ExchangeTarget* capz = nullptr;
  const ExchangeTarget* billing = nullptr;
  for (const ExchangeTarget& x : t.exchanges)
    (x.service_account == "capz-manager" ? capz : billing) = &x;
  ASSERT_TRUE(capz && billing);
  EXPECT_EQ(capz->client_id, "8A1F4C27-93D6-4B0E-A5C8-2E7F91D3B640");
  EXPECT_EQ(capz->tenant, "5d3e9f7a-2b1c-4e8d-9a6f-0c7b8e1d2f34");
  EXPECT_EQ(billing->namespace_, "apps");
  EXPECT_EQ(billing->tenant, "72f988bf-86f1-41af-91ab-2d7cd011db47");
}

TEST(AzureTargets, TheEnvironmentsSubscriptionWhenNoAzureClusterNamesOne) {
  const EvidenceStore store = kube_store({{"cluster/objects/apps/all.json", kAccounts}});
  const AzureTargets t =
      azure_targets(store, "11111111-2222-4333-8444-555555555555", "capz-system");
  EXPECT_EQ(t.subscription, "11111111-2222-4333-8444-555555555555");
  EXPECT_EQ(t.subscription_from, "AZURE_SUBSCRIPTION_ID");
  EXPECT_TRUE(azure_targets(store, "", "capz-system").subscription.empty());
  ASSERT_EQ(t.exchanges.size(), 1u);  // capz-manager has no identity to present here
}

}  // namespace
}  // namespace wid
