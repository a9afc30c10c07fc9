// Azure JSON as users save it: federated identity credentials from `az identity
// federated-credential list|show` (flattened), the ARM REST response (`properties.issuer`) and
// Microsoft Graph (`az ad app federated-credential list`, flat with @odata members); managed
// identities from `az identity show|list` and ARM; role assignments from `az role assignment
// list` and ARM; role definitions from `az role definition list` (flattened, camelCase) and ARM
// (`properties.roleName`, `properties.permissions`). Lists, `{"value": [...]}` pages and single
// objects are all accepted.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "analyzer/model/evidence.h"

namespace wid {

enum class AzureShape {
  kNone,
  kFicAzCli,
  kFicArm,
  kFicGraph,
  kIdentityAzCli,
  kIdentityArm,
  kRoleAssignmentAzCli,
  kRoleAssignmentArm,
  kRoleDefinitionAzCli,
  kRoleDefinitionArm,
};

// The InputFile type of a shape ("az/federated-credential-list", ...); empty for kNone.
const char* azure_shape_type(AzureShape shape);

// Decides the shape from the first item that has one. An empty list says nothing by itself, so
// only then does the path decide (azure/federated-credentials/<identity>.json and the like).
AzureShape classify_azure(const nlohmann::json& j, std::string_view path);

// Appends the records of that shape to store; returns how many; items of another shape are
// counted in notes.
size_t parse_azure(const nlohmann::json& j, AzureShape shape, const std::string& path,
                   EvidenceStore& store, std::string& notes);

}  // namespace wid
