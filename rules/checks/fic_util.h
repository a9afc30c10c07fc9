// What the federated-credential checks (C3-C6) share: which workloads use workload identity, the
// subjects, audiences, client ids and tenants actually in use, and which credentials belong to
// the identity in use. Values keep where they were seen so every finding can point at them.
#pragma once

#include <string>
#include <vector>

#include "rules/checks/compare.h"

namespace wid {

// A Pod, or a workload object with a pod template, labelled azure.workload.identity/use: "true"
// (the label counts on the pod template, never on the Deployment's own metadata).
struct Workload {
  const KubeObject* object;
  const nlohmann::json* pod_spec;  // never null
  std::string service_account;     // "default" when serviceAccountName is unset
};
std::vector<Workload> fic_workloads(const EvidenceStore& store, bool wi_only = true);

// "Kind/namespace/name" (or "Kind/name" for cluster-scoped objects).
std::string fic_object_name(const KubeObject& o);
// The container env value of `name` in a pod spec, "" when absent or not a literal.
std::string fic_pod_env(const nlohmann::json& pod_spec, const std::string& name);

// The subjects in use: Entra's Assertion Subject and tokens' `sub` (presented_subjects), then
// system:serviceaccount:<ns>:<sa> of every workload-identity workload. Distinct values.
std::vector<Sourced> subjects_in_use(const CheckContext& ctx);

// The client ids in use: pod env AZURE_CLIENT_ID, the ServiceAccount client-id annotation,
// AzureClusterIdentity spec.clientID, Settings AZURE_CLIENT_ID, and the identifier Entra echoed
// in AADSTS700016. `origin` names the field; `source` the file.
std::vector<Sourced> client_ids_in_use(const CheckContext& ctx);

// Whether a credential sits on an identity record (ARM ids compare case-insensitively).
bool fic_on_identity(const FederatedCredential& fc, const ManagedIdentity& mi);
// The identity records whose clientId is one of the client ids in use.
std::vector<const ManagedIdentity*> identities_in_use(const CheckContext& ctx);
// The credentials on the identity in use; all credentials when the identity in use is not known
// (fic.json was listed for it). Empty when the identity in use is known and owns none of them:
// that is credential_on_identity_in_use's finding, not a wrong subject or audience.
std::vector<const FederatedCredential*> credentials_in_use(const CheckContext& ctx);

// Fills the values every credential fix command names: credential, identity, resource_group,
// issuer, subject, audience (from the credential; the caller overrides what must change).
void fill_credential_values(CheckResult& r, const FederatedCredential& fc);

// The list command that produces fic.json, names filled in when known.
std::string fic_list_command(const CheckContext& ctx);

}  // namespace wid
