#include "collectors/parse/parse_capz_objects.h"

#include "analyzer/model/json_path.h"
#include "collectors/parse/parse_workloads.h"

namespace wid {
namespace {

using nlohmann::json;

bool in_capz_group(const KubeObject& o) {
  std::string_view av = o.api_version;
  return av.size() > kCapzGroup.size() && av.substr(0, kCapzGroup.size()) == kCapzGroup &&
         av[kCapzGroup.size()] == '/';
}

std::vector<std::string> strings_of(const json* list) {
  std::vector<std::string> out;
  if (list && list->is_array())
    for (const json& x : *list)
      if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

void read_selector(const json& selector, AllowedNamespaces& a) {
  if (const json* labels = json_at(selector, {"matchLabels"}); labels && labels->is_object())
    for (const auto& [k, v] : labels->items()) {
      if (v.is_string())
        a.match_labels[k] = v.get<std::string>();
      else
        a.match_labels_not_strings = true;
    }
  if (const json* exprs = json_at(selector, {"matchExpressions"}); exprs && exprs->is_array())
    for (const json& req : *exprs)
      a.match_expressions.push_back({string_at(req, {"key"}), string_at(req, {"operator"}),
                                     strings_of(json_at(req, {"values"}))});
}

AllowedNamespaces allowed_namespaces_of(const json& body) {
  AllowedNamespaces a;
  const json* allowed = json_at(body, {"spec", "allowedNamespaces"});
  if (!allowed) return a;
  a.json = allowed->dump();
  a.is_object = allowed->is_object();
  if (!a.is_object) return a;
  const json* list = json_at(*allowed, {"list"});
  const json* selector = json_at(*allowed, {"selector"});
  a.has_list = list && !list->is_null();
  a.list = strings_of(list);
  a.has_selector = selector && !selector->is_null();
  if (a.has_selector) read_selector(*selector, a);
  return a;
}

}  // namespace

AzureClusterIdentity parse_cluster_identity(const KubeObject& o, size_t order) {
  AzureClusterIdentity id;
  id.object = kube_meta(o, order);
  id.capz_group = in_capz_group(o);
  id.type = string_at(o.body, {"spec", "type"});
  id.client_id = string_at(o.body, {"spec", "clientID"});
  id.tenant_id = string_at(o.body, {"spec", "tenantID"});
  if (const json* secret = json_at(o.body, {"spec", "clientSecret"});
      secret && secret->is_object()) {
    id.client_secret_name = string_at(*secret, {"name"});
    id.client_secret_namespace = string_at(*secret, {"namespace"});
    id.has_client_secret = !id.client_secret_name.empty();
  }
  id.allowed_namespaces = allowed_namespaces_of(o.body);
  return id;
}

std::optional<CapzCluster> parse_capz_cluster(const KubeObject& o, size_t order) {
  if ((o.kind != "AzureCluster" && o.kind != "AzureManagedControlPlane") || !in_capz_group(o))
    return std::nullopt;
  CapzCluster c;
  c.object = kube_meta(o, order);
  const json* ref = json_at(o.body, {"spec", "identityRef"});
  if (!ref || !ref->is_object()) return c;
  c.has_identity_ref = true;
  c.identity_kind = string_at(*ref, {"kind"});
  c.identity_name = string_at(*ref, {"name"});
  c.identity_namespace = string_at(*ref, {"namespace"});
  if (c.identity_namespace.empty()) c.identity_namespace = o.namespace_;
  return c;
}

std::optional<CapzMachine> parse_capz_machine(const KubeObject& o, size_t order) {
  if ((o.kind != "AzureMachineTemplate" && o.kind != "AzureMachine") || !in_capz_group(o))
    return std::nullopt;
  CapzMachine m;
  m.object = kube_meta(o, order);
  m.annotations = string_map_at(o.body, {"metadata", "annotations"});
  const bool is_template = o.kind == "AzureMachineTemplate";
  m.spec_pointer = is_template ? "/spec/template/spec" : "/spec";
  const json* spec =
      is_template ? json_at(o.body, {"spec", "template", "spec"}) : json_at(o.body, {"spec"});
  m.has_spec = spec != nullptr;
  if (!spec) return m;
  m.identity = string_at(*spec, {"identity"});
  if (const json* ids = json_at(*spec, {"userAssignedIdentities"}); ids && ids->is_array())
    for (const json& id : *ids) m.provider_ids.push_back(string_at(id, {"providerID"}));
  return m;
}

bool file_capz_object(const KubeObject& o, size_t order, EvidenceStore& store) {
  if (o.kind == "AzureClusterIdentity") {
    // Every group: the credential checks read any AzureClusterIdentity's client and tenant; the
    // CAPZ checks keep only CAPZ's group (record api_version).
    store.cluster_identities.push_back(parse_cluster_identity(o, order));
  } else if (auto c = parse_capz_cluster(o, order)) {
    store.capz_clusters.push_back(std::move(*c));
  } else if (auto m = parse_capz_machine(o, order)) {
    store.capz_machines.push_back(std::move(*m));
  } else {
    return false;
  }
  return true;
}

}  // namespace wid
