// identityRef resolution: existence, kind, namespace defaulting.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {
namespace {

KubeObject object(const std::string& json) {
  return testing::kube_object(nlohmann::json::parse(json));
}

const KubeObject kIdentity = object(R"({"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1",
  "kind":"AzureClusterIdentity","metadata":{"name":"cluster-identity","namespace":"default"},
  "spec":{"type":"WorkloadIdentity"}})");

KubeObject cluster(const std::string& ns, const std::string& ref) {
  return object(R"({"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"AzureCluster",
    "metadata":{"name":"capz-demo","namespace":")" +
                ns + R"("},"spec":{)" + (ref.empty() ? "" : "\"identityRef\":" + ref) + "}}");
}

std::vector<CheckResult> run(std::vector<KubeObject> objects) {
  EvidenceStore store = testing::store_of(std::move(objects));
  std::vector<Finding> symptoms;
  CheckContext ctx{store, symptoms, ""};
  CheckRun r;
  check_cluster_identity_ref(ctx, r);
  return r.results;
}

TEST(ClusterIdentityRef, ResolvesWithDefaultedNamespace) {
  auto r =
      run({kIdentity,
           cluster("default", R"({"kind":"AzureClusterIdentity","name":"cluster-identity"})")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kPass);
}

TEST(ClusterIdentityRef, DefaultedNamespaceMissesIdentityElsewhere) {
  auto r = run({kIdentity,
                cluster("team-a", R"({"kind":"AzureClusterIdentity","name":"cluster-identity"})")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kFail);
  EXPECT_EQ(r[0].subject, "AzureCluster/team-a/capz-demo");
  EXPECT_EQ(r[0].values.at("identity_namespace"), "team-a");
  EXPECT_NE(r[0].detail.find("did it mean default/cluster-identity"), std::string::npos);
}

TEST(ClusterIdentityRef, WrongKindAndMissingRefFail) {
  auto r =
      run({kIdentity,
           cluster("default", R"({"kind":"AzureClusterIdentityList","name":"cluster-identity"})")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kFail);
  EXPECT_EQ(r[0].evidence[0].expected, "AzureClusterIdentity");
  r = run({kIdentity, cluster("default", "")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kFail);
  EXPECT_NE(r[0].detail.find("identityRef is required"), std::string::npos);
}

TEST(ClusterIdentityRef, NoIdentitiesCollectedIsUnknown) {
  auto r =
      run({cluster("default", R"({"kind":"AzureClusterIdentity","name":"cluster-identity"})")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kUnknown);
  ASSERT_EQ(r[0].needs.size(), 1u);
  EXPECT_EQ(r[0].needs[0],
            "kubectl get azureclusteridentities -A -o yaml > azureclusteridentities.yaml");
}

}  // namespace
}  // namespace wid
