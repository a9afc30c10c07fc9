// AzureClusterIdentity spec.type against the workload-identity setup of the management cluster.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {
namespace {

KubeObject object(const std::string& json) {
  return testing::kube_object(nlohmann::json::parse(json));
}

KubeObject identity(const std::string& type, bool secret) {
  return object(
      R"({"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"AzureClusterIdentity",
    "metadata":{"name":"cluster-identity","namespace":"default"},"spec":{"type":")" +
      type + "\"" +
      (secret ? R"(,"clientSecret":{"name":"cluster-identity-secret","namespace":"default"})"
              : "") +
      "}}");
}

const KubeObject kCapzSa =
    object(R"({"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"capz-manager",
  "namespace":"capz-system","annotations":{"azure.workload.identity/client-id":"4024ab25-56a8-4370-aea6-6389221caf29"}}})");

std::vector<CheckResult> run(std::vector<KubeObject> objects) {
  EvidenceStore store = testing::store_of(std::move(objects));
  std::vector<Finding> symptoms;
  CheckContext ctx{store, symptoms, ""};
  CheckRun r;
  check_cluster_identity_type(ctx, r);
  return r.results;
}

TEST(ClusterIdentityType, ServicePrincipalOnWorkloadIdentityClusterFails) {
  auto r = run({identity("ServicePrincipal", true), kCapzSa});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kFail);
  EXPECT_EQ(r[0].subject, "AzureClusterIdentity/default/cluster-identity");
  EXPECT_EQ(r[0].values.at("secret_name"), "cluster-identity-secret");
  EXPECT_EQ(r[0].evidence[0].observed, "ServicePrincipal");
  EXPECT_EQ(r[0].evidence[0].expected, "WorkloadIdentity");
}

TEST(ClusterIdentityType, ServicePrincipalWithoutWorkloadIdentitySetupPasses) {
  auto r = run({identity("ServicePrincipal", true)});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kPass);
}

TEST(ClusterIdentityType, WorkloadIdentityWithLeftoverSecretFails) {
  auto r = run({identity("WorkloadIdentity", true)});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kFail);
  r = run({identity("WorkloadIdentity", false), kCapzSa});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kPass);
}

TEST(ClusterIdentityType, ManagedIdentityTypesAreNotJudged) {
  EXPECT_TRUE(run({identity("UserAssignedMSI", false), kCapzSa}).empty());
}

}  // namespace
}  // namespace wid
