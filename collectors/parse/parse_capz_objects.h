// The Cluster API Provider Azure objects the checks read, as typed records: AzureClusterIdentity
// (type, client and tenant, secret reference, allowedNamespaces), the clusters that reference one
// (AzureCluster, AzureManagedControlPlane of CAPZ's API group), and the machines' user-assigned
// identities (AzureMachineTemplate, AzureMachine).
#pragma once

#include <optional>
#include <string_view>

#include "analyzer/model/evidence.h"

namespace wid {

// CAPZ's API group: AzureCluster and friends of other providers (or CRD copies) do not count.
constexpr std::string_view kCapzGroup = "infrastructure.cluster.x-k8s.io";

// Files `o` into the matching list of `store` when it is one of these kinds; false otherwise.
bool file_capz_object(const KubeObject& o, size_t order, EvidenceStore& store);

AzureClusterIdentity parse_cluster_identity(const KubeObject& o, size_t order);
std::optional<CapzCluster> parse_capz_cluster(const KubeObject& o, size_t order);
std::optional<CapzMachine> parse_capz_machine(const KubeObject& o, size_t order);

}  // namespace wid
