// C10 and its matcher: Azure action patterns, notActions, scopes on segment boundaries, and the
// cause the check names for a 403 given the principal's role assignments.
#include <gtest/gtest.h>

#include "rules/checks/builtin_roles.h"
#include "rules/checks/checks.h"

namespace wid {

namespace {

const std::string kSub = "/subscriptions/a925f2f7-5c33-4c6b-8c4e-2f1d3b5a7c9e";
const std::string kOid = "25cc773c-2d6d-4f1a-9c3e-8b7a6d5c4e3f";
const std::string kClient = "4024ab25-56a8-4370-8c39-7d3fb5e1f3a2";

std::vector<std::string> v(std::initializer_list<const char*> l) { return {l.begin(), l.end()}; }

TEST(BuiltinRoles, WildcardsMatchAcrossSegmentsAndIgnoreCase) {
  EXPECT_TRUE(action_matches("*", "Microsoft.Network/virtualNetworks/write"));
  EXPECT_TRUE(action_matches("*/read", "Microsoft.Resources/subscriptions/resourcegroups/read"));
  EXPECT_FALSE(action_matches("*/read", "Microsoft.Network/virtualNetworks/write"));
  EXPECT_TRUE(action_matches("Microsoft.Authorization/*/Write",
                             "microsoft.authorization/roleassignments/write"));
  EXPECT_TRUE(action_matches("Microsoft.Support/*", "Microsoft.Support/supportTickets/write"));
  EXPECT_FALSE(action_matches("Microsoft.Support/*", "Microsoft.Supportx/a"));
  // A `/*/` segment also stands for no segment (Managed Identity Operator).
  EXPECT_TRUE(action_matches("Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
                             "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"));
  EXPECT_FALSE(action_matches("Microsoft.Compute/virtualMachines/read",
                              "Microsoft.Compute/virtualMachines/write"));
}

TEST(BuiltinRoles, NotActionsWinOverActions) {
  auto contributor = builtin_roles()[4];
  ASSERT_EQ(contributor.name, "Contributor");
  std::vector<std::string> a(contributor.actions.begin(), contributor.actions.end());
  std::vector<std::string> n(contributor.not_actions.begin(), contributor.not_actions.end());
  EXPECT_TRUE(role_grants(a, n, "Microsoft.Network/virtualNetworks/write"));
  EXPECT_FALSE(role_grants(a, n, "Microsoft.Authorization/roleAssignments/write"));
  EXPECT_FALSE(role_grants(a, n, "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/DELETE"));
  EXPECT_FALSE(role_grants(a, n, "Microsoft.Authorization/elevateAccess/Action"));
  EXPECT_TRUE(role_grants(a, n, "Microsoft.Authorization/roleAssignments/read"));
  EXPECT_TRUE(role_grants(v({"*"}), {}, "Microsoft.Authorization/roleAssignments/write"));
}

TEST(BuiltinRoles, SmallestRoleGrantingAnAction) {
  EXPECT_EQ(smallest_builtin_role_granting("Microsoft.Compute/virtualMachines/read"), "Reader");
  EXPECT_EQ(smallest_builtin_role_granting("Microsoft.Network/virtualNetworks/write"),
            "Contributor");
  EXPECT_EQ(smallest_builtin_role_granting("Microsoft.Authorization/roleAssignments/write"),
            "Role Based Access Control Administrator");
  EXPECT_EQ(smallest_builtin_role_granting(
                "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action"),
            "Managed Identity Operator");
  EXPECT_EQ(smallest_builtin_role_granting("Microsoft.Authorization/elevateAccess/Action"),
            "User Access Administrator");
}

TEST(BuiltinRoles, ScopesCoverOnSegmentBoundaries) {
  EXPECT_TRUE(scope_covers(
      kSub, kSub + "/resourcegroups/capz-rg/providers/Microsoft.Network/virtualNetworks/v"));
  EXPECT_TRUE(
      scope_covers(kSub + "/resourceGroups/CAPZ-RG", kSub + "/resourcegroups/capz-rg/providers/x"));
  EXPECT_TRUE(scope_covers(kSub + "/resourceGroups/capz-rg/", kSub + "/resourceGroups/capz-rg"));
  EXPECT_FALSE(scope_covers(kSub + "/resourceGroups/capz", kSub + "/resourceGroups/capz-rg"));
  EXPECT_FALSE(
      scope_covers(kSub + "/resourceGroups/capz-rg/providers/x", kSub + "/resourceGroups/capz-rg"));
  EXPECT_TRUE(scope_covers("/", kSub));
}

TEST(BuiltinRoles, StoreDefinitionsWinOverTheTable) {
  EvidenceStore store;
  RoleDefinition custom;
  custom.name = "b24988ac-6180-42a0-ab88-20f7382dd24c";
  custom.role_name = "Contributor";
  custom.actions = {"*/read"};  // a bundle that says otherwise is believed
  store.role_definitions.push_back(custom);
  RoleAssignment ra;
  ra.role_definition_id =
      kSub +
      "/providers/Microsoft.Authorization/roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C";
  ResolvedRole r = resolve_role(store, ra);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.actions, v({"*/read"}));
  ra.role_definition_id = "";
  ra.role_definition_name = "Reader";
  store.role_definitions.clear();
  r = resolve_role(store, ra);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.origin, "built-in table");
  ra.role_definition_id =
      "/providers/Microsoft.Authorization/roleDefinitions/00000000-1111-2222-3333-444444444444";
  ra.role_definition_name = "capz-custom";
  EXPECT_FALSE(resolve_role(store, ra).found);
}

