// Core Kubernetes objects the checks read, as typed records: ServiceAccounts (with the
// workload-identity annotations), the webhook's MutatingWebhookConfiguration, Namespace labels,
// ConfigMap data and Secret keys (values were removed when the object was stored).
#pragma once

#include "analyzer/model/evidence.h"

namespace wid {

// Files `o` into the matching list of `store` when it is one of these kinds; false otherwise.
bool file_core_object(const KubeObject& o, size_t order, EvidenceStore& store);

ServiceAccount parse_service_account(const KubeObject& o, size_t order);
ConfigMap parse_config_map(const KubeObject& o, size_t order);
Secret parse_secret(const KubeObject& o, size_t order);

}  // namespace wid
