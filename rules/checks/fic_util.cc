#include "rules/checks/fic_util.h"

#include <algorithm>

namespace wid {
namespace {

using nlohmann::json;

const json* at(const json& j, std::initializer_list<const char*> path) {
  const json* p = &j;
  for (const char* k : path) {
    if (!p->is_object()) return nullptr;
    auto it = p->find(k);
    if (it == p->end()) return nullptr;
    p = &*it;
  }
  return p;
}

std::string str_at(const json& j, std::initializer_list<const char*> path) {
  const json* p = at(j, path);
  return p && p->is_string() ? p->get<std::string>() : "";
}

// YAML writes the label quoted ("true"); a hand-written manifest may leave it a boolean.
bool wi_label(const json* labels) {
  if (!labels || !labels->is_object()) return false;
  auto it = labels->find("azure.workload.identity/use");
  if (it == labels->end()) return false;
  return (it->is_string() && it->get<std::string>() == "true") ||
         (it->is_boolean() && it->get<bool>());
}

void add_unique(std::vector<Sourced>& out, Sourced s) {
  if (s.value.empty()) return;
  for (auto& o : out)
    if (o.value == s.value) return;
  out.push_back(std::move(s));
}

SourceRef pointer_ref(const KubeObject& o, std::string pointer) {
  SourceRef r = o.source;
  if (r.line == 0) r.pointer += pointer;
  return r;
}

}  // namespace

std::string fic_object_name(const KubeObject& o) {
  return o.kind + "/" + (o.namespace_.empty() ? "" : o.namespace_ + "/") + o.name;
}

std::vector<Workload> fic_workloads(const EvidenceStore& store, bool wi_only) {
  std::vector<Workload> out;
  for (const KubeObject& o : store.objects) {
    const json *labels = nullptr, *spec = nullptr;
    if (o.kind == "Pod") {
      labels = at(o.body, {"metadata", "labels"});
      spec = at(o.body, {"spec"});
    } else if (o.kind == "Deployment" || o.kind == "StatefulSet" || o.kind == "DaemonSet" ||
               o.kind == "ReplicaSet" || o.kind == "Job") {
      labels = at(o.body, {"spec", "template", "metadata", "labels"});
      spec = at(o.body, {"spec", "template", "spec"});
    } else if (o.kind == "CronJob") {
      labels = at(o.body, {"spec", "jobTemplate", "spec", "template", "metadata", "labels"});
      spec = at(o.body, {"spec", "jobTemplate", "spec", "template", "spec"});
    }
    if (!spec || !spec->is_object()) continue;
    if (wi_only && !wi_label(labels)) continue;
    std::string sa = str_at(*spec, {"serviceAccountName"});
    if (sa.empty()) sa = str_at(*spec, {"serviceAccount"});  // deprecated alias, still honoured
    out.push_back(Workload{&o, spec, sa.empty() ? "default" : sa});
  }
  return out;
}

std::string fic_pod_env(const json& pod_spec, const std::string& name) {
  for (const char* list : {"initContainers", "containers"}) {
    const json* cs = at(pod_spec, {list});
    if (!cs || !cs->is_array()) continue;
    for (const json& c : *cs) {
      const json* env = at(c, {"env"});
      if (!env || !env->is_array()) continue;
      for (const json& e : *env)
        if (str_at(e, {"name"}) == name && !str_at(e, {"value"}).empty())
          return str_at(e, {"value"});
    }
  }
  return "";
}

namespace {

// The client id a workload exchanges its token for: its env, else its ServiceAccount's annotation.
std::string workload_client_id(const EvidenceStore& store, const Workload& w) {
  std::string cid = fic_pod_env(*w.pod_spec, "AZURE_CLIENT_ID");
  for (const KubeObject& o : store.objects)
    if (cid.empty() && o.kind == "ServiceAccount" && o.name == w.service_account &&
        o.namespace_ == w.object->namespace_)
      cid = str_at(o.body, {"metadata", "annotations", "azure.workload.identity/client-id"});
  return cid;
}

// A workload federated through an identity that owns none of the listed credentials is another
// credential list's business (and credential_on_identity_in_use's finding when it should not be).
bool federated_elsewhere(const EvidenceStore& store, const Workload& w) {
  const std::string cid = to_lower(trim(workload_client_id(store, w)));
  if (cid.empty() || store.identities.empty()) return false;
  for (const ManagedIdentity& mi : store.identities)
    if (to_lower(mi.client_id) == cid)
      for (const FederatedCredential& fc : store.federated_credentials)
        if (fic_on_identity(fc, mi)) return false;
  return true;
}

}  // namespace

std::vector<Sourced> subjects_in_use(const CheckContext& ctx) {
  std::vector<Sourced> out = presented_subjects(ctx);
  for (const Workload& w : fic_workloads(ctx.store))
    if (!federated_elsewhere(ctx.store, w))
      add_unique(out, {sa_subject(w.object->namespace_.empty() ? "default" : w.object->namespace_,
                                  w.service_account),
                       w.object->source, fic_object_name(*w.object) + " serviceAccountName"});
  return out;
}

std::vector<Sourced> client_ids_in_use(const CheckContext& ctx) {
  std::vector<Sourced> out;
  // What Entra was actually sent beats what any file says should be sent.
  for (auto& c : captured(ctx, "client_id", {"AADSTS700016"}))
    add_unique(out, {c.value, c.finding->first.value_or(SourceRef{}), "AADSTS700016 identifier"});
  for (const KubeObject& o : ctx.store.objects) {
    if (o.kind == "AzureClusterIdentity")
      add_unique(out, {str_at(o.body, {"spec", "clientID"}), pointer_ref(o, "/spec/clientID"),
                       fic_object_name(o) + " spec.clientID"});
    if (o.kind == "ServiceAccount")
      add_unique(out, {str_at(o.body, {"metadata", "annotations", "azure.workload.identity/client-id"}),
                       pointer_ref(o, "/metadata/annotations"),
                       fic_object_name(o) + " annotation azure.workload.identity/client-id"});
  }
  for (const Workload& w : fic_workloads(ctx.store))
    add_unique(out, {fic_pod_env(*w.pod_spec, "AZURE_CLIENT_ID"), w.object->source,
                     fic_object_name(*w.object) + " env AZURE_CLIENT_ID"});
  for (const Settings& s : ctx.store.settings) {
    auto it = s.values.find("AZURE_CLIENT_ID");
    if (it != s.values.end()) add_unique(out, {it->second, s.source, "AZURE_CLIENT_ID"});
  }
  return out;
}

bool fic_on_identity(const FederatedCredential& fc, const ManagedIdentity& mi) {
  if (!fc.identity_id.empty() && !mi.id.empty()) return to_lower(fc.identity_id) == to_lower(mi.id);
  return !fc.identity_name.empty() && fc.identity_name == mi.name;
}

std::vector<const ManagedIdentity*> identities_in_use(const CheckContext& ctx) {
  std::vector<const ManagedIdentity*> out;
  for (const Sourced& c : client_ids_in_use(ctx))
    for (const ManagedIdentity& mi : ctx.store.identities)
      if (!mi.client_id.empty() && to_lower(trim(c.value)) == to_lower(mi.client_id) &&
          std::find(out.begin(), out.end(), &mi) == out.end())
        out.push_back(&mi);
  return out;
}

std::vector<const FederatedCredential*> credentials_in_use(const CheckContext& ctx) {
  std::vector<const FederatedCredential*> out;
  const auto in_use = identities_in_use(ctx);
  for (const FederatedCredential& fc : ctx.store.federated_credentials) {
    bool keep = in_use.empty() || std::any_of(in_use.begin(), in_use.end(), [&](auto* mi) {
                  return fic_on_identity(fc, *mi);
                });
    if (keep) out.push_back(&fc);
  }
  return out;
}

void fill_credential_values(CheckResult& r, const FederatedCredential& fc) {
  r.values["credential"] = fc.name;
  if (!fc.identity_name.empty()) r.values["identity"] = fc.identity_name;
  else if (!fc.identity_id.empty()) r.values["identity"] = last_segment(fc.identity_id);
  std::string rg = resource_group_of(fc.identity_id);
  if (!rg.empty()) r.values["resource_group"] = rg;
  r.values["issuer"] = fc.issuer;
  r.values["subject"] = fc.subject;
  if (!fc.audiences.empty()) r.values["audience"] = fc.audiences[0];
}

std::string fic_list_command(const CheckContext& ctx) {
  std::string name = "<IDENTITY_NAME>", rg = "<RESOURCE_GROUP>";
  auto in_use = identities_in_use(ctx);
  const ManagedIdentity* mi = !in_use.empty()                   ? in_use[0]
                              : ctx.store.identities.size() == 1 ? &ctx.store.identities[0]
                                                                 : nullptr;
  if (mi) {
    if (!mi->name.empty()) name = mi->name;
    if (!mi->resource_group.empty()) rg = mi->resource_group;
  }
  return "az identity federated-credential list --identity-name " + name + " --resource-group " +
         rg + " -o json > fic.json";
}

}  // namespace wid