Finding denial(const std::string& action, const std::string& scope) {
  Finding f;
  f.rule_id = "ARM_AUTHORIZATION_FAILED";
  f.subject = kOid;
  f.first = SourceRef{"logs/manager.log", 5, ""};
  f.captures = {
      {"client_id", {kClient}}, {"object_id", {kOid}}, {"action", {action}}, {"scope", {scope}}};
  return f;
}

RoleAssignment assignment(const std::string& principal, const char* guid, const char* name,
                          const std::string& scope) {
  RoleAssignment ra;
  ra.source = SourceRef{"azure/role-assignments.json", 0, "/0"};
  ra.principal_id = principal;
  ra.principal_type = "ServicePrincipal";
  ra.role_definition_id = kSub + "/providers/Microsoft.Authorization/roleDefinitions/" + guid;
  ra.role_definition_name = name;
  ra.scope = scope;
  return ra;
}

constexpr const char* kReader = "acdd72a7-3385-48ef-bd42-f606fba81ae7";
constexpr const char* kContributor = "b24988ac-6180-42a0-ab88-20f7382dd24c";

CheckRun run_with(const EvidenceStore& store, const std::vector<Finding>& symptoms) {
  CheckContext ctx{store, symptoms, "2026-11-28T12:00:00Z"};
  CheckRun run;
  check_role_assignment_covers_action(ctx, run);
  return run;
}

const CheckResult* find(const CheckRun& run, const std::string& id, FindingStatus st) {
  for (auto& r : run.results)
    if (r.rule_id == id && r.status == st) return &r;
  return nullptr;
}

const std::string kVnet =
    kSub + "/resourceGroups/capz-rg/providers/Microsoft.Network/virtualNetworks/capz-vnet";

TEST(RoleAssignmentCoversAction, ReaderOnlyIsAMissingRole) {
  EvidenceStore store;
  store.role_assignments.push_back(
      assignment(kOid, kReader, "Reader", kSub + "/resourceGroups/capz-rg"));
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  auto* r = find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->subject, kOid);
  EXPECT_EQ(r->values.at("role"), "Contributor");
  EXPECT_EQ(r->values.at("grant_scope"), kSub + "/resourceGroups/capz-rg");
  EXPECT_NE(find(run, "ARM_ROLE_ON_WRONG_PRINCIPAL", FindingStatus::kPass), nullptr);
}

