// Webhook injection: pod-template label, injected env/volume, pod age, client-id annotation.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {
namespace {

using nlohmann::json;

KubeObject object(json body) {
  KubeObject o;
  o.api_version = body["apiVersion"];
  o.kind = body["kind"];
  o.name = body["metadata"]["name"];
  o.namespace_ = body["metadata"].value("namespace", "");
  o.body = std::move(body);
  return o;
}

KubeObject service_account(bool annotated) {
  json b = {{"apiVersion", "v1"},
            {"kind", "ServiceAccount"},
            {"metadata", {{"name", "orders-api"}, {"namespace", "orders"}}}};
  if (annotated)
    b["metadata"]["annotations"] = {
        {"azure.workload.identity/client-id", "4024ab25-56a8-4370-aea6-6389221caf29"}};
  return object(b);
}

KubeObject deployment(json template_labels, json own_labels = json::object()) {
  return object(
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata", {{"name", "orders-api"}, {"namespace", "orders"}, {"labels", own_labels}}},
       {"spec",
        {{"template",
          {{"metadata", {{"labels", template_labels}}},
           {"spec",
            {{"serviceAccountName", "orders-api"},
             {"containers", json::array({{{"name", "app"}}})}}}}}}}});
}

KubeObject pod(const std::string& created, bool injected) {
  json container = {{"name", "app"}};
  if (injected)
    container["env"] = json::array(
        {{{"name", "AZURE_CLIENT_ID"}, {"value", "4024ab25-56a8-4370-aea6-6389221caf29"}},
         {{"name", "AZURE_FEDERATED_TOKEN_FILE"},
          {"value", "/var/run/secrets/azure/tokens/azure-identity-token"}}});
  return object(
      {{"apiVersion", "v1"},
       {"kind", "Pod"},
       {"metadata",
        {{"name", "orders-api-5c8d7f9b6d-x7k2p"},
         {"namespace", "orders"},
         {"creationTimestamp", created},
         {"labels", {{"azure.workload.identity/use", "true"}, {"pod-template-hash", "5c8d7f9b6d"}}},
         {"ownerReferences",
          json::array({{{"kind", "ReplicaSet"}, {"name", "orders-api-5c8d7f9b6d"}}})}}},
       {"spec", {{"serviceAccountName", "orders-api"}, {"containers", json::array({container})}}}});
}

KubeObject webhook(const std::string& created) {
  return object({{"apiVersion", "admissionregistration.k8s.io/v1"},
                 {"kind", "MutatingWebhookConfiguration"},
                 {"metadata",
                  {{"name", "azure-wi-webhook-mutating-webhook-configuration"},
                   {"creationTimestamp", created}}}});
}

std::map<std::string, FindingStatus> run(std::vector<KubeObject> objects) {
  EvidenceStore store = testing::store_of(std::move(objects));
  std::vector<Finding> symptoms;
  CheckContext ctx{store, symptoms, ""};
  CheckRun r;
  check_pod_injected(ctx, r);
  std::map<std::string, FindingStatus> out;
  for (auto& x : r.results) out[x.rule_id + " " + x.subject] = x.status;
  return out;
}

TEST(PodInjected, LabelOnDeploymentMetadataDoesNotCount) {
  auto r = run({service_account(true),
                deployment(json::object(), {{"azure.workload.identity/use", "true"}})});
  EXPECT_EQ(r.at("WEBHOOK_POD_LABEL_MISSING Deployment/orders/orders-api"), FindingStatus::kFail);
  r = run({service_account(true), deployment({{"azure.workload.identity/use", "true"}})});
  EXPECT_EQ(r.at("WEBHOOK_POD_LABEL_MISSING Deployment/orders/orders-api"), FindingStatus::kPass);
  r = run({service_account(true), deployment({{"azure.workload.identity/use", "True"}})});
  EXPECT_EQ(r.at("WEBHOOK_POD_LABEL_MISSING Deployment/orders/orders-api"), FindingStatus::kFail);
}

TEST(PodInjected, UnmutatedPodOlderThanWebhook) {
  auto r = run(
      {service_account(true), pod("2026-11-20T09:00:00Z", false), webhook("2026-11-27T16:42:10Z")});
  EXPECT_EQ(r.at("TOKEN_ENV_NOT_INJECTED Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kFail);
  EXPECT_EQ(r.at("POD_NOT_RESTARTED_AFTER_CHANGE Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kFail);
  r = run(
      {service_account(true), pod("2026-11-28T09:00:00Z", false), webhook("2026-11-27T16:42:10Z")});
  EXPECT_EQ(r.at("TOKEN_ENV_NOT_INJECTED Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kFail);
  EXPECT_EQ(r.at("POD_NOT_RESTARTED_AFTER_CHANGE Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kPass);
}

TEST(PodInjected, MutatedPodPasses) {
  auto r = run(
      {service_account(true), pod("2026-11-28T09:00:00Z", true), webhook("2026-11-27T16:42:10Z")});
  EXPECT_EQ(r.at("TOKEN_ENV_NOT_INJECTED Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kPass);
  EXPECT_EQ(r.at("POD_NOT_RESTARTED_AFTER_CHANGE Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kPass);
  EXPECT_EQ(r.at("SA_CLIENT_ID_ANNOTATION_MISSING Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kPass);
}

TEST(PodInjected, StaleClientId) {
  KubeObject sa = service_account(true);
  sa.body["metadata"]["annotations"]["azure.workload.identity/client-id"] =
      "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
  auto r = run({sa, pod("2026-11-28T09:00:00Z", true)});
  EXPECT_EQ(r.at("POD_NOT_RESTARTED_AFTER_CHANGE Pod/orders/orders-api-5c8d7f9b6d-x7k2p"),
            FindingStatus::kFail);
}

TEST(PodInjected, ClientIdAnnotation) {
  auto r = run({service_account(false), deployment({{"azure.workload.identity/use", "true"}})});
  EXPECT_EQ(r.at("SA_CLIENT_ID_ANNOTATION_MISSING Deployment/orders/orders-api"),
            FindingStatus::kFail);
  r = run({deployment({{"azure.workload.identity/use", "true"}})});
  EXPECT_EQ(r.at("SA_CLIENT_ID_ANNOTATION_MISSING Deployment/orders/orders-api"),
            FindingStatus::kUnknown);
  // A Pod of a bundled Deployment is judged through its template.
  r = run({service_account(false), deployment({{"azure.workload.identity/use", "true"}}),
           pod("2026-11-28T09:00:00Z", true)});
  EXPECT_EQ(r.count("SA_CLIENT_ID_ANNOTATION_MISSING Pod/orders/orders-api-5c8d7f9b6d-x7k2p"), 0u);
}

TEST(PodInjected, UnrelatedWorkloadsAreIgnored) {
  auto r = run({service_account(false), deployment(json::object())});
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace wid
