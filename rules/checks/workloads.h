// Which workloads use workload identity, and the subjects, client ids, identities and credentials
// actually in use, as the federated-credential checks (C3-C6) share them. Values keep where they
// were seen so every finding can point at them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/checks/arm_ids.h"
#include "rules/checks/compare.h"
#include "rules/checks/kube_records.h"

namespace wid {

// The label the webhook selects pods by, on the pod (template), never on a Deployment's own
// metadata. YAML writes it quoted; a boolean `true` counts too.
bool uses_workload_identity(const Workload& w);

// Workloads that have a pod spec, in bundle order; only those labelled for workload identity
// unless `wi_only` is false.
std::vector<const Workload*> pod_workloads(const EvidenceStore& store, bool wi_only = true);

// The literal value of env `name` in the workload's (init) containers, the first set one; "" when
// absent or not a literal.
std::string env_value(const Workload& w, std::string_view name);

// The subjects in use: Entra's Assertion Subject and tokens' `sub` (presented_subjects), then
// system:serviceaccount:<ns>:<sa> of every workload-identity workload. Distinct values.
std::vector<Sourced> subjects_in_use(const CheckContext& ctx);

// The client ids in use: the identifier Entra echoed in AADSTS700016, AzureClusterIdentity
// spec.clientID and the ServiceAccount client-id annotation (in bundle order), pod env
// AZURE_CLIENT_ID, Settings AZURE_CLIENT_ID. `origin` names the field; `source` the file.
std::vector<Sourced> client_ids_in_use(const CheckContext& ctx);

// The identity records whose clientId is one of the client ids in use.
std::vector<const ManagedIdentity*> identities_in_use(const CheckContext& ctx);
// The credentials on the identity in use; all credentials when the identity in use is not known
// (fic.json was listed for it). Empty when the identity in use is known and owns none of them:
// that is credential_on_identity_in_use's finding, not a wrong subject or audience.
std::vector<const FederatedCredential*> credentials_in_use(const CheckContext& ctx);

}  // namespace wid
