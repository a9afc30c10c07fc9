#include "collectors/parse/typed_objects.h"

#include "collectors/parse/parse_capz_objects.h"
#include "collectors/parse/parse_core_objects.h"
#include "collectors/parse/parse_workloads.h"

namespace wid {

void file_typed_objects(EvidenceStore& store) {
  store.workloads.clear();
  store.service_accounts.clear();
  store.webhook_configurations.clear();
  store.namespaces.clear();
  store.config_maps.clear();
  store.secrets.clear();
  store.cluster_identities.clear();
  store.capz_clusters.clear();
  store.capz_machines.clear();
  for (size_t i = 0; i < store.objects.size(); ++i) {
    const KubeObject& o = store.objects[i];
    if (auto w = parse_workload(o, i)) {
      store.workloads.push_back(std::move(*w));
      continue;
    }
    if (file_core_object(o, i, store)) continue;
    file_capz_object(o, i, store);
  }
}

}  // namespace wid
