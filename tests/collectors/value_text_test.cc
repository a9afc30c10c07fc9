// value_text: values of JSON/YAML as `"key": "value"`, unescaped, on the line where each value
// starts; skipped subtrees left out; lenient on JSON cut short.
#include "collectors/bundle/value_text.h"

#include <gtest/gtest.h>

#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

TEST(ValueTextTest, JsonValuesKeepTheirLinesAndLoseTheirEscapes) {
  const std::string arm = R"({"status":"Failed","error":{"code":"DeploymentFailed",
"details":[
  {"code":"ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity",
   "message":"Too many Federated Identity Credentials are written concurrently for the managed identity '/subscriptions/x/resourcegroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id'. Please retry after some time.",
   "count":2}
]}})";
  EXPECT_EQ(
      json_values_text(arm),
      "\"status\": \"Failed\", \"code\": \"DeploymentFailed\"\n"
      "\n"
      "\"code\": \"ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity\"\n"
      "\"message\": \"Too many Federated Identity Credentials are written concurrently for "
      "the managed identity '/subscriptions/x/resourcegroups/rg/providers/"
      "Microsoft.ManagedIdentity/userAssignedIdentities/id'. Please retry after some time.\"\n"
      "\"count\": 2\n");
  // \u escapes (a surrogate pair, an unpaired one), \" and \/; an array's strings take its key.
  EXPECT_EQ(
      json_values_text(R"({"m":"a \u0027b\u0027 \ud83d\udd11 \ud83d x \"q\" \/","l":["x","y"]})"),
      "\"m\": \"a 'b' \xF0\x9F\x94\x91 \xEF\xBF\xBD x \"q\" /\", \"l\": [\"x\"], \"l\": [\"y\"]\n");
  // JSON cut short: what came before the cut still counts.
  EXPECT_EQ(json_values_text(R"({"error":{"message":"AADSTS70021: No matching)"),
            "\"message\": \"AADSTS70021: No matching\"\n");
  EXPECT_EQ(json_values_text("[]"), "");
}

TEST(ValueTextTest, SkippedKeysHideTheirWholeSubtree) {
  const std::string pod = R"({"metadata":{"annotations":{"a":"AADSTS70021","b":{"c":["AADSTS1"]}},
"name":"p"},"status":{"message":"Back-off"}})";
  EXPECT_EQ(json_values_text(pod, {"annotations"}),
            "\n\"name\": \"p\", \"message\": \"Back-off\"\n");
}

TEST(ValueTextTest, YamlValuesComeFromTheirNodesLines) {
  auto y = load_yaml(
      "apiVersion: v1\n"
      "kind: Event\n"
      "metadata:\n"
      "  annotations:\n"
      "    note: AADSTS70021\n"
      "message: |\n"
      "  MountVolume.SetUp failed: AADSTS700016\n"
      "  second line\n"
      "count: 3\n");
  ASSERT_TRUE(y.ok());
  EXPECT_EQ(yaml_values_text(y->documents, {"annotations"}),
            "\"apiVersion\": \"v1\"\n\"kind\": \"Event\"\n\n\n\n"
            "\"message\": \"MountVolume.SetUp failed: AADSTS700016 second line \"\n\n\n"
            "\"count\": \"3\"\n");
}

}  // namespace
}  // namespace wid
