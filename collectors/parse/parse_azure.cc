#include "collectors/parse/parse_azure.h"

#include <utility>
#include <vector>

#include "analyzer/model/text.h"

namespace wid {
namespace {

using Json = nlohmann::json;

struct Item {
  const Json* value;
  std::string pointer;
};

// The items of a document: a top-level array, an ARM/Graph page {"value": [...]}, or one object.
std::vector<Item> items_of(const Json& j) {
  std::vector<Item> items;
  if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) items.push_back({&j[i], str_cat("/", i)});
  } else if (j.is_object() && j.contains("value") && j["value"].is_array()) {
    const Json& v = j["value"];
    for (size_t i = 0; i < v.size(); ++i) items.push_back({&v[i], str_cat("/value/", i)});
  } else if (j.is_object()) {
    items.push_back({&j, ""});
  }
  return items;
}

std::string str(const Json& o, const char* key) {
  if (!o.is_object()) return "";
  auto it = o.find(key);
  return it != o.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json* props(const Json& o) {
  if (!o.is_object()) return nullptr;
  auto it = o.find("properties");
  return it != o.end() && it->is_object() ? &*it : nullptr;
}

bool has(const Json& o, const char* key) { return o.is_object() && o.contains(key); }

bool ci_contains(std::string_view hay, std::string_view needle) {
  return to_lower_ascii(hay).find(to_lower_ascii(needle)) != std::string::npos;
}

bool fic_flat(const Json& o) { return has(o, "issuer") && has(o, "subject"); }
bool fic_nested(const Json& o) {
  const Json* p = props(o);
  return p != nullptr && has(*p, "issuer") && has(*p, "subject");
}
bool role_flat(const Json& o) { return has(o, "principalId") && has(o, "roleDefinitionId"); }
bool role_nested(const Json& o) {
  const Json* p = props(o);
  return p != nullptr && has(*p, "principalId") && has(*p, "roleDefinitionId");
}
bool role_definition_flat(const Json& o) { return has(o, "roleName") && has(o, "permissions"); }
bool role_definition_nested(const Json& o) {
  const Json* p = props(o);
  return p != nullptr && has(*p, "roleName") && has(*p, "permissions");
}
bool identity_flat(const Json& o) { return has(o, "clientId") && has(o, "principalId"); }
bool identity_nested(const Json& o) {
  const Json* p = props(o);
  return p != nullptr && has(*p, "clientId") && has(*p, "principalId");
}

// The CLI adds resourceGroup and keeps the ARM id and type; Graph ids are GUIDs.
bool azcli_markers(const Json& o) {
  return has(o, "resourceGroup") || ci_contains(str(o, "type"), "federatedIdentityCredentials") ||
         starts_with(str(o, "id"), "/subscriptions/");
}

AzureShape shape_of_item(const Json& o) {
  if (!o.is_object()) return AzureShape::kNone;
  if (fic_nested(o)) return AzureShape::kFicArm;
  if (fic_flat(o)) {
    if (azcli_markers(o)) return AzureShape::kFicAzCli;
    return AzureShape::kFicGraph;
  }
  if (role_nested(o)) return AzureShape::kRoleAssignmentArm;
  if (role_flat(o)) return AzureShape::kRoleAssignmentAzCli;
  if (role_definition_nested(o)) return AzureShape::kRoleDefinitionArm;
  if (role_definition_flat(o)) return AzureShape::kRoleDefinitionAzCli;
  if (identity_nested(o)) return AzureShape::kIdentityArm;
  if (identity_flat(o)) return AzureShape::kIdentityAzCli;
  return AzureShape::kNone;
}

bool same_family(AzureShape a, AzureShape b) {
  auto fam = [](AzureShape s) {
    switch (s) {
      case AzureShape::kFicAzCli:
      case AzureShape::kFicArm:
      case AzureShape::kFicGraph:
        return 1;
      case AzureShape::kIdentityAzCli:
      case AzureShape::kIdentityArm:
        return 2;
      case AzureShape::kRoleAssignmentAzCli:
      case AzureShape::kRoleAssignmentArm:
        return 3;
      case AzureShape::kRoleDefinitionAzCli:
      case AzureShape::kRoleDefinitionArm:
        return 4;
      case AzureShape::kNone:
        return 0;
    }
    return 0;
  };
  return fam(a) != 0 && fam(a) == fam(b);
}

// ".../userAssignedIdentities/<name>[/...]" -> (name, id up to and including the name).
std::pair<std::string, std::string> identity_from_id(const std::string& id) {
  const std::string lower = to_lower_ascii(id);
  const std::string marker = "/userassignedidentities/";
  size_t p = lower.find(marker);
  if (p == std::string::npos) return {};
  size_t start = p + marker.size();
  size_t end = id.find('/', start);
  if (end == std::string::npos) end = id.size();
  return {id.substr(start, end - start), id.substr(0, end)};
}

std::string resource_group_from_id(const std::string& id) {
  const std::string lower = to_lower_ascii(id);
  const std::string marker = "/resourcegroups/";
  size_t p = lower.find(marker);
  if (p == std::string::npos) return "";
  size_t start = p + marker.size();
  size_t end = id.find('/', start);
  return id.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Graph's @odata.id names the owning application: ...Application('<objectId>')/...
std::string graph_application(const Json& o) {
  std::string odata = str(o, "@odata.id");
  size_t p = odata.find("Application('");
  if (p == std::string::npos) return "";
  size_t start = p + 13;
  size_t end = odata.find('\'', start);
  return end == std::string::npos ? "" : odata.substr(start, end - start);
}

std::vector<std::string> audiences(const Json& o) {
  std::vector<std::string> out;
  auto it = o.find("audiences");
  if (it == o.end()) return out;
  if (it->is_string()) {
    out.push_back(it->get<std::string>());
  } else if (it->is_array()) {
    for (const auto& a : *it)
      if (a.is_string()) out.push_back(a.get<std::string>());
  }
  return out;
}

std::string created_at(const Json& o) {
  auto it = o.find("systemData");
  if (it == o.end() || !it->is_object()) return "";
  return str(*it, "createdAt");
}

FederatedCredential parse_fic(const Json& o, AzureShape shape, SourceRef src) {
  FederatedCredential f;
  f.source = std::move(src);
  const Json& fields = shape == AzureShape::kFicArm ? *props(o) : o;
  f.shape = shape == AzureShape::kFicArm     ? "arm"
            : shape == AzureShape::kFicGraph ? "graph"
                                             : "az-cli";
  f.name = str(o, "name");
  f.issuer = str(fields, "issuer");
  f.subject = str(fields, "subject");
  f.audiences = audiences(fields);
  f.created_at = created_at(o);
  if (shape == AzureShape::kFicGraph) {
    f.identity_id = graph_application(o);
  } else {
    auto [name, id] = identity_from_id(str(o, "id"));
    f.identity_name = name;
    f.identity_id = id;
  }
  return f;
}

ManagedIdentity parse_identity(const Json& o, AzureShape shape, SourceRef src) {
  ManagedIdentity m;
  m.source = std::move(src);
  const Json& fields = shape == AzureShape::kIdentityArm ? *props(o) : o;
  m.name = str(o, "name");
  m.id = str(o, "id");
  m.client_id = str(fields, "clientId");
  m.principal_id = str(fields, "principalId");
  m.tenant_id = str(fields, "tenantId");
  m.resource_group = str(o, "resourceGroup");
  if (m.resource_group.empty()) m.resource_group = resource_group_from_id(m.id);
  return m;
}

RoleAssignment parse_role(const Json& o, AzureShape shape, SourceRef src) {
  RoleAssignment r;
  r.source = std::move(src);
  const Json& fields = shape == AzureShape::kRoleAssignmentArm ? *props(o) : o;
  r.id = str(o, "id");
  r.principal_id = str(fields, "principalId");
  r.principal_type = str(fields, "principalType");
  r.role_definition_id = str(fields, "roleDefinitionId");
  r.role_definition_name = str(fields, "roleDefinitionName");
  r.scope = str(fields, "scope");
  r.created_on = str(fields, "createdOn");
  return r;
}

std::vector<std::string> strings(const Json& o, const char* key) {
  std::vector<std::string> out;
  if (!o.is_object()) return out;
  auto it = o.find(key);
  if (it == o.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

void append_all(std::vector<std::string>& to, std::vector<std::string> from) {
  for (auto& x : from) to.push_back(std::move(x));
}

RoleDefinition parse_role_definition(const Json& o, AzureShape shape, SourceRef src) {
  RoleDefinition d;
  d.source = std::move(src);
  const bool arm = shape == AzureShape::kRoleDefinitionArm;
  const Json& fields = arm ? *props(o) : o;
  d.id = str(o, "id");
  d.name = str(o, "name");
  d.role_name = str(fields, "roleName");
  // ARM calls the role type properties.type; the top-level type is the resource type.
  d.role_type = str(fields, arm ? "type" : "roleType");
  auto perms = fields.find("permissions");
  if (perms != fields.end() && perms->is_array()) {
    for (const auto& p : *perms) {
      append_all(d.actions, strings(p, "actions"));
      append_all(d.not_actions, strings(p, "notActions"));
      append_all(d.data_actions, strings(p, "dataActions"));
      append_all(d.not_data_actions, strings(p, "notDataActions"));
    }
  }
  d.assignable_scopes = strings(fields, "assignableScopes");
  return d;
}

}  // namespace

const char* azure_shape_type(AzureShape shape) {
  switch (shape) {
    case AzureShape::kFicAzCli:
      return "az/federated-credential-list";
    case AzureShape::kFicArm:
      return "arm/federated-credential-list";
    case AzureShape::kFicGraph:
      return "graph/federated-credential-list";
    case AzureShape::kIdentityAzCli:
      return "az/identity";
    case AzureShape::kIdentityArm:
      return "arm/identity";
    case AzureShape::kRoleAssignmentAzCli:
      return "az/role-assignment-list";
    case AzureShape::kRoleAssignmentArm:
      return "arm/role-assignment-list";
    case AzureShape::kRoleDefinitionAzCli:
      return "az/role-definition-list";
    case AzureShape::kRoleDefinitionArm:
      return "arm/role-definition-list";
    case AzureShape::kNone:
      return "";
  }
  return "";
}

AzureShape classify_azure(const Json& j, std::string_view path) {
  auto items = items_of(j);
  for (const auto& it : items) {
    AzureShape s = shape_of_item(*it.value);
    if (s != AzureShape::kNone) return s;
  }
  const bool empty_list =
      (j.is_array() && j.empty()) ||
      (j.is_object() && j.contains("value") && j["value"].is_array() && j["value"].empty());
  if (!empty_list) return AzureShape::kNone;
  const bool arm = j.is_object();
  const std::string p = to_lower_ascii(path);
  if (p.find("federated") != std::string::npos)
    return arm ? AzureShape::kFicArm : AzureShape::kFicAzCli;
  if (p.find("role-assignment") != std::string::npos ||
      p.find("roleassignment") != std::string::npos)
    return arm ? AzureShape::kRoleAssignmentArm : AzureShape::kRoleAssignmentAzCli;
  if (p.find("role-definition") != std::string::npos ||
      p.find("roledefinition") != std::string::npos)
    return arm ? AzureShape::kRoleDefinitionArm : AzureShape::kRoleDefinitionAzCli;
  if (p.find("identit") != std::string::npos)
    return arm ? AzureShape::kIdentityArm : AzureShape::kIdentityAzCli;
  return AzureShape::kNone;
}

size_t parse_azure(const Json& j, AzureShape shape, const std::string& path, EvidenceStore& store,
                   std::string& notes) {
  size_t n = 0, other = 0;
  for (const auto& it : items_of(j)) {
    const Json& o = *it.value;
    AzureShape s = shape_of_item(o);
    // Within one family the per-item shape decides (an az list may mix in an ARM-shaped item).
    if (!same_family(s, shape)) {
      ++other;
      continue;
    }
    SourceRef src{path, 0, it.pointer};
    switch (s) {
      case AzureShape::kFicAzCli:
      case AzureShape::kFicArm:
      case AzureShape::kFicGraph:
        store.federated_credentials.push_back(parse_fic(o, s, src));
        break;
      case AzureShape::kIdentityAzCli:
      case AzureShape::kIdentityArm:
        store.identities.push_back(parse_identity(o, s, src));
        break;
      case AzureShape::kRoleAssignmentAzCli:
      case AzureShape::kRoleAssignmentArm:
        store.role_assignments.push_back(parse_role(o, s, src));
        break;
      case AzureShape::kRoleDefinitionAzCli:
      case AzureShape::kRoleDefinitionArm:
        store.role_definitions.push_back(parse_role_definition(o, s, src));
        break;
      case AzureShape::kNone:
        break;
    }
    ++n;
  }
  if (other > 0) {
    if (!notes.empty()) notes += "; ";
    notes += std::to_string(other) + " items of another shape ignored";
  }
  return n;
}

}  // namespace wid
