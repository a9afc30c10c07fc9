#include "rules/checks/builtin_roles.h"

#include "rules/checks/arm_ids.h"
#include "rules/checks/compare.h"

namespace wid {

const std::vector<BuiltinRole>& builtin_roles() {
  // Copied from Azure's published built-in role definitions (learn.microsoft.com
  // role-based-access-control/built-in-roles, "Privileged", "General" and "Identity").
  static const std::vector<BuiltinRole> roles = {
      {"acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader", {"*/read"}, {}},
      {"f1a07417-d97a-45cb-824c-7a7467783830",
       "Managed Identity Operator",
       {"Microsoft.ManagedIdentity/userAssignedIdentities/*/read",
        "Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action",
        "Microsoft.Authorization/*/read", "Microsoft.Insights/alertRules/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Resources/deployments/*", "Microsoft.Support/*"},
       {}},
      {"f58310d9-a9f6-439a-9e8d-f62e7b41a168",
       "Role Based Access Control Administrator",
       {"Microsoft.Authorization/roleAssignments/write",
        "Microsoft.Authorization/roleAssignments/delete", "*/read", "Microsoft.Support/*"},
       {}},
      {"18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
       "User Access Administrator",
       {"*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"},
       {}},
      {"b24988ac-6180-42a0-ab88-20f7382dd24c",
       "Contributor",
       {"*"},
       {"Microsoft.Authorization/*/Delete", "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action", "Microsoft.Purview/consents/write",
        "Microsoft.Purview/consents/delete",
        "Microsoft.Resources/deploymentStacks/manageDenySetting/action",
        "Microsoft.Subscription/cancel/action", "Microsoft.Subscription/enable/action"}},
      {"8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner", {"*"}, {}},
  };
  return roles;
}

namespace {

bool glob(std::string_view p, size_t i, std::string_view s, size_t j) {
  while (i < p.size()) {
    if (p[i] == '*') {
      if (i > 0 && p[i - 1] == '/' && i + 1 < p.size() && p[i + 1] == '/' && glob(p, i + 2, s, j))
        return true;
      for (size_t k = j; k <= s.size(); ++k)
        if (glob(p, i + 1, s, k)) return true;
      return false;
    }
    if (j >= s.size() || p[i] != s[j]) return false;
    ++i;
    ++j;
  }
  return j == s.size();
}

std::string guid_of(std::string_view role_definition_id) {
  return to_lower_ascii(last_segment(trim(role_definition_id)));
}

std::vector<std::string> strings(const std::vector<std::string_view>& v) {
  return {v.begin(), v.end()};
}

}  // namespace

bool action_matches(std::string_view pattern, std::string_view action) {
  const std::string p = to_lower_ascii(trim(pattern)), a = to_lower_ascii(trim(action));
  return glob(p, 0, a, 0);
}

bool role_grants(const std::vector<std::string>& actions,
                 const std::vector<std::string>& not_actions, std::string_view action) {
  bool granted = false;
  for (auto& p : actions) granted = granted || action_matches(p, action);
  if (!granted) return false;
  for (auto& p : not_actions)
    if (action_matches(p, action)) return false;
  return true;
}

ResolvedRole resolve_role(const EvidenceStore& store, const RoleAssignment& ra) {
  const std::string guid = guid_of(ra.role_definition_id);
  const std::string name = to_lower_ascii(trim(ra.role_definition_name));
  auto from_definition = [](const RoleDefinition& d) {
    return ResolvedRole{true,
                        d.role_name.empty() ? d.name : d.role_name,
                        to_lower_ascii(d.name.empty() ? last_segment(d.id) : d.name),
                        d.actions,
                        d.not_actions,
                        "role definition " + d.source.to_string()};
  };
  for (auto& d : store.role_definitions)
    if (!guid.empty() && (to_lower_ascii(d.name) == guid || guid_of(d.id) == guid))
      return from_definition(d);
  for (auto& d : store.role_definitions)
    if (guid.empty() && !name.empty() && to_lower_ascii(d.role_name) == name)
      return from_definition(d);
  for (auto& b : builtin_roles())
    if ((!guid.empty() && b.guid == guid) || (guid.empty() && to_lower_ascii(b.name) == name))
      return ResolvedRole{true,
                          std::string(b.name),
                          std::string(b.guid),
                          strings(b.actions),
                          strings(b.not_actions),
                          "built-in table"};
  ResolvedRole unknown;
  unknown.name = !ra.role_definition_name.empty() ? ra.role_definition_name : guid;
  unknown.guid = guid;
  return unknown;
}

std::string smallest_builtin_role_granting(std::string_view action) {
  for (auto& b : builtin_roles())
    if (role_grants(strings(b.actions), strings(b.not_actions), action)) return std::string(b.name);
  return "";
}

bool scope_covers(std::string_view assignment_scope, std::string_view scope) {
  std::string a = to_lower_ascii(trim(assignment_scope)), s = to_lower_ascii(trim(scope));
  while (!a.empty() && a.back() == '/') a.pop_back();
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (a.empty()) return true;  // the root scope "/"
  if (s.compare(0, a.size(), a) != 0) return false;
  return s.size() == a.size() || s[a.size()] == '/';
}

}  // namespace wid
