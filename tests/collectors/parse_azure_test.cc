// Azure JSON shapes: az CLI (flattened), ARM REST, Microsoft Graph; lists, pages, single objects.
#include "collectors/parse/parse_azure.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

using Json = nlohmann::json;

constexpr const char* kAzFicList = R"([
  {
    "audiences": ["api://AzureADTokenExchange"],
    "id": "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity/federatedIdentityCredentials/capz-manager-fic",
    "issuer": "https://oidcissuer65846b7df97b.z13.web.core.windows.net/",
    "name": "capz-manager-fic",
    "resourceGroup": "capz-rg",
    "subject": "system:serviceaccount:capz-system:capz-manager",
    "systemData": null,
    "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"
  }
])";

TEST(ParseAzureTest, AzCliFederatedCredentialList) {
  Json j = Json::parse(kAzFicList);
  ASSERT_EQ(classify_azure(j, "x.json"), AzureShape::kFicAzCli);
  EXPECT_STREQ(azure_shape_type(AzureShape::kFicAzCli), "az/federated-credential-list");
  EvidenceStore store;
  std::string notes;
  EXPECT_EQ(parse_azure(j, AzureShape::kFicAzCli, "fic.json", store, notes), 1u);
  ASSERT_EQ(store.federated_credentials.size(), 1u);
  const auto& f = store.federated_credentials[0];
  EXPECT_EQ(f.shape, "az-cli");
  EXPECT_EQ(f.identity_name, "capz-identity");
  EXPECT_EQ(f.identity_id,
            "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/providers/"
            "Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity");
  EXPECT_EQ(f.issuer, "https://oidcissuer65846b7df97b.z13.web.core.windows.net/");
  EXPECT_EQ(f.subject, "system:serviceaccount:capz-system:capz-manager");
  EXPECT_EQ(f.audiences, std::vector<std::string>{"api://AzureADTokenExchange"});
  EXPECT_EQ(f.source.pointer, "/0");
}

TEST(ParseAzureTest, ArmFederatedCredentialPageAndSingle) {
  Json page = Json::parse(R"({"value":[{
    "id": "/subscriptions/subid/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName/federatedIdentityCredentials/ficResourceName",
    "name": "ficResourceName",
    "properties": {"issuer": "https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID",
                   "subject": "system:serviceaccount:ns:svcaccount",
                   "audiences": [" api://AzureADTokenExchange"]},
    "systemData": {"createdAt": "2026-11-27T10:00:00Z"},
    "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"}],
    "nextLink": "https://management.azure.com/next"})");
  ASSERT_EQ(classify_azure(page, "x"), AzureShape::kFicArm);
  EvidenceStore store;
  std::string notes;
  parse_azure(page, AzureShape::kFicArm, "arm.json", store, notes);
  ASSERT_EQ(store.federated_credentials.size(), 1u);
  const auto& f = store.federated_credentials[0];
  EXPECT_EQ(f.shape, "arm");
  EXPECT_EQ(f.identity_name, "identityName");
  EXPECT_EQ(f.audiences[0], " api://AzureADTokenExchange");  // the leading space is kept
  EXPECT_EQ(f.created_at, "2026-11-27T10:00:00Z");
  EXPECT_EQ(f.source.pointer, "/value/0");

  Json single = page["value"][0];
  EXPECT_EQ(classify_azure(single, "x"), AzureShape::kFicArm);
}

TEST(ParseAzureTest, GraphFederatedCredentials) {
  Json j = Json::parse(
      R"({"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#applications('bcd7c908-1c4d-4d48-93ee-ff38349a75c8')/federatedIdentityCredentials",
    "value":[{"@odata.id":"https://graph.microsoft.com/v2/3d1e2be9-a10a-4a0c-8380-7ce190f98ed9/directoryObjects/$/Microsoft.DirectoryServices.Application('bcd7c908-1c4d-4d48-93ee-ff38349a75c8')/federatedIdentityCredentials/bdad0963-4a7a-43ae-b569-e67e1da3f2c0",
      "id":"bdad0963-4a7a-43ae-b569-e67e1da3f2c0","name":"capz-manager",
      "issuer":"https://oidc.example.com/cluster","subject":"system:serviceaccount:capz-system:capz-manager",
      "description":"CAPZ","audiences":["api://AzureADTokenExchange"]}]})");
  ASSERT_EQ(classify_azure(j, "x"), AzureShape::kFicGraph);
  EvidenceStore store;
  std::string notes;
  parse_azure(j, AzureShape::kFicGraph, "graph.json", store, notes);
  ASSERT_EQ(store.federated_credentials.size(), 1u);
  EXPECT_EQ(store.federated_credentials[0].shape, "graph");
  EXPECT_EQ(store.federated_credentials[0].identity_id, "bcd7c908-1c4d-4d48-93ee-ff38349a75c8");
  // az ad app federated-credential list: the same items as a bare array.
  EXPECT_EQ(classify_azure(j["value"], "x"), AzureShape::kFicGraph);
}

