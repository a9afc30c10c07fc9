#include "collectors/parse/parse_core_objects.h"

#include "analyzer/model/json_path.h"
#include "collectors/parse/parse_workloads.h"

namespace wid {
namespace {

constexpr const char* kClientIdAnnotation = "azure.workload.identity/client-id";
constexpr const char* kTenantIdAnnotation = "azure.workload.identity/tenant-id";

}  // namespace

ServiceAccount parse_service_account(const KubeObject& o, size_t order) {
  ServiceAccount sa;
  sa.object = kube_meta(o, order);
  sa.labels = string_map_at(o.body, {"metadata", "labels"});
  sa.annotations = string_map_at(o.body, {"metadata", "annotations"});
  sa.client_id = string_at(o.body, {"metadata", "annotations", kClientIdAnnotation});
  sa.tenant_id = string_at(o.body, {"metadata", "annotations", kTenantIdAnnotation});
  return sa;
}

ConfigMap parse_config_map(const KubeObject& o, size_t order) {
  return ConfigMap{kube_meta(o, order), string_map_at(o.body, {"data"})};
}

Secret parse_secret(const KubeObject& o, size_t order) {
  Secret s{kube_meta(o, order), {}};
  for (const char* field : {"data", "stringData"})
    if (const nlohmann::json* data = json_at(o.body, {field}); data && data->is_object())
      for (const auto& [key, value] : data->items()) s.keys.push_back(key);
  return s;
}

bool file_core_object(const KubeObject& o, size_t order, EvidenceStore& store) {
  if (o.kind == "ServiceAccount") {
    store.service_accounts.push_back(parse_service_account(o, order));
  } else if (o.kind == "MutatingWebhookConfiguration") {
    store.webhook_configurations.push_back(
        {kube_meta(o, order), string_at(o.body, {"metadata", "creationTimestamp"})});
  } else if (o.kind == "Namespace") {
    store.namespaces.push_back(
        {kube_meta(o, order), string_map_at(o.body, {"metadata", "labels"})});
  } else if (o.kind == "ConfigMap") {
    store.config_maps.push_back(parse_config_map(o, order));
  } else if (o.kind == "Secret") {
    store.secrets.push_back(parse_secret(o, order));
  } else {
    return false;
  }
  return true;
}

}  // namespace wid
