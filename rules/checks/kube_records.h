// The typed Kubernetes records for the checks: finding one by namespace and name, naming it as a
// finding's subject, and evidence that points at one of its fields.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/checks/compare.h"
#include "rules/checks/difference.h"

namespace wid {

// Kind/namespace/name (Kind/name for cluster-scoped objects).
std::string object_subject(const KubeMeta& o);

// Evidence at a field of an object: the object's source, locator "<where> <field pointer>".
EvidenceItem field_evidence(const KubeMeta& o, std::string_view field, std::string observed,
                            std::string expected = "", Difference difference = Difference::kNone);
// The object's source, the pointer appended when the source is not line-addressed.
SourceRef pointer_ref(const KubeMeta& o, std::string_view pointer);

const ServiceAccount* find_service_account(const EvidenceStore& store, std::string_view ns,
                                           std::string_view name);
const MutatingWebhookConfiguration* find_webhook_configuration(const EvidenceStore& store,
                                                               std::string_view name);
const KubeNamespace* find_namespace(const EvidenceStore& store, std::string_view name);

// The AzureClusterIdentities of CAPZ's API group, in bundle order; one by namespace and name.
std::vector<const AzureClusterIdentity*> capz_cluster_identities(const EvidenceStore& store);
const AzureClusterIdentity* find_capz_cluster_identity(const EvidenceStore& store,
                                                       std::string_view ns, std::string_view name);

}  // namespace wid