TEST(ParseAzureTest, Identities) {
  Json az = Json::parse(R"({
    "clientId": "4024ab25-56a8-4370-aea6-6389221caf29",
    "id": "/subscriptions/subid/resourcegroups/capz-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity",
    "location": "eastus", "name": "capz-identity",
    "principalId": "25cc773c-7f05-40fc-a104-32d2300754ad",
    "resourceGroup": "capz-rg", "tags": {},
    "tenantId": "b6c948ef-f6b5-4384-8354-da3a15eca969",
    "type": "Microsoft.ManagedIdentity/userAssignedIdentities"})");
  ASSERT_EQ(classify_azure(az, "x"), AzureShape::kIdentityAzCli);
  Json arm = Json::parse(
      R"({"id":"/subscriptions/subid/resourcegroups/rgName/providers/Microsoft.ManagedIdentity/userAssignedIdentities/identityName",
    "location":"eastus","name":"identityName",
    "properties":{"clientId":"4024ab25-56a8-4370-aea6-6389221caf29","principalId":"25cc773c-7f05-40fc-a104-32d2300754ad","tenantId":"b6c948ef-f6b5-4384-8354-da3a15eca969"},
    "type":"Microsoft.ManagedIdentity/userAssignedIdentities"})");
  ASSERT_EQ(classify_azure(arm, "x"), AzureShape::kIdentityArm);
  EvidenceStore store;
  std::string notes;
  parse_azure(az, AzureShape::kIdentityAzCli, "id.json", store, notes);
  parse_azure(arm, AzureShape::kIdentityArm, "arm-id.json", store, notes);
  ASSERT_EQ(store.identities.size(), 2u);
  EXPECT_EQ(store.identities[0].client_id, "4024ab25-56a8-4370-aea6-6389221caf29");
  EXPECT_EQ(store.identities[0].resource_group, "capz-rg");
  EXPECT_EQ(store.identities[1].principal_id, "25cc773c-7f05-40fc-a104-32d2300754ad");
  EXPECT_EQ(store.identities[1].resource_group, "rgName");  // from the ARM id
}

TEST(ParseAzureTest, RoleAssignments) {
  Json az = Json::parse(R"([{
    "condition": null, "conditionVersion": null, "createdBy": "x", "createdOn": "2026-11-01T10:00:00.000000+00:00",
    "delegatedManagedIdentityResourceId": null, "description": null,
    "id": "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747",
    "name": "b0f43c54-e787-4862-89b1-a653fa9cf747",
    "principalId": "25cc773c-7f05-40fc-a104-32d2300754ad", "principalName": "4024ab25-56a8-4370-aea6-6389221caf29",
    "principalType": "ServicePrincipal", "roleDefinitionId": "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
    "roleDefinitionName": "Contributor", "scope": "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b",
    "type": "Microsoft.Authorization/roleAssignments", "updatedBy": "x", "updatedOn": "2026-11-01T10:00:00.000000+00:00"}])");
  ASSERT_EQ(classify_azure(az, "x"), AzureShape::kRoleAssignmentAzCli);
  Json arm = Json::parse(
      R"({"value":[{"properties":{"roleDefinitionId":"/providers/Microsoft.Authorization/roleDefinitions/0b5fe924-9a61-425c-96af-cfe6e287ca2d",
    "principalId":"ce2ce14e-85d7-4629-bdbc-454d0519d987","principalType":"User","scope":"/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2"},
    "id":"/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/providers/Microsoft.Authorization/roleAssignments/b0f43c54-e787-4862-89b1-a653fa9cf747",
    "type":"Microsoft.Authorization/roleAssignments","name":"b0f43c54-e787-4862-89b1-a653fa9cf747"}]})");
  ASSERT_EQ(classify_azure(arm, "x"), AzureShape::kRoleAssignmentArm);
  EvidenceStore store;
  std::string notes;
  parse_azure(az, AzureShape::kRoleAssignmentAzCli, "ra.json", store, notes);
  parse_azure(arm, AzureShape::kRoleAssignmentArm, "arm-ra.json", store, notes);
  ASSERT_EQ(store.role_assignments.size(), 2u);
  EXPECT_EQ(store.role_assignments[0].role_definition_name, "Contributor");
  EXPECT_EQ(store.role_assignments[0].created_on, "2026-11-01T10:00:00.000000+00:00");
  EXPECT_EQ(store.role_assignments[1].principal_type, "User");
  EXPECT_EQ(store.role_assignments[1].scope, "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2");
}

