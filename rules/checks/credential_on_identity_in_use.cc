// The client id the workload actually uses belongs to the identity that owns the federated
// credentials. Entra only looks at the credentials of the application named by the client id, so
// credentials on identity A never match a token exchanged as identity B (AADSTS70021, 700211,
// 70025); and a principal (object) id, a resource ID or a name in the client-id slot names no
// application at all (AADSTS700016).
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/checks/workloads.h"

namespace wid {
namespace {

constexpr const char* kWrongIdentity = "FIC_ON_WRONG_IDENTITY";

// AADSTS70025 says the identity named has no credentials at all: the wrong identity is its
// cause. AADSTS700016's own fix already asks for the identity's clientId.
const std::vector<std::string_view> kSymptoms = {"AADSTS70025"};

std::string where(const Sourced& s) {
  return s.origin + (s.source.path.empty() ? "" : " (" + s.source.to_string() + ")");
}

// The identity whose record owns the listed credentials (the first one that does).
const ManagedIdentity* owner_of_credentials(const CheckContext& ctx) {
  for (const FederatedCredential& fc : ctx.store.federated_credentials)
    for (const ManagedIdentity& mi : ctx.store.identities)
      if (fic_on_identity(fc, mi)) return &mi;
  return nullptr;
}

void fail(CheckRun& run, const Sourced& used, const ManagedIdentity* in_use,
          const ManagedIdentity* owner, const std::string& what, const std::string& detail) {
  auto& r = run.add(kWrongIdentity, FindingStatus::kFail, used.value);
  r.values["client_id"] = used.value;
  r.values["where"] = where(used);
  r.values["misuse"] = what;
  if (owner) {
    r.values["owner"] = owner->name;
    r.values["owner_client_id"] = owner->client_id;
    r.values["identity"] = owner->name;
    if (!owner->resource_group.empty()) r.values["resource_group"] = owner->resource_group;
  }
  if (in_use) r.values["identity_in_use"] = in_use->name;
  r.key_values = {{"client_id", used.value}};
  r.detail = detail;
  r.evidence.push_back(evidence_at(used.source, used.value, owner ? owner->client_id : "",
                                   owner ? Difference::kOther : Difference::kNone));
  r.evidence.back().locator += (r.evidence.back().locator.empty() ? "" : ", ") + used.origin;
  if (owner) r.evidence.push_back(evidence_at(owner->source, owner->client_id, ""));
}

}  // namespace

void check_credential_on_identity_in_use(const CheckContext& ctx, CheckRun& run) {
  const std::vector<Sourced> used = client_ids_in_use(ctx);
  const auto& ids = ctx.store.identities;
  if (used.empty()) {
    run.needs.push_back(
        "kubectl get azureclusteridentity,serviceaccounts,pods -A -o yaml > cluster.yaml");
    return;
  }
  if (ids.empty()) {
    run.needs.push_back(
        "az identity show --name <IDENTITY_NAME> --resource-group <RESOURCE_GROUP> -o json > "
        "identity.json");
    for (auto& c : captured(ctx, "client_id", kSymptoms)) {
      auto& r = run.add(kWrongIdentity, FindingStatus::kUnknown, c.value);
      r.needs = run.needs;
      r.detail = "Entra did not accept client id " + c.value +
                 ", and no identity record was given to tell which identity it belongs to.";
      r.evidence.push_back(evidence_at(c.finding->first.value_or(SourceRef{}), c.value));
    }
    return;
  }
  const ManagedIdentity* owner = owner_of_credentials(ctx);
  for (const Sourced& u : used) {
    const std::string v = to_lower_ascii(trim(u.value));
    const ManagedIdentity* by_client = nullptr;
    const ManagedIdentity* by_principal = nullptr;
    const ManagedIdentity* by_id = nullptr;
    const ManagedIdentity* by_name = nullptr;
    for (const ManagedIdentity& mi : ids) {
      if (!mi.client_id.empty() && to_lower_ascii(mi.client_id) == v) by_client = &mi;
      if (!mi.principal_id.empty() && to_lower_ascii(mi.principal_id) == v) by_principal = &mi;
      if (!mi.id.empty() && to_lower_ascii(mi.id) == v) by_id = &mi;
      if (!mi.name.empty() && mi.name == trim(u.value)) by_name = &mi;
    }
    if (by_client) {
      bool owns =
          ctx.store.federated_credentials.empty() ||
          std::any_of(
              ctx.store.federated_credentials.begin(), ctx.store.federated_credentials.end(),
              [&](const FederatedCredential& fc) { return fic_on_identity(fc, *by_client); });
      if (owns || !owner) {
        auto& r = run.add(kWrongIdentity, FindingStatus::kPass, u.value);
        r.detail = "Client id " + u.value + " (" + where(u) + ") is the clientId of identity " +
                   by_client->name +
                   (owns && !ctx.store.federated_credentials.empty()
                        ? ", which owns the federated credentials."
                        : ".");
        r.evidence.push_back(evidence_at(by_client->source, by_client->client_id, u.value));
        r.key_values = {{"client_id", u.value}};
        continue;
      }
      fail(run, u, by_client, owner, "the clientId of another identity",
           "The federated credentials are on identity " + owner->name + " (clientId " +
               owner->client_id + "), but " + where(u) + " uses client id " + u.value +
               ", the clientId of identity " + by_client->name +
               ", which has none of them: Entra only looks at the credentials of the identity the "
               "client id names.");
      continue;
    }
    const ManagedIdentity* named = by_principal ? by_principal : by_id ? by_id : by_name;
    if (named) {
      const std::string what = by_principal ? "the principalId (object id)"
                               : by_id      ? "the resource ID"
                                            : "the name";
      fail(run, u, nullptr, named, what,
           where(u) + " holds " + u.value + ", which is " + what + " of identity " + named->name +
               ", not its clientId: Entra knows no application by that identifier. Use clientId " +
               named->client_id + ".");
      continue;
    }
    if (v.rfind("/subscriptions/", 0) == 0) {
      fail(run, u, nullptr, owner, "a resource ID",
           where(u) + " holds the resource ID " + u.value +
               ", not a client id: use the identity's clientId (az identity show --ids " + u.value +
               " --query clientId -o tsv).");
      continue;
    }
    // A client id no record knows: wrong only when the credentials' owner is known to differ.
    if (owner && !ctx.store.federated_credentials.empty()) {
      fail(run, u, nullptr, owner, "a client id of no listed identity",
           "The federated credentials are on identity " + owner->name + " (clientId " +
               owner->client_id + "), but " + where(u) + " uses client id " + u.value +
               ", which is not that identity's: Entra looks for the credentials on the application "
               "the client id names.");
    }
  }
}

// Reads through client_ids_in_use.
const CheckDef kCredentialOnIdentityInUseCheck{
    "credential_on_identity_in_use",
    {"FIC_ON_WRONG_IDENTITY"},
    {{"AADSTS70025", "client_id"}, {"AADSTS700016", "client_id"}},
    {"client_id", "identity", "identity_in_use", "misuse", "owner", "owner_client_id",
     "resource_group", "where"},
    check_credential_on_identity_in_use,
};

}  // namespace wid
