// CAPZ IsClusterNamespaceAllowed semantics, field by field.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {
namespace {

KubeObject object(const std::string& json) {
  KubeObject o;
  o.body = nlohmann::json::parse(json);
  o.api_version = o.body["apiVersion"];
  o.kind = o.body["kind"];
  o.name = o.body["metadata"]["name"];
  o.namespace_ = o.body["metadata"].value("namespace", "");
  o.source = SourceRef{"cluster/objects.yaml", 0, ""};
  return o;
}

KubeObject identity(const std::string& allowed) {
  return object(
      R"({"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"AzureClusterIdentity",
    "metadata":{"name":"cluster-identity","namespace":"default"},
    "spec":{"type":"WorkloadIdentity")" +
      (allowed.empty() ? "" : ",\"allowedNamespaces\":" + allowed) + "}}");
}

KubeObject cluster(const std::string& ns) {
  return object(R"({"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1","kind":"AzureCluster",
    "metadata":{"name":"capz-demo","namespace":")" +
                ns + R"("},
    "spec":{"identityRef":{"kind":"AzureClusterIdentity","name":"cluster-identity","namespace":"default"}}})");
}

std::vector<CheckResult> run(std::vector<KubeObject> objects) {
  EvidenceStore store = testing::store_of(std::move(objects));
  std::vector<Finding> symptoms;
  CheckContext ctx{store, symptoms, "2026-11-28T12:00:00Z"};
  CheckRun r;
  check_cluster_namespace_allowed(ctx, r);
  return r.results;
}

FindingStatus status_for(const std::string& allowed, const std::string& ns,
                         const std::vector<KubeObject>& extra = {}) {
  std::vector<KubeObject> objs = {identity(allowed), cluster(ns)};
  for (auto& e : extra) objs.push_back(e);
  auto results = run(objs);
  EXPECT_EQ(results.size(), 1u);
  return results.empty() ? FindingStatus::kPass : results[0].status;
}

TEST(ClusterNamespaceAllowed, AbsentOrNullAllowsNothing) {
  EXPECT_EQ(status_for("", "default"), FindingStatus::kFail);
  EXPECT_EQ(status_for("null", "default"), FindingStatus::kFail);
}

TEST(ClusterNamespaceAllowed, EmptyObjectAllowsAll) {
  EXPECT_EQ(status_for("{}", "team-a"), FindingStatus::kPass);
}

TEST(ClusterNamespaceAllowed, EmptyListAllowsNothing) {
  EXPECT_EQ(status_for(R"({"list":[]})", "default"), FindingStatus::kFail);
}

TEST(ClusterNamespaceAllowed, ListAdmitsOnlyItsNamespaces) {
  EXPECT_EQ(status_for(R"({"list":["default"]})", "default"), FindingStatus::kPass);
  auto r = run({identity(R"({"list":["default"]})"), cluster("team-a")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kFail);
  EXPECT_EQ(r[0].rule_id, "CAPZ_IDENTITY_NAMESPACE_NOT_ALLOWED");
  EXPECT_EQ(r[0].subject, "AzureCluster/team-a/capz-demo");
  EXPECT_NE(r[0].detail.find("lists only [default]"), std::string::npos);
  EXPECT_EQ(r[0].values.at("identity_name"), "cluster-identity");
}

TEST(ClusterNamespaceAllowed, EmptySelectorMatchesNothing) {
  EXPECT_EQ(status_for(R"({"selector":{}})", "team-a"), FindingStatus::kFail);
}

TEST(ClusterNamespaceAllowed, SelectorNeedsNamespaceLabels) {
  auto r = run({identity(R"({"selector":{"matchLabels":{"tenant":"a"}}})"), cluster("team-a")});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, FindingStatus::kUnknown);
  ASSERT_EQ(r[0].needs.size(), 1u);
  EXPECT_EQ(r[0].needs[0], "kubectl get namespace team-a -o yaml > namespace-team-a.yaml");
}

TEST(ClusterNamespaceAllowed, SelectorAgainstNamespaceLabels) {
  KubeObject ns = object(
      R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"tenant":"a"}}})");
  EXPECT_EQ(status_for(R"({"selector":{"matchLabels":{"tenant":"a"}}})", "team-a", {ns}),
            FindingStatus::kPass);
  EXPECT_EQ(status_for(R"({"selector":{"matchLabels":{"tenant":"b"}}})", "team-a", {ns}),
            FindingStatus::kFail);
  EXPECT_EQ(
      status_for(
          R"({"selector":{"matchExpressions":[{"key":"tenant","operator":"In","values":["a","b"]}]}})",
          "team-a", {ns}),
      FindingStatus::kPass);
  // The API server labels every namespace with its name.
  EXPECT_EQ(status_for(R"({"selector":{"matchLabels":{"kubernetes.io/metadata.name":"team-a"}}})",
                       "team-a", {ns}),
            FindingStatus::kPass);
}

TEST(ClusterNamespaceAllowed, NothingToCompareNeedsObjects) {
  EvidenceStore store;
  std::vector<Finding> symptoms;
  CheckContext ctx{store, symptoms, ""};
  CheckRun r;
  check_cluster_namespace_allowed(ctx, r);
  EXPECT_TRUE(r.results.empty());
  EXPECT_FALSE(r.needs.empty());
}

}  // namespace
}  // namespace wid
