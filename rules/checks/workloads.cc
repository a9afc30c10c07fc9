#include "rules/checks/workloads.h"

#include <algorithm>
#include <utility>

namespace wid {
namespace {

void add_unique(std::vector<Sourced>& out, Sourced s) {
  if (s.value.empty()) return;
  for (auto& o : out)
    if (o.value == s.value) return;
  out.push_back(std::move(s));
}

// The client id a workload exchanges its token for: its env, else its ServiceAccount's annotation.
std::string workload_client_id(const EvidenceStore& store, const Workload& w) {
  std::string cid = env_value(w, "AZURE_CLIENT_ID");
  if (cid.empty())
    if (const ServiceAccount* sa =
            find_service_account(store, w.object.namespace_, w.service_account))
      cid = sa->client_id;
  return cid;
}

// A workload federated through an identity that owns none of the listed credentials is another
// credential list's business (and credential_on_identity_in_use's finding when it should not be).
bool federated_elsewhere(const EvidenceStore& store, const Workload& w) {
  const std::string cid = to_lower_ascii(trim(workload_client_id(store, w)));
  if (cid.empty() || store.identities.empty()) return false;
  for (const ManagedIdentity& mi : store.identities)
    if (to_lower_ascii(mi.client_id) == cid)
      for (const FederatedCredential& fc : store.federated_credentials)
        if (fic_on_identity(fc, mi)) return false;
  return true;
}

}  // namespace

bool uses_workload_identity(const Workload& w) {
  auto it = w.pod_labels.find("azure.workload.identity/use");
  return it != w.pod_labels.end() && it->second == "true";
}

std::vector<const Workload*> pod_workloads(const EvidenceStore& store, bool wi_only) {
  std::vector<const Workload*> out;
  for (const Workload& w : store.workloads)
    if (w.has_pod_spec && (!wi_only || uses_workload_identity(w))) out.push_back(&w);
  return out;
}

std::string env_value(const Workload& w, std::string_view name) {
  for (const EnvVar& e : w.env)
    if (e.name == name && !e.value.empty()) return e.value;
  return "";
}

std::vector<Sourced> subjects_in_use(const CheckContext& ctx) {
  std::vector<Sourced> out = presented_subjects(ctx);
  for (const Workload* w : pod_workloads(ctx.store))
    if (!federated_elsewhere(ctx.store, *w))
      add_unique(out, {sa_subject(w->object.namespace_.empty() ? "default" : w->object.namespace_,
                                  w->service_account),
                       w->object.source, object_subject(w->object) + " serviceAccountName"});
  return out;
}

std::vector<Sourced> client_ids_in_use(const CheckContext& ctx) {
  std::vector<Sourced> out;
  // What Entra was actually sent beats what any file says should be sent.
  for (auto& c : captured(ctx, "client_id", {"AADSTS700016"}))
    add_unique(out, {c.value, c.finding->first.value_or(SourceRef{}), "AADSTS700016 identifier"});
  std::vector<std::pair<size_t, Sourced>> declared;  // in bundle order across both kinds
  for (const AzureClusterIdentity& i : ctx.store.cluster_identities)
    declared.push_back({i.object.order,
                        {i.client_id, pointer_ref(i.object, "/spec/clientID"),
                         object_subject(i.object) + " spec.clientID"}});
  for (const ServiceAccount& sa : ctx.store.service_accounts)
    declared.push_back(
        {sa.object.order,
         {sa.client_id, pointer_ref(sa.object, "/metadata/annotations"),
          object_subject(sa.object) + " annotation azure.workload.identity/client-id"}});
  std::stable_sort(declared.begin(), declared.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, s] : declared) add_unique(out, std::move(s));
  for (const Workload* w : pod_workloads(ctx.store))
    add_unique(out, {env_value(*w, "AZURE_CLIENT_ID"), w->object.source,
                     object_subject(w->object) + " env AZURE_CLIENT_ID"});
  for (const Settings& s : ctx.store.settings) {
    auto it = s.values.find("AZURE_CLIENT_ID");
    if (it != s.values.end()) add_unique(out, {it->second, s.source, "AZURE_CLIENT_ID"});
  }
  return out;
}

std::vector<const ManagedIdentity*> identities_in_use(const CheckContext& ctx) {
  std::vector<const ManagedIdentity*> out;
  for (const Sourced& c : client_ids_in_use(ctx))
    for (const ManagedIdentity& mi : ctx.store.identities)
      if (!mi.client_id.empty() && to_lower_ascii(trim(c.value)) == to_lower_ascii(mi.client_id) &&
          std::find(out.begin(), out.end(), &mi) == out.end())
        out.push_back(&mi);
  return out;
}

std::vector<const FederatedCredential*> credentials_in_use(const CheckContext& ctx) {
  std::vector<const FederatedCredential*> out;
  const auto in_use = identities_in_use(ctx);
  for (const FederatedCredential& fc : ctx.store.federated_credentials) {
    bool keep = in_use.empty() || std::any_of(in_use.begin(), in_use.end(),
                                              [&](auto* mi) { return fic_on_identity(fc, *mi); });
    if (keep) out.push_back(&fc);
  }
  return out;
}

}  // namespace wid
