// --pseudonymize: which GUIDs are mapped (tenant, subscription, object/principal IDs, by the name
// they appear under), that the mapping is consistent and keyed, and that the GUID form and letter
// case are kept so every parser still accepts the result.
#include "collectors/live/pseudonymize.h"

#include <gtest/gtest.h>

#include <regex>

namespace wid {
namespace {

constexpr const char* kTenant = "5d3e9f7a-2b1c-4e8d-9a6f-0c7b8e1d2f34";
constexpr const char* kSubscription = "3f2b8c1e-7d4a-4e59-9b62-0c8d5a1f7e23";
constexpr const char* kPrincipal = "b7c2e1d4-58a3-4f0e-9d6c-1a2b3c4d5e6f";
constexpr const char* kClientId = "8a1f4c27-93d6-4b0e-a5c8-2e7f91d3b640";
constexpr const char* kTraceId = "233911c0-7533-4a06-b911-48743c51acd4";

const std::string kText =
    std::string("{\"spec\": {\"tenantID\": \"") + kTenant + "\", \"clientID\": \"" + kClientId +
    "\"}}\n" + "{\"name\": \"AZURE_SUBSCRIPTION_ID\", \"value\": \"" + kSubscription + "\"}\n" +
    "POST https://login.microsoftonline.com/" + kTenant + "/oauth2/v2.0/token\n" +
    "\"trace_id\": \"" + kTraceId + "\"\n" + "The client '" + kClientId + "' with object id '" +
    kPrincipal +
    "' does not have authorization to perform action 'Microsoft.Resources/subscriptions/"
    "resourcegroups/read' over scope '/subscriptions/" +
    kSubscription + "/resourcegroups/capz-rg'\n";

TEST(Pseudonymize, MapsTenantSubscriptionAndObjectIdsOnly) {
  Pseudonymizer p("a fixed test key");
  p.learn(kText);
  EXPECT_EQ(p.known(), 3u);
  const std::string out = p.apply(kText);
  for (const char* gone : {kTenant, kSubscription, kPrincipal})
    EXPECT_EQ(out.find(gone), std::string::npos) << gone;
  for (const char* kept : {kClientId, kTraceId}) EXPECT_NE(out.find(kept), std::string::npos);
  // The same ID gets the same pseudonym everywhere it appears.
  const std::string t = p.pseudonym(kTenant);
  EXPECT_NE(out.find("\"tenantID\": \"" + t + "\""), std::string::npos);
  EXPECT_NE(out.find("microsoftonline.com/" + t + "/oauth2"), std::string::npos);
  EXPECT_NE(out.find("'/subscriptions/" + p.pseudonym(kSubscription) + "/"), std::string::npos);
  EXPECT_EQ(out.size(), kText.size());
}

TEST(Pseudonymize, KeepsTheGuidFormAndLetterCase) {
  Pseudonymizer p("a fixed test key");
  const std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::string lower = p.pseudonym(kTenant);
  EXPECT_TRUE(std::regex_match(lower, v4)) << lower;
  EXPECT_NE(lower, kTenant);
  std::string upper_in = kTenant;
  for (char& c : upper_in) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string upper_out = lower;
  for (char& c : upper_out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(p.pseudonym(upper_in), upper_out);
  // Learned in one case, replaced in every case.
  p.learn(std::string("tenantId=") + kTenant);
  EXPECT_EQ(p.apply("TENANT " + upper_in), "TENANT " + upper_out);
}

TEST(Pseudonymize, KeyedPerRun) {
  Pseudonymizer a, b;  // random keys
  EXPECT_NE(a.pseudonym(kTenant), b.pseudonym(kTenant));
  EXPECT_EQ(a.pseudonym(kTenant), a.pseudonym(kTenant));
}

TEST(Pseudonymize, GuidsInsideLongerTokensAndUnnamedOnesAreLeftAlone) {
  Pseudonymizer p("k");
  const std::string text = std::string("void ") + kTenant + " x" + kSubscription +
                           " uid: " + kPrincipal + " android " + kClientId;
  p.learn(text);
  EXPECT_EQ(p.known(), 0u);
  EXPECT_EQ(p.apply(text), text);
}

TEST(Pseudonymize, BundleFilesUrlsAndErrorsAreRewritten) {
  LiveBundle bundle;
  bundle.add("cluster/objects/azureclusters/all.json",
             std::string("{\"subscriptionID\": \"") + kSubscription + "\"}",
             "https://127.0.0.1:6443/apis/infrastructure.cluster.x-k8s.io/v1beta1/azureclusters");
  bundle.add("azure/identities.json", "{}",
             std::string("https://management.azure.com/subscriptions/") + kSubscription +
                 "/providers/Microsoft.ManagedIdentity/userAssignedIdentities");
  CollectorStatus failed;
  failed.name = "azure:role-assignments";
  failed.status = CollectorState::kFailed;
  failed.error = std::string("HTTP 403: scope '/subscriptions/") + kSubscription + "'";
  bundle.add_status(failed);
  Pseudonymizer p("k");
  pseudonymize_bundle(bundle, p);
  for (const MemoryFile& f : bundle.files()) {
    EXPECT_EQ(f.data->find(kSubscription), std::string::npos);
    EXPECT_EQ(f.url.find(kSubscription), std::string::npos);
  }
  EXPECT_EQ(bundle.collectors()[0].error.find(kSubscription), std::string::npos);
  EXPECT_EQ(bundle.redactions().by_kind.at("pseudonymized-id"), 1);
}

}  // namespace
}  // namespace wid
