#include "rules/checks/kube_records.h"

namespace wid {

std::string object_subject(const KubeMeta& o) {
  return o.kind + "/" + (o.namespace_.empty() ? "" : o.namespace_ + "/") + o.name;
}

EvidenceItem field_evidence(const KubeMeta& o, std::string_view field, std::string observed,
                            std::string expected, Difference difference) {
  EvidenceItem e = evidence_at(o.source, std::move(observed), std::move(expected), difference);
  std::string where = object_subject(o) + " " + std::string(field);
  e.locator = e.locator.empty() ? where : e.locator + ", " + where;
  return e;
}

SourceRef pointer_ref(const KubeMeta& o, std::string_view pointer) {
  SourceRef r = o.source;
  if (r.line == 0) r.pointer += pointer;
  return r;
}

const ServiceAccount* find_service_account(const EvidenceStore& store, std::string_view ns,
                                           std::string_view name) {
  for (const ServiceAccount& sa : store.service_accounts)
    if (sa.object.namespace_ == ns && sa.object.name == name) return &sa;
  return nullptr;
}

const MutatingWebhookConfiguration* find_webhook_configuration(const EvidenceStore& store,
                                                               std::string_view name) {
  for (const MutatingWebhookConfiguration& w : store.webhook_configurations)
    if (w.object.namespace_.empty() && w.object.name == name) return &w;
  return nullptr;
}

const KubeNamespace* find_namespace(const EvidenceStore& store, std::string_view name) {
  for (const KubeNamespace& n : store.namespaces)
    if (n.object.namespace_.empty() && n.object.name == name) return &n;
  return nullptr;
}

std::vector<const AzureClusterIdentity*> capz_cluster_identities(const EvidenceStore& store) {
  std::vector<const AzureClusterIdentity*> out;
  for (const AzureClusterIdentity& i : store.cluster_identities)
    if (i.capz_group) out.push_back(&i);
  return out;
}

const AzureClusterIdentity* find_capz_cluster_identity(const EvidenceStore& store,
                                                       std::string_view ns, std::string_view name) {
  for (const AzureClusterIdentity& i : store.cluster_identities)
    if (i.capz_group && i.object.namespace_ == ns && i.object.name == name) return &i;
  return nullptr;
}

}  // namespace wid