// `az role definition list --name Contributor -o json` (az CLI 2.6x): flattened, camelCase.
constexpr const char* kAzRoleDefinitions = R"([
  {
    "assignableScopes": ["/"],
    "createdBy": null,
    "createdOn": "2015-02-02T21:55:09.880642+00:00",
    "description": "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.",
    "id": "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c",
    "name": "b24988ac-6180-42a0-ab88-20f7382dd24c",
    "permissions": [
      {
        "actions": ["*"],
        "condition": null,
        "conditionVersion": null,
        "dataActions": [],
        "notActions": [
          "Microsoft.Authorization/*/Delete",
          "Microsoft.Authorization/*/Write",
          "Microsoft.Authorization/elevateAccess/Action"
        ],
        "notDataActions": []
      }
    ],
    "roleName": "Contributor",
    "roleType": "BuiltInRole",
    "type": "Microsoft.Authorization/roleDefinitions",
    "updatedBy": null,
    "updatedOn": "2024-10-01T15:38:22.593085+00:00"
  }
])";

TEST(ParseAzureTest, AzCliRoleDefinitionList) {
  Json j = Json::parse(kAzRoleDefinitions);
  ASSERT_EQ(classify_azure(j, "x.json"), AzureShape::kRoleDefinitionAzCli);
  EXPECT_STREQ(azure_shape_type(AzureShape::kRoleDefinitionAzCli), "az/role-definition-list");
  EvidenceStore store;
  std::string notes;
  EXPECT_EQ(parse_azure(j, AzureShape::kRoleDefinitionAzCli, "roles.json", store, notes), 1u);
  EXPECT_EQ(notes, "");
  ASSERT_EQ(store.role_definitions.size(), 1u);
  EXPECT_TRUE(store.role_assignments.empty());
  const RoleDefinition& d = store.role_definitions[0];
  EXPECT_EQ(d.id,
            "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/providers/"
            "Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c");
  EXPECT_EQ(d.name, "b24988ac-6180-42a0-ab88-20f7382dd24c");
  EXPECT_EQ(d.role_name, "Contributor");
  EXPECT_EQ(d.role_type, "BuiltInRole");
  EXPECT_EQ(d.actions, std::vector<std::string>{"*"});
  EXPECT_EQ(d.not_actions,
            (std::vector<std::string>{"Microsoft.Authorization/*/Delete",
                                      "Microsoft.Authorization/*/Write",
                                      "Microsoft.Authorization/elevateAccess/Action"}));
  EXPECT_TRUE(d.data_actions.empty());
  EXPECT_TRUE(d.not_data_actions.empty());
  EXPECT_EQ(d.assignable_scopes, std::vector<std::string>{"/"});
  EXPECT_EQ(d.source.path, "roles.json");
  EXPECT_EQ(d.source.pointer, "/0");
}

