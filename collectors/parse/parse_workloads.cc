#include "collectors/parse/parse_workloads.h"

#include "analyzer/model/json_path.h"

namespace wid {
namespace {

using nlohmann::json;

// "apps" of "apps/v1"; "" (the core group) of "v1".
std::string_view group_of(std::string_view api_version) {
  size_t slash = api_version.find('/');
  return slash == std::string_view::npos ? std::string_view{} : api_version.substr(0, slash);
}

// The pod (template) of a workload whose template lies at `pointer`, or nullptr.
const json* pod_of(const json& body, const std::string& pointer) {
  if (pointer.empty()) return &body;
  if (pointer == "/spec/template") return json_at(body, {"spec", "template"});
  return json_at(body, {"spec", "jobTemplate", "spec", "template"});
}

std::string value_from_kind(const json& from) {
  if (from.is_object() && !from.empty()) return from.begin().key();
  return "valueFrom";
}

void read_container(const json& c, Workload& w) {
  const std::string container = string_at(c, {"name"});
  if (const json* env = json_at(c, {"env"}); env && env->is_array()) {
    for (const json& e : *env) {
      EnvVar v{container, string_at(e, {"name"}), string_at(e, {"value"}), ""};
      if (v.name.empty()) continue;
      if (const json* from = json_at(e, {"valueFrom"})) v.value_from = value_from_kind(*from);
      w.env.push_back(std::move(v));
    }
  }
  if (const json* mounts = json_at(c, {"volumeMounts"}); mounts && mounts->is_array()) {
    for (const json& m : *mounts)
      w.mounts.push_back({container, string_at(m, {"name"}), string_at(m, {"mountPath"}),
                          string_at(m, {"subPath"})});
  }
}

void read_containers(const json& spec, Workload& w) {
  for (const char* list : {"initContainers", "containers"}) {
    const json* containers = json_at(spec, {list});
    if (!containers || !containers->is_array()) continue;
    for (const json& c : *containers) read_container(c, w);
  }
}

void read_volumes(const json& spec, Workload& w) {
  const json* volumes = json_at(spec, {"volumes"});
  if (!volumes || !volumes->is_array()) return;
  for (const json& v : *volumes) {
    const std::string name = string_at(v, {"name"});
    w.volumes.push_back(name);
    const json* sources = json_at(v, {"projected", "sources"});
    if (!sources || !sources->is_array()) continue;
    for (const json& s : *sources) {
      const json* token = json_at(s, {"serviceAccountToken"});
      if (!token || !token->is_object()) continue;
      w.projected_tokens.push_back({name, string_at(*token, {"path"}),
                                    string_at(*token, {"audience"}),
                                    scalar_at(*token, {"expirationSeconds"})});
    }
  }
}

void read_owners(const json& body, Workload& w) {
  const json* owners = json_at(body, {"metadata", "ownerReferences"});
  if (!owners || !owners->is_array()) return;
  for (const json& o : *owners)
    w.owners.push_back({string_at(o, {"kind"}), string_at(o, {"name"})});
}

}  // namespace

KubeMeta kube_meta(const KubeObject& o, size_t order) {
  return KubeMeta{o.source, o.api_version, o.kind, o.namespace_, o.name, order};
}

std::optional<std::string> pod_template_pointer(const KubeObject& o) {
  const std::string_view group = group_of(o.api_version);
  if (o.kind == "Pod" && o.api_version == "v1") return "";
  if (group == "apps" && (o.kind == "Deployment" || o.kind == "StatefulSet" ||
                          o.kind == "DaemonSet" || o.kind == "ReplicaSet"))
    return "/spec/template";
  if (group == "batch" && o.kind == "Job") return "/spec/template";
  if (group == "batch" && o.kind == "CronJob") return "/spec/jobTemplate/spec/template";
  return std::nullopt;
}

std::optional<Workload> parse_workload(const KubeObject& o, size_t order) {
  std::optional<std::string> pointer = pod_template_pointer(o);
  if (!pointer) return std::nullopt;
  Workload w;
  w.object = kube_meta(o, order);
  w.template_pointer = *pointer;
  w.labels = string_map_at(o.body, {"metadata", "labels"});
  w.created = string_at(o.body, {"metadata", "creationTimestamp"});
  w.pod_template_hash = w.labels.count("pod-template-hash") ? w.labels["pod-template-hash"] : "";
  read_owners(o.body, w);

  static const json kEmpty = json::object();
  const json* pod = pod_of(o.body, *pointer);
  if (!pod) pod = &kEmpty;
  w.pod_labels = string_map_at(*pod, {"metadata", "labels"});
  w.pod_annotations = string_map_at(*pod, {"metadata", "annotations"});
  const json* spec = json_at(*pod, {"spec"});
  w.has_pod_spec = spec && spec->is_object();
  if (!w.has_pod_spec) spec = &kEmpty;
  w.service_account = string_at(*spec, {"serviceAccountName"});
  if (w.service_account.empty()) w.service_account = string_at(*spec, {"serviceAccount"});
  if (w.service_account.empty()) w.service_account = "default";
  read_containers(*spec, w);
  read_volumes(*spec, w);
  return w;
}

}  // namespace wid
