// ARM said 403 for (object id, action, scope); the role assignments say which roles that
// principal holds where. An assignment applies when its principal is the 403's object id and its
// scope is a segment-aligned, case-insensitive prefix of the 403's scope; its role grants the
// action when an action pattern matches and no notAction does. What is left over names the cause:
// a role given to another principal (the client id, another identity), a Contributor-like role
// asked to write role assignments, or simply no role that grants the action there.
#include "rules/checks/builtin_roles.h"
#include "rules/checks/checks.h"
#include "rules/checks/compare.h"

namespace wid {
namespace {

constexpr const char* kMissing = "ARM_ROLE_MISSING_FOR_ACTION";
constexpr const char* kWrongPrincipal = "ARM_ROLE_ON_WRONG_PRINCIPAL";
constexpr const char* kWriteDenied = "ARM_ROLE_ASSIGNMENT_WRITE_DENIED";

struct Denial {
  std::string client_id, object_id, action, scope;
  const Finding* finding;
};

std::vector<std::string> capture_list(const Finding& f, const char* name) {
  auto it = f.captures.find(name);
  return it == f.captures.end() ? std::vector<std::string>{} : it->second;
}

// A finding's captures are distinct values per name, so with several 403s in one finding the
// (action, scope) pairs are recovered from the sample lines that contain both.
std::vector<std::pair<std::string, std::string>> pairs_of(const Finding& f, const char* action_name,
                                                          const char* scope_name) {
  auto actions = capture_list(f, action_name), scopes = capture_list(f, scope_name);
  std::vector<std::pair<std::string, std::string>> out;
  if (actions.size() <= 1 && scopes.size() <= 1) {
    if (!actions.empty() && !scopes.empty()) out.emplace_back(actions[0], scopes[0]);
    return out;
  }
  for (auto& s : f.samples)
    for (auto& a : actions)
      for (auto& sc : scopes)
        if (s.text.find("'" + a + "'") != std::string::npos &&
            s.text.find("'" + sc + "'") != std::string::npos)
          out.emplace_back(a, sc);
  for (size_t i = 0; out.empty() && i < std::min(actions.size(), scopes.size()); ++i)
    out.emplace_back(actions[i], scopes[i]);
  return out;
}

std::vector<Denial> denials(const CheckContext& ctx) {
  std::vector<Denial> out;
  auto add = [&](Denial d) {
    for (auto& o : out)
      if (to_lower_ascii(o.object_id) == to_lower_ascii(d.object_id) &&
          to_lower_ascii(o.action) == to_lower_ascii(d.action) &&
          to_lower_ascii(o.scope) == to_lower_ascii(d.scope))
        return;
    out.push_back(std::move(d));
  };
  for (const Finding& f : ctx.symptoms) {
    const bool linked = f.rule_id == "ARM_LINKED_AUTHORIZATION_FAILED";
    if (f.rule_id != "ARM_AUTHORIZATION_FAILED" && !linked) continue;
    auto oids = capture_list(f, "object_id");
    if (oids.empty()) continue;  // a bare "AuthorizationFailed" names nobody to look up
    auto clients = capture_list(f, "client_id");
    // A linked failure is denied on the linked scope; the primary action was allowed.
    for (auto& [a, s] :
         pairs_of(f, linked ? "linked_action" : "action", linked ? "linked_scope" : "scope"))
      add(Denial{clients.empty() ? "" : clients[0], oids[0], a, s, &f});
  }
  return out;
}

bool same_id(std::string_view a, std::string_view b) {
  return !a.empty() && to_lower_ascii(trim(a)) == to_lower_ascii(trim(b));
}

bool is_role_assignment_write(std::string_view action) {
  return to_lower_ascii(action) == "microsoft.authorization/roleassignments/write";
}

// Where to grant: the 403's resource group, else its subscription, else the scope itself (a
// role-assignment write is denied on the new assignment's own ID).
std::string grant_scope(const std::string& scope) {
  const std::string lower = to_lower_ascii(scope);
  for (const char* key : {"/resourcegroups/", "/subscriptions/"}) {
    size_t at = lower.find(key);
    if (at == std::string::npos) continue;
    size_t end = lower.find('/', at + std::string(key).size());
    return scope.substr(0, end);
  }
  return scope;
}

EvidenceItem denial_evidence(const Denial& d) {
  EvidenceItem e = evidence_at(d.finding->first.value_or(SourceRef{}),
                               d.action + " over " + d.scope + " denied to " + d.object_id);
  e.locator += (e.locator.empty() ? "" : ", ") + d.finding->rule_id;
  return e;
}

// Why a principal other than the 403's is related to it: the identity's client id used as a
// principal, or another managed identity of the bundle.
std::string relation(const CheckContext& ctx, const Denial& d, const std::string& principal) {
  if (same_id(principal, d.client_id)) return "the client id of the identity ARM denied";
  for (auto& mi : ctx.store.identities) {
    if (same_id(mi.principal_id, d.object_id) && same_id(principal, mi.client_id))
      return "the client id of identity " + mi.name;
    if (same_id(mi.principal_id, principal) && !same_id(principal, d.object_id))
      return "identity " + mi.name;
  }
  return "";
}

void common_values(CheckResult& r, const Denial& d) {
  r.values["object_id"] = d.object_id;
  if (!d.client_id.empty()) r.values["client_id"] = d.client_id;
  r.values["action"] = d.action;
  r.values["scope"] = d.scope;
  r.key_values = {{"action", d.action}, {"scope", d.scope}};
  r.evidence.push_back(denial_evidence(d));
}

void judge(const CheckContext& ctx, const Denial& d, CheckRun& run) {
  const auto& ras = ctx.store.role_assignments;
  const bool ra_write = is_role_assignment_write(d.action);
  std::vector<const RoleAssignment*> applicable;
  std::vector<std::string> held, unresolved;
  const RoleAssignment* granting = nullptr;
  std::string granting_role;
  for (auto& ra : ras) {
    if (!same_id(ra.principal_id, d.object_id)) continue;
    ResolvedRole role = resolve_role(ctx.store, ra);
    // Every role of the principal is named (Contributor on another resource group is the
    // story); only those whose scope covers the 403's count.
    held.push_back(role.name + " at " + ra.scope);
    if (!scope_covers(ra.scope, d.scope)) continue;
    applicable.push_back(&ra);
    if (!role.found)
      unresolved.push_back(role.guid.empty() ? role.name : role.guid);
    else if (!granting && role_grants(role.actions, role.not_actions, d.action)) {
      granting = &ra;
      granting_role = role.name;
    }
  }
  const std::string held_text = held.empty() ? "no role assignment" : [&] {
    std::string s;
    for (auto& h : held) s += (s.empty() ? "" : ", ") + h;
    return s;
  }();

  if (granting) {
    const std::string why = "Assignment of " + granting_role + " at " + granting->scope +
                            " to principal " + d.object_id + " grants " + d.action + " over " +
                            d.scope +
                            " (if it was created after the 403, it was still propagating).";
    std::vector<const char*> ids = {kMissing, kWrongPrincipal};
    if (ra_write) ids.push_back(kWriteDenied);
    for (const char* id : ids) {
      auto& r = run.add(id, FindingStatus::kPass, d.object_id);
      common_values(r, d);
      r.detail = why;
      r.evidence.push_back(evidence_at(granting->source, granting_role + " at " + granting->scope,
                                       "a role granting " + d.action));
    }
    return;
  }

  // The role went to someone else: the same grant on a related principal.
  for (auto& ra : ras) {
    if (same_id(ra.principal_id, d.object_id) || !scope_covers(ra.scope, d.scope)) continue;
    const std::string rel = relation(ctx, d, ra.principal_id);
    if (rel.empty()) continue;
    ResolvedRole role = resolve_role(ctx.store, ra);
    if (!role.found || !role_grants(role.actions, role.not_actions, d.action)) continue;
    auto& r = run.add(kWrongPrincipal, FindingStatus::kFail, d.object_id);
    common_values(r, d);
    r.values["other_principal"] = ra.principal_id;
    r.values["other_name"] = rel;
    r.values["role"] = role.name;
    r.values["role_scope"] = ra.scope;
    r.values["roles_held"] = held_text;
    r.evidence.push_back(evidence_at(ra.source, ra.principal_id, d.object_id, Difference::kOther));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") +
                                 std::string("principalId of ") + role.name + " at " + ra.scope;
    return;
  }

  if (!unresolved.empty()) {
    auto& r = run.add(kMissing, FindingStatus::kUnknown, d.object_id);
    common_values(r, d);
    for (auto& g : unresolved)
      r.needs.push_back("az role definition list --name " + g + " -o json > role-definition-" + g +
                        ".json");
    r.detail =
        "Principal " + d.object_id + " holds " + held_text +
        ", but the permissions of custom role(s) are not known offline; whether one grants " +
        d.action + " cannot be decided.";
    return;
  }

  const std::string role = ra_write ? "Role Based Access Control Administrator"
                                    : smallest_builtin_role_granting(d.action);
  const bool write_denied = ra_write && !applicable.empty();
  auto& r = run.add(write_denied ? kWriteDenied : kMissing, FindingStatus::kFail, d.object_id);
  common_values(r, d);
  r.values["roles_held"] = held_text;
  r.values["role"] = role.empty() ? "Owner" : role;
  r.values["grant_scope"] = grant_scope(d.scope);
  if (write_denied) r.values["scope"] = grant_scope(d.scope);
  for (auto* ra : applicable) {
    ResolvedRole held_role = resolve_role(ctx.store, *ra);
    r.evidence.push_back(evidence_at(ra->source, held_role.name + " at " + ra->scope,
                                     "a role granting " + d.action));
  }
  if (!write_denied) {
    auto& p = run.add(kWrongPrincipal, FindingStatus::kPass, d.object_id);
    common_values(p, d);
    p.detail = "No role granting " + d.action + " over " + d.scope +
               " is assigned to a principal related to " + d.object_id +
               " (its client id or another identity of the bundle).";
  }
}

}  // namespace

void check_role_assignment_covers_action(const CheckContext& ctx, CheckRun& run) {
  const std::vector<Denial> ds = denials(ctx);
  if (ctx.store.role_assignments.empty()) {
    if (ds.empty()) {
      run.needs.push_back(
          "az role assignment list --assignee <OBJECT_ID> --all -o json > role-assignments.json");
      return;
    }
    // A 403 names the principal: the gap is a finding, with the exact command to close it. One
    // open question per 403, under the general rule, even for a role-assignment write: which
    // roles the principal holds decides between the causes.
    for (const Denial& d : ds) {
      auto& r = run.add(kMissing, FindingStatus::kUnknown, d.object_id);
      common_values(r, d);
      r.needs = {"az role assignment list --assignee " + d.object_id +
                 " --all -o json > role-assignments.json"};
      r.detail = "ARM denied " + d.action + " over " + d.scope + " to principal " + d.object_id +
                 ", and no role assignments were given to compare it with.";
    }
    return;
  }
  for (const Denial& d : ds) judge(ctx, d, run);
}

const CheckDef kRoleAssignmentCoversActionCheck{
    "role_assignment_covers_action",
    {"ARM_ROLE_MISSING_FOR_ACTION", "ARM_ROLE_ON_WRONG_PRINCIPAL",
     "ARM_ROLE_ASSIGNMENT_WRITE_DENIED"},
    {{"ARM_AUTHORIZATION_FAILED", "object_id"},
     {"ARM_AUTHORIZATION_FAILED", "client_id"},
     {"ARM_AUTHORIZATION_FAILED", "action"},
     {"ARM_AUTHORIZATION_FAILED", "scope"},
     {"ARM_LINKED_AUTHORIZATION_FAILED", "object_id"},
     {"ARM_LINKED_AUTHORIZATION_FAILED", "client_id"},
     {"ARM_LINKED_AUTHORIZATION_FAILED", "linked_action"},
     {"ARM_LINKED_AUTHORIZATION_FAILED", "linked_scope"}},
    {"action", "client_id", "grant_scope", "object_id", "other_name", "other_principal", "role",
     "role_scope", "roles_held", "scope"},
    check_role_assignment_covers_action,
};

}  // namespace wid