TEST(ParseAzureTest, ArmRoleDefinitionPageAndSingle) {
  // GET .../providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01: the role
  // type is properties.type; the top-level type is the resource type.
  Json page = Json::parse(R"({"value":[{
    "id": "/providers/Microsoft.Authorization/roleDefinitions/f1a07417-d97a-45cb-824c-7a7467783830",
    "name": "f1a07417-d97a-45cb-824c-7a7467783830",
    "type": "Microsoft.Authorization/roleDefinitions",
    "properties": {
      "roleName": "Managed Identity Operator",
      "type": "BuiltInRole",
      "description": "Read and Assign User Assigned Identity",
      "assignableScopes": ["/"],
      "permissions": [
        {"actions": ["Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
                     "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action"],
         "notActions": [], "dataActions": [], "notDataActions": []},
        {"actions": ["Microsoft.Resources/subscriptions/resourceGroups/read"],
         "notActions": [], "dataActions": ["Microsoft.Storage/x/read"],
         "notDataActions": ["Microsoft.Storage/x/delete"]}
      ],
      "createdOn": "2017-12-14T19:52:04.3924594Z",
      "updatedOn": "2021-11-11T20:13:38.9523759Z"
    }}]})");
  ASSERT_EQ(classify_azure(page, "x"), AzureShape::kRoleDefinitionArm);
  EXPECT_STREQ(azure_shape_type(AzureShape::kRoleDefinitionArm), "arm/role-definition-list");
  EvidenceStore store;
  std::string notes;
  EXPECT_EQ(parse_azure(page, AzureShape::kRoleDefinitionArm, "arm-roles.json", store, notes), 1u);
  ASSERT_EQ(store.role_definitions.size(), 1u);
  const RoleDefinition& d = store.role_definitions[0];
  EXPECT_EQ(d.name, "f1a07417-d97a-45cb-824c-7a7467783830");
  EXPECT_EQ(d.role_name, "Managed Identity Operator");
  EXPECT_EQ(d.role_type, "BuiltInRole");
  // Every permission block is kept, in order.
  EXPECT_EQ(d.actions, (std::vector<std::string>{
                           "Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
                           "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
                           "Microsoft.Resources/subscriptions/resourceGroups/read"}));
  EXPECT_EQ(d.data_actions, std::vector<std::string>{"Microsoft.Storage/x/read"});
  EXPECT_EQ(d.not_data_actions, std::vector<std::string>{"Microsoft.Storage/x/delete"});
  EXPECT_EQ(d.assignable_scopes, std::vector<std::string>{"/"});
  EXPECT_EQ(d.source.pointer, "/value/0");

  Json single = page["value"][0];
  EXPECT_EQ(classify_azure(single, "x"), AzureShape::kRoleDefinitionArm);
  EXPECT_EQ(parse_azure(single, AzureShape::kRoleDefinitionArm, "one.json", store, notes), 1u);
  EXPECT_EQ(store.role_definitions[1].source.pointer, "");
  // A role definition is not mistaken for a role assignment, nor the reverse.
  Json assignment = Json::parse(R"({"principalId":"p","roleDefinitionId":"/providers/x"})");
  EXPECT_EQ(classify_azure(assignment, "role-definitions.json"), AzureShape::kRoleAssignmentAzCli);
}

TEST(ParseAzureTest, EmptyListsFallBackToThePath) {
  EXPECT_EQ(classify_azure(Json::array(), "azure/federated-credentials/capz-identity.json"),
            AzureShape::kFicAzCli);
  EXPECT_EQ(classify_azure(Json::parse(R"({"value":[]})"), "azure/role-assignments.json"),
            AzureShape::kRoleAssignmentArm);
  EXPECT_EQ(classify_azure(Json::array(), "azure/role-definitions.json"),
            AzureShape::kRoleDefinitionAzCli);
  EXPECT_EQ(classify_azure(Json::parse(R"({"value":[]})"), "azure/role-definitions.json"),
            AzureShape::kRoleDefinitionArm);
  EXPECT_EQ(classify_azure(Json::array(), "notes.json"), AzureShape::kNone);
  EXPECT_EQ(classify_azure(Json::parse(R"({"a": 1})"), "x"), AzureShape::kNone);
}

TEST(ParseAzureTest, ItemsOfAnotherShapeAreCountedNotMixedIn) {
  Json j = Json::parse(kAzFicList);
  j.push_back(Json::parse(R"({"clientId":"c","principalId":"p"})"));
  EvidenceStore store;
  std::string notes;
  EXPECT_EQ(parse_azure(j, AzureShape::kFicAzCli, "f.json", store, notes), 1u);
  EXPECT_EQ(notes, "1 items of another shape ignored");
  EXPECT_TRUE(store.identities.empty());
}

}  // namespace
}  // namespace wid
