#include "rules/checks/k8s_util.h"

#include <algorithm>

namespace wid::k8s {

const nlohmann::json* json_at(const nlohmann::json& j,
                              std::initializer_list<std::string_view> path) {
  const nlohmann::json* cur = &j;
  for (std::string_view key : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(std::string(key));
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

std::string string_at(const nlohmann::json& j, std::initializer_list<std::string_view> path) {
  const nlohmann::json* v = json_at(j, path);
  return v && v->is_string() ? v->get<std::string>() : "";
}

std::map<std::string, std::string> string_map_at(const nlohmann::json& j,
                                                 std::initializer_list<std::string_view> path) {
  std::map<std::string, std::string> out;
  const nlohmann::json* v = json_at(j, path);
  if (!v || !v->is_object()) return out;
  for (auto& [k, val] : v->items()) {
    // YAML may give `use: true` as a boolean; the API server would have refused it, but the
    // user's intent is still readable.
    if (val.is_string()) out[k] = val.get<std::string>();
    else if (val.is_boolean()) out[k] = val.get<bool>() ? "true" : "false";
  }
  return out;
}

bool in_group(const KubeObject& o, std::string_view group) {
  if (group.empty()) return true;
  std::string_view av = o.api_version;
  return av.size() > group.size() && av.substr(0, group.size()) == group &&
         av[group.size()] == '/';
}

std::vector<const KubeObject*> objects_of(const EvidenceStore& store, std::string_view kind,
                                          std::string_view group) {
  std::vector<const KubeObject*> out;
  for (const KubeObject& o : store.objects)
    if (o.kind == kind && in_group(o, group)) out.push_back(&o);
  return out;
}

const KubeObject* find_object(const EvidenceStore& store, std::string_view kind,
                              std::string_view ns, std::string_view name, std::string_view group) {
  for (const KubeObject& o : store.objects)
    if (o.kind == kind && o.namespace_ == ns && o.name == name && in_group(o, group)) return &o;
  return nullptr;
}

std::string object_subject(const KubeObject& o) {
  return o.kind + "/" + (o.namespace_.empty() ? "" : o.namespace_ + "/") + o.name;
}

EvidenceItem field_evidence(const KubeObject& o, std::string_view field, std::string observed,
                            std::string expected, std::string difference) {
  EvidenceItem e = evidence_at(o.source, std::move(observed), std::move(expected),
                               std::move(difference));
  std::string where = object_subject(o) + " " + std::string(field);
  e.locator = e.locator.empty() ? where : e.locator + ", " + where;
  return e;
}

bool symptom_present(const CheckContext& ctx, const std::vector<std::string_view>& rule_ids) {
  return std::any_of(ctx.symptoms.begin(), ctx.symptoms.end(), [&](const Finding& f) {
    return f.status == FindingStatus::kFail &&
           std::find(rule_ids.begin(), rule_ids.end(), f.rule_id) != rule_ids.end();
  });
}

std::string shown(std::string_view v) {
  return v.empty() ? "(absent)" : "\"" + std::string(v) + "\"";
}


std::vector<const KubeObject*> capz_clusters(const EvidenceStore& store) {
  std::vector<const KubeObject*> out;
  for (const KubeObject& o : store.objects)
    if ((o.kind == "AzureCluster" || o.kind == "AzureManagedControlPlane") &&
        in_group(o, kCapzGroup))
      out.push_back(&o);
  return out;
}

IdentityRef identity_ref_of(const KubeObject& cluster) {
  IdentityRef r;
  const nlohmann::json* ref = json_at(cluster.body, {"spec", "identityRef"});
  if (!ref || !ref->is_object()) return r;
  r.present = true;
  r.kind = string_at(*ref, {"kind"});
  r.name = string_at(*ref, {"name"});
  r.namespace_ = string_at(*ref, {"namespace"});
  if (r.namespace_.empty()) r.namespace_ = cluster.namespace_;
  return r;
}

}  // namespace wid::k8s
