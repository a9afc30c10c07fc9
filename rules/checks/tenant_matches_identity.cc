// The tenant the workload asks for a token in is the tenant its identity lives in. A client
// or subscription id pasted into the tenant slot, a stray space or quote, or another tenant's
// GUID sends the exchange to a directory that has no such identity (AADSTS90002, AADSTS700016,
// azidentity's "invalid tenantID").
#include <algorithm>
#include <utility>

#include "rules/checks/checks.h"
#include "rules/checks/workloads.h"

namespace wid {
namespace {

constexpr const char* kTenantWrong = "TENANT_ID_WRONG";

struct TenantUse {
  Sourced where;
  std::string component;  // the log component that would report it: the log rule's subject
};

void add(std::vector<TenantUse>& out, std::string value, SourceRef src, std::string origin,
         std::string component) {
  if (value.empty()) return;
  for (auto& o : out)
    if (o.where.value == value && o.component == component) return;
  out.push_back({{std::move(value), std::move(src), std::move(origin)}, std::move(component)});
}

std::string component_of(const Workload& w) {
  if (w.service_account == "capz-manager") return "capz-manager";
  if (w.service_account == "azureserviceoperator-default") return "aso";
  return "workload";
}

std::vector<TenantUse> tenants_in_use(const CheckContext& ctx) {
  std::vector<TenantUse> out;
  for (auto& c : captured(ctx, "tenant", {"AADSTS90002"})) {
    // "<tenant>v2.0" was an SDK/Entra defect of November 2024, not a configured value.
    if (c.value.size() >= 4 && c.value.substr(c.value.size() - 4) == "v2.0") continue;
    std::string comp =
        c.finding->subject.rfind("component/", 0) == 0 ? c.finding->subject.substr(10) : "workload";
    add(out, c.value, c.finding->first.value_or(SourceRef{}), c.finding->rule_id + " tenant", comp);
  }
  // Declared in objects: in bundle order across the kinds.
  std::vector<std::pair<size_t, TenantUse>> declared;
  for (const AzureClusterIdentity& i : ctx.store.cluster_identities)
    declared.push_back(
        {i.object.order,
         {{i.tenant_id, i.object.source, object_subject(i.object) + " spec.tenantID"},
          "capz-manager"}});
  for (const ConfigMap& cm : ctx.store.config_maps)
    if (cm.object.name == "azure-wi-webhook-config" && cm.data.count("AZURE_TENANT_ID"))
      declared.push_back({cm.object.order,
                          {{cm.data.at("AZURE_TENANT_ID"), cm.object.source,
                            object_subject(cm.object) + " AZURE_TENANT_ID"},
                           "workload"}});
  for (const ServiceAccount& sa : ctx.store.service_accounts)
    declared.push_back(
        {sa.object.order,
         {{sa.tenant_id, sa.object.source,
           object_subject(sa.object) + " annotation azure.workload.identity/tenant-id"},
          "workload"}});
  std::stable_sort(declared.begin(), declared.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [order, u] : declared)
    add(out, std::move(u.where.value), std::move(u.where.source), std::move(u.where.origin),
        std::move(u.component));
  for (const Workload* w : pod_workloads(ctx.store))
    add(out, env_value(*w, "AZURE_TENANT_ID"), w->object.source,
        object_subject(w->object) + " env AZURE_TENANT_ID", component_of(*w));
  // clusterctl settings feed the AzureClusterIdentity's tenantID.
  for (const Settings& s : ctx.store.settings) {
    auto it = s.values.find("AZURE_TENANT_ID");
    if (it != s.values.end()) add(out, it->second, s.source, "AZURE_TENANT_ID", "capz-manager");
  }
  return out;
}

// The identities whose tenant is expected: those in use, else every listed one.
std::vector<const ManagedIdentity*> expected_identities(const CheckContext& ctx) {
  auto in_use = identities_in_use(ctx);
  if (!in_use.empty()) return in_use;
  std::vector<const ManagedIdentity*> all;
  for (auto& mi : ctx.store.identities)
    if (!mi.tenant_id.empty()) all.push_back(&mi);
  return all;
}

// What else the value in the tenant slot is, when it is a known id of another kind.
std::string slot_misuse(const CheckContext& ctx, const std::string& v) {
  const std::string lv = to_lower_ascii(trim(v));
  for (auto& mi : ctx.store.identities) {
    if (to_lower_ascii(mi.client_id) == lv)
      return " It is the clientId of identity " + mi.name + ".";
    if (to_lower_ascii(mi.principal_id) == lv)
      return " It is the principalId of identity " + mi.name + ".";
  }
  for (auto& s : ctx.store.settings) {
    auto it = s.values.find("AZURE_SUBSCRIPTION_ID");
    if (it != s.values.end() && to_lower_ascii(trim(it->second)) == lv)
      return " It is the subscription id.";
  }
  return "";
}

}  // namespace

void check_tenant_matches_identity(const CheckContext& ctx, CheckRun& run) {
  const std::vector<TenantUse> used = tenants_in_use(ctx);
  const auto expected = expected_identities(ctx);
  if (used.empty() || expected.empty()) {
    run.needs.push_back(
        used.empty() ? "kubectl get azureclusteridentity -A -o yaml > azureclusteridentity.yaml"
                     : "az identity show --name <IDENTITY_NAME> --resource-group "
                       "<RESOURCE_GROUP> -o json > identity.json");
    return;
  }
  for (const TenantUse& u : used) {
    const std::string subject = "component/" + u.component;
    const ManagedIdentity* match = nullptr;
    for (auto* mi : expected)
      if (mi->tenant_id == u.where.value) match = mi;
    if (match) {
      auto& r = run.add(kTenantWrong, FindingStatus::kPass, subject);
      r.detail =
          u.where.origin + " is " + u.where.value + ", the tenant of identity " + match->name + ".";
      r.evidence.push_back(evidence_at(u.where.source, u.where.value, match->tenant_id));
      r.key_values = {{"tenant", u.where.value}};
      continue;
    }
    const ManagedIdentity* mi = expected[0];
    const Difference diff = classify_difference(u.where.value, mi->tenant_id);
    auto& r = run.add(kTenantWrong, FindingStatus::kFail, subject);
    r.values["tenant"] = u.where.value;
    r.values["identity_tenant"] = mi->tenant_id;
    r.values["identity"] = mi->name;
    r.key_values = {{"tenant", u.where.value}, {"identity_tenant", mi->tenant_id}};
    r.detail = u.where.origin + " is \"" + u.where.value + "\", but identity " + mi->name +
               " lives in tenant " + mi->tenant_id + " (they differ: " + difference_name(diff) +
               ")." + slot_misuse(ctx, u.where.value) + " Set it to " + mi->tenant_id + ".";
    r.evidence.push_back(evidence_at(u.where.source, u.where.value, mi->tenant_id, diff));
    r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + u.where.origin;
    r.evidence.push_back(evidence_at(mi->source, mi->tenant_id));
  }
}

// Reads through identities_in_use.
const CheckDef kTenantMatchesIdentityCheck{
    "tenant_matches_identity",
    {"TENANT_ID_WRONG"},
    {{"AADSTS90002", "tenant"}, {"AADSTS700016", "client_id"}},
    {"identity", "identity_tenant", "tenant"},
    check_tenant_matches_identity,
};

}  // namespace wid
