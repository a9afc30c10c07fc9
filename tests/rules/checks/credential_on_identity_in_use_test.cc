// C5 over hand-built evidence: the client id in use against the identity records and the
// identity that owns the federated credentials.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

const std::string kRg =
    "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/"
    "providers/Microsoft.ManagedIdentity/userAssignedIdentities/";

ManagedIdentity identity(const std::string& name, const std::string& client,
                         const std::string& principal) {
  ManagedIdentity m;
  m.source.path = "azure/identities/" + name + ".json";
  m.name = name;
  m.id = kRg + name;
  m.client_id = client;
  m.principal_id = principal;
  m.tenant_id = "b6c948ef-f6b5-4384-8354-da3a15eca969";
  m.resource_group = "capz-rg";
  return m;
}

FederatedCredential fic_on(const std::string& identity) {
  FederatedCredential f;
  f.source.path = "azure/fic.json";
  f.identity_name = identity;
  // ARM returns "resourcegroups" lower-case; the record may say "resourceGroups".
  f.identity_id = kRg + identity;
  f.name = "capz";
  f.subject = "system:serviceaccount:capz-system:capz-manager";
  return f;
}

KubeObject aci(const std::string& client) {
  KubeObject o;
  o.kind = "AzureClusterIdentity";
  o.namespace_ = "default";
  o.name = "cluster-identity";
  o.source.path = "cluster/aci.yaml";
  o.body = {{"spec", {{"type", "WorkloadIdentity"}, {"clientID", client}}}};
  return o;
}

std::vector<CheckResult> run(const EvidenceStore& store) {
  std::vector<Finding> none;
  const EvidenceStore typed = testing::filed(store);
  CheckContext ctx{typed, none, "2026-11-28T12:00:00Z"};
  CheckRun r;
  check_credential_on_identity_in_use(ctx, r);
  return r.results;
}

EvidenceStore two_identities(const std::string& client_in_use) {
  EvidenceStore s;
  s.identities.push_back(identity("capz-identity", "4024ab25-56a8-4370-aea6-6389221caf29",
                                  "25cc773c-7f05-40fc-a104-32d2300754ad"));
  s.identities.push_back(identity("capz-identity-old", "9d3f6a1e-2b7c-4e8d-a5f0-7c1b3e9d2a64",
                                  "61e0b2c4-8a3d-4f57-9e12-c4a8d6f0b391"));
  s.federated_credentials.push_back(fic_on("capz-identity"));
  s.objects.push_back(aci(client_in_use));
  return s;
}

TEST(CredentialOnIdentityInUse, ClientIdOfAnotherIdentityFails) {
  auto rs = run(two_identities("9d3f6a1e-2b7c-4e8d-a5f0-7c1b3e9d2a64"));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].values.at("identity"), "capz-identity");
  EXPECT_NE(rs[0].detail.find("capz-identity-old"), std::string::npos);
}

TEST(CredentialOnIdentityInUse, OwnersClientIdPassesCaseInsensitively) {
  auto rs = run(two_identities("4024AB25-56A8-4370-AEA6-6389221CAF29"));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kPass);
}

TEST(CredentialOnIdentityInUse, PrincipalIdInTheClientIdSlotIsNamed) {
  auto rs = run(two_identities("25cc773c-7f05-40fc-a104-32d2300754ad"));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].values.at("misuse"), "the principalId (object id)");
  EXPECT_NE(rs[0].detail.find("4024ab25-56a8-4370-aea6-6389221caf29"), std::string::npos);
}

TEST(CredentialOnIdentityInUse, ResourceIdInTheClientIdSlotIsNamed) {
  auto rs = run(two_identities(kRg + "capz-identity"));
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].values.at("misuse"), "the resource ID");
}

TEST(CredentialOnIdentityInUse, WithoutIdentityRecordsNothingIsClaimed) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic_on("capz-identity"));
  s.objects.push_back(aci("9d3f6a1e-2b7c-4e8d-a5f0-7c1b3e9d2a64"));
  EXPECT_TRUE(run(s).empty());
}

}  // namespace
}  // namespace wid
