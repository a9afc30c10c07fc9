// providerID grammar, unresolved variables, subscription cross-checks and the identity type.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {
namespace {

constexpr const char* kSub = "0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b";

KubeObject machine_template(const std::string& identity, const std::string& provider_id) {
  KubeObject o;
  o.body = nlohmann::json::parse(R"({"apiVersion":"infrastructure.cluster.x-k8s.io/v1beta1",
    "kind":"AzureMachineTemplate","metadata":{"name":"md-0","namespace":"default"},
    "spec":{"template":{"spec":{"vmSize":"Standard_D2s_v3"}}}})");
  auto& spec = o.body["spec"]["template"]["spec"];
  if (!identity.empty()) spec["identity"] = identity;
  spec["userAssignedIdentities"] = nlohmann::json::array({{{"providerID", provider_id}}});
  o.api_version = o.body["apiVersion"];
  o.kind = "AzureMachineTemplate";
  o.name = "md-0";
  o.namespace_ = "default";
  return o;
}

std::string id(const std::string& prefix, const std::string& sub = kSub) {
  return prefix + "/subscriptions/" + sub +
         "/resourceGroups/identity-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
         "capz-node";
}

std::vector<CheckResult> run(EvidenceStore store) {
  store = testing::filed(std::move(store));
  std::vector<Finding> symptoms;
  CheckContext ctx{store, symptoms, ""};
  CheckRun r;
  check_machine_identity_providerid(ctx, r);
  return r.results;
}

const CheckResult* find(const std::vector<CheckResult>& rs, const std::string& rule) {
  for (auto& r : rs)
    if (r.rule_id == rule) return &r;
  return nullptr;
}

FindingStatus format_status(const std::string& pid, EvidenceStore store = {}) {
  store.objects.push_back(machine_template("UserAssigned", pid));
  auto rs = run(store);
  const CheckResult* r = find(rs, "CAPZ_PROVIDERID_FORMAT");
  EXPECT_NE(r, nullptr);
  return r ? r->status : FindingStatus::kUnknown;
}

TEST(MachineIdentityProviderId, Grammar) {
  EXPECT_EQ(format_status(id("azure://")), FindingStatus::kPass);  // azure:/// + /subscriptions
  EXPECT_EQ(format_status(id("")), FindingStatus::kPass);
  EXPECT_EQ(format_status(id("azure:/")), FindingStatus::kFail);  // two slashes
  EXPECT_EQ(format_status("capz-node"), FindingStatus::kFail);
  EXPECT_EQ(format_status("azure:///subscriptions/" + std::string(kSub) +
                          "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm"),
            FindingStatus::kFail);
}

TEST(MachineIdentityProviderId, UnresolvedVariable) {
  EvidenceStore store;
  store.objects.push_back(
      machine_template("UserAssigned", id("azure://", "${AZURE_SUBSCRIPTION_ID}")));
  auto rs = run(store);
  const CheckResult* r = find(rs, "CAPZ_PROVIDERID_FORMAT");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, FindingStatus::kFail);
  EXPECT_NE(r->detail.find("${AZURE_SUBSCRIPTION_ID}"), std::string::npos);
  EXPECT_EQ(r->values.count("subscription_id"), 0u);  // never filled from the unresolved text
  EXPECT_EQ(r->values.at("identity_name"), "capz-node");
}

TEST(MachineIdentityProviderId, SubscriptionAgainstSettingsAndIdentities) {
  EvidenceStore store;
  store.settings.push_back(
      Settings{{}, {{"AZURE_SUBSCRIPTION_ID", "11111111-2222-4333-8444-555555555555"}}});
  EXPECT_EQ(format_status(id("azure://"), store), FindingStatus::kFail);

  EvidenceStore ids;
  ManagedIdentity mi;
  mi.name = "capz-node";
  mi.id = "/subscriptions/" + std::string(kSub) +
          "/resourcegroups/other-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"
          "capz-node";
  ids.identities.push_back(mi);
  EXPECT_EQ(format_status(id("azure://"), ids), FindingStatus::kFail);
  ids.identities[0].id = id("");
  ids.identities[0].id.replace(ids.identities[0].id.find("resourceGroups"), 14, "resourcegroups");
  EXPECT_EQ(format_status(id("azure://"), ids), FindingStatus::kPass);  // ARM lower-cases it
}

TEST(MachineIdentityProviderId, IdentityTypeMustBeUserAssigned) {
  EvidenceStore store;
  store.objects.push_back(machine_template("None", id("azure://")));
  const auto results = run(store);  // find() points into it: it must outlive r
  const CheckResult* r = find(results, "CAPZ_UAMI_WITHOUT_IDENTITY_TYPE");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->status, FindingStatus::kFail);
  EvidenceStore ok;
  ok.objects.push_back(machine_template("UserAssigned", id("azure://")));
  auto rs = run(ok);
  ASSERT_NE(find(rs, "CAPZ_UAMI_WITHOUT_IDENTITY_TYPE"), nullptr);
  EXPECT_EQ(find(rs, "CAPZ_UAMI_WITHOUT_IDENTITY_TYPE")->status, FindingStatus::kPass);
}

}  // namespace
}  // namespace wid
