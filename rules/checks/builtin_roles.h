// Azure RBAC offline: the built-in roles a workload-identity setup meets (as Azure publishes them
// in its built-in role definitions), and the rule by which a role grants an action. Role
// definitions given as evidence (`az role definition list`) win over this table, so a bundle
// collected after Azure changes a role is judged by what it says.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"

namespace wid {

struct BuiltinRole {
  std::string_view guid;
  std::string_view name;
  std::vector<std::string_view> actions;
  std::vector<std::string_view> not_actions;
};

// Narrowest first: the first role that grants an action is the one to suggest.
const std::vector<BuiltinRole>& builtin_roles();

// Azure's action matching: case-insensitive, `*` matches any run of characters, and a `/*/`
// segment may also stand for no segment at all (Managed Identity Operator's
// `userAssignedIdentities/*/assign/action` grants `userAssignedIdentities/assign/action`).
bool action_matches(std::string_view pattern, std::string_view action);

// Granted when some action pattern matches and no notAction pattern does.
bool role_grants(const std::vector<std::string>& actions,
                 const std::vector<std::string>& not_actions, std::string_view action);

// A role as the checks use it: where its permissions came from.
struct ResolvedRole {
  bool found = false;
  std::string name;  // "Contributor", or the GUID when the name is unknown
  std::string guid;
  std::vector<std::string> actions;
  std::vector<std::string> not_actions;
  std::string origin;  // "role definition <path>" | "built-in table"
};

// The role an assignment names: by the trailing GUID of roleDefinitionId, else by
// roleDefinitionName; the store's definitions first, then the built-in table.
ResolvedRole resolve_role(const EvidenceStore& store, const RoleAssignment& ra);

// The narrowest built-in role granting the action; "" when none of the table does.
std::string smallest_builtin_role_granting(std::string_view action);

// An assignment at `assignment_scope` covers `scope` when it is a case-insensitive prefix ending
// on a segment boundary ("/" covers everything; ".../resourceGroups/capz" does not cover
// ".../resourceGroups/capz-rg").
bool scope_covers(std::string_view assignment_scope, std::string_view scope);

}  // namespace wid