TEST(RoleAssignmentCoversAction, ContributorElsewhereDoesNotCover) {
  EvidenceStore store;
  store.role_assignments.push_back(
      assignment(kOid, kContributor, "Contributor", kSub + "/resourceGroups/capz"));
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  EXPECT_NE(find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kFail), nullptr);
}

TEST(RoleAssignmentCoversAction, CoveringRoleInOtherCasePasses) {
  EvidenceStore store;
  store.role_assignments.push_back(
      assignment(kOid, kContributor, "Contributor", kSub + "/resourcegroups/CAPZ-RG"));
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  EXPECT_NE(find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kPass), nullptr);
  EXPECT_EQ(find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kFail), nullptr);
}

TEST(RoleAssignmentCoversAction, RoleOnAnotherIdentityIsTheWrongPrincipal) {
  EvidenceStore store;
  ManagedIdentity kubelet;
  kubelet.name = "capz-demo-agentpool";
  kubelet.principal_id = "9c8d7e6f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
  store.identities.push_back(kubelet);
  store.role_assignments.push_back(assignment(kubelet.principal_id, kContributor, "Contributor",
                                              kSub + "/resourceGroups/capz-rg"));
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  auto* r = find(run, "ARM_ROLE_ON_WRONG_PRINCIPAL", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("other_name"), "identity capz-demo-agentpool");
  EXPECT_EQ(find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kFail), nullptr);
}

TEST(RoleAssignmentCoversAction, RoleOnTheClientIdIsTheWrongPrincipal) {
  EvidenceStore store;
  store.role_assignments.push_back(assignment(kClient, kContributor, "Contributor", kSub));
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  ASSERT_NE(find(run, "ARM_ROLE_ON_WRONG_PRINCIPAL", FindingStatus::kFail), nullptr);
}

TEST(RoleAssignmentCoversAction, ContributorCannotWriteRoleAssignments) {
  EvidenceStore store;
  store.role_assignments.push_back(assignment(kOid, kContributor, "Contributor", kSub));
  CheckRun run =
      run_with(store, {denial("Microsoft.Authorization/roleAssignments/write",
                              kSub + "/providers/Microsoft.Authorization/roleAssignments/"
                                     "4f1e2d3c-5b6a-4798-8a1b-2c3d4e5f6a7b")});
  auto* r = find(run, "ARM_ROLE_ASSIGNMENT_WRITE_DENIED", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("scope"), kSub);
}

TEST(RoleAssignmentCoversAction, NoAssignmentsGivenIsUnknownWithTheCommand) {
  EvidenceStore store;
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  auto* r = find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kUnknown);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->needs.size(), 1u);
  EXPECT_EQ(r->needs[0], "az role assignment list --assignee " + kOid +
                             " --all -o json > role-assignments.json");
  EXPECT_TRUE(run_with(store, {}).results.empty());
  EXPECT_FALSE(run_with(store, {}).needs.empty());
}

TEST(RoleAssignmentCoversAction, CustomRoleWithoutDefinitionIsUnknown) {
  EvidenceStore store;
  store.role_assignments.push_back(
      assignment(kOid, "00000000-1111-2222-3333-444444444444", "capz-custom", kSub));
  CheckRun run = run_with(store, {denial("Microsoft.Network/virtualNetworks/write", kVnet)});
  auto* r = find(run, "ARM_ROLE_MISSING_FOR_ACTION", FindingStatus::kUnknown);
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->needs[0].find("az role definition list --name 00000000-1111-2222-3333-444444444444"),
            std::string::npos);
}

TEST(RoleAssignmentCoversAction, RegisteredInTheTable) {
  bool found = false;
  for (auto& d : check_table()) found = found || d.name == "role_assignment_covers_action";
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace wid
