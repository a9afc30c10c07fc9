// C6 over hand-built evidence: the tenant in use against the identity's tenantId, in the log
// rule's subject form (component/<name>) so the findings merge.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

constexpr const char* kTenant = "b6c948ef-f6b5-4384-8354-da3a15eca969";
constexpr const char* kSubscription = "0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b";

EvidenceStore store(const std::string& tenant_in_use) {
  EvidenceStore s;
  ManagedIdentity m;
  m.name = "capz-identity";
  m.client_id = "4024ab25-56a8-4370-aea6-6389221caf29";
  m.tenant_id = kTenant;
  s.identities.push_back(m);
  KubeObject o;
  o.kind = "AzureClusterIdentity";
  o.namespace_ = "default";
  o.name = "cluster-identity";
  o.body = {{"spec", {{"clientID", m.client_id}, {"tenantID", tenant_in_use}}}};
  s.objects.push_back(o);
  Settings st;
  st.values["AZURE_SUBSCRIPTION_ID"] = kSubscription;
  s.settings.push_back(st);
  return s;
}

std::vector<CheckResult> run(const EvidenceStore& s) {
  std::vector<Finding> none;
  const EvidenceStore typed = testing::filed(s);
  CheckContext ctx{typed, none, "2026-11-28T12:00:00Z"};
  CheckRun r;
  check_tenant_matches_identity(ctx, r);
  return r.results;
}

TEST(TenantMatchesIdentity, SubscriptionIdInTheTenantSlotFails) {
  auto rs = run(store(kSubscription));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].subject, "component/capz-manager");
  EXPECT_NE(rs[0].detail.find("subscription id"), std::string::npos);
  EXPECT_EQ(rs[0].evidence.at(0).difference, Difference::kOther);
}

TEST(TenantMatchesIdentity, TrailingSpaceIsWhitespace) {
  auto rs = run(store(std::string(kTenant) + " "));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].evidence.at(0).difference, Difference::kWhitespace);
}

TEST(TenantMatchesIdentity, IdentitysTenantPasses) {
  auto rs = run(store(kTenant));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kPass);
}

}  // namespace
}  // namespace wid
