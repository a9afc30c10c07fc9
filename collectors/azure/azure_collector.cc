#include "collectors/azure/azure_collector.h"

#include <map>
#include <set>

#include "analyzer/model/json_path.h"
#include "analyzer/model/text.h"
#include "collectors/azure/arm_client.h"
#include "collectors/azure/arm_token.h"
#include "collectors/http/http_client.h"

namespace wid {
namespace {

using Json = nlohmann::json;

// One collector's reads: failed when any read failed, with each error.
class Reads {
 public:
  explicit Reads(std::string name) : timer_(std::move(name)) {}
  void fail(const std::string& error) { error_ += (error_.empty() ? "" : "; ") + error; }
  void skip(const std::string& why) { skipped_ = why; }
  CollectorStatus finish() const {
    if (!error_.empty()) return timer_.finish(CollectorState::kFailed, error_);
    if (!skipped_.empty()) return timer_.finish(CollectorState::kSkipped, "", skipped_);
    return timer_.finish(CollectorState::kCollected);
  }

 private:
  CollectorTimer timer_;
  std::string error_, skipped_;
};

std::string subscription_of(const std::string& resource_id) {
  const std::string prefix = "/subscriptions/";
  if (to_lower_ascii(resource_id).rfind(prefix, 0) != 0) return "";
  const size_t end = resource_id.find('/', prefix.size());
  return resource_id.substr(prefix.size(), end == std::string::npos ? end : end - prefix.size());
}

// A file name from an ARM resource name (letters, digits, '-', '_' and '.' are all it may hold).
std::string file_name(const std::string& name) {
  std::string out;
  for (char c : name)
    out +=
        (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

std::vector<std::string> subscriptions(const ArmClient& arm, const AzureTargets& t,
                                       LiveBundle& bundle) {
  if (!t.subscription.empty()) return {t.subscription};
  Reads reads("azure:subscriptions");
  std::vector<std::string> out;
  auto list = arm.list("/subscriptions", arm_api::kSubscriptions);
  if (!list) {
    reads.fail(list.error().message);
  } else {
    for (const Json& s : (*list)["value"])
      if (string_at(s, {"state"}) == "Enabled" &&
          (t.tenant.empty() ||
           to_lower_ascii(string_at(s, {"tenantId"})) == to_lower_ascii(t.tenant)))
        out.push_back(string_at(s, {"subscriptionId"}));
    if (out.empty())
      reads.fail("the token sees no enabled subscription; set AZURE_SUBSCRIPTION_ID");
  }
  bundle.add_status(reads.finish());
  return out;
}

// The user-assigned identities whose clientId is in use, saved one file each.
std::vector<Json> identities(const ArmClient& arm, const std::vector<std::string>& subs,
                             const AzureTargets& t, LiveBundle& bundle) {
  Reads reads("azure:identities");
  std::vector<Json> kept;
  if (t.client_ids.empty())
    reads.skip(
        "a client ID in use (AzureClusterIdentity spec.clientID, a service account's "
        "azure.workload.identity/client-id annotation or AZURE_CLIENT_ID)");
  for (const std::string& sub : subs) {
    const std::string path =
        "/subscriptions/" + sub + "/providers/Microsoft.ManagedIdentity/userAssignedIdentities";
    auto list = arm.list(path, arm_api::kManagedIdentity);
    if (!list) {
      reads.fail(list.error().message);
      continue;
    }
    for (Json& mi : (*list)["value"]) {
      if (!t.client_ids.count(to_lower_ascii(string_at(mi, {"properties", "clientId"})))) continue;
      bundle.add("azure/identities/" + file_name(string_at(mi, {"name"})) + ".json",
                 mi.dump(2) + "\n", arm.url(path, arm_api::kManagedIdentity));
      kept.push_back(std::move(mi));
    }
  }
  bundle.add_status(reads.finish());
  return kept;
}

void federated_credentials(const ArmClient& arm, const std::vector<Json>& mis, LiveBundle& bundle) {
  Reads reads("azure:federated-credentials");
  for (const Json& mi : mis) {
    const std::string path = string_at(mi, {"id"}) + "/federatedIdentityCredentials";
    auto list = arm.list(path, arm_api::kManagedIdentity);
    if (!list) {
      reads.fail(list.error().message);
      continue;
    }
    // Saved even when empty: an identity without credentials is what AADSTS70021 means.
    bundle.add("azure/federated-credentials/" + file_name(string_at(mi, {"name"})) + ".json",
               list->dump(2) + "\n", arm.url(path, arm_api::kManagedIdentity));
  }
  bundle.add_status(reads.finish());
}

// Role assignments of the identities' principals, then the role definitions they reference.
void roles(const ArmClient& arm, const std::vector<Json>& mis, LiveBundle& bundle) {
  Reads assignments("azure:role-assignments");
  Json all = Json::array();
  std::set<std::string> seen;
  std::string first_url;
  for (const Json& mi : mis) {
    const std::string principal = string_at(mi, {"properties", "principalId"});
    const std::string sub = subscription_of(string_at(mi, {"id"}));
    if (principal.empty() || sub.empty()) continue;
    const std::string path = "/subscriptions/" + sub +
                             "/providers/Microsoft.Authorization/roleAssignments?$filter=" +
                             url_escape("assignedTo('" + principal + "')");
    if (first_url.empty()) first_url = arm.url(path, arm_api::kAuthorization);
    auto list = arm.list(path, arm_api::kAuthorization);
    if (!list) {
      assignments.fail(list.error().message);
      continue;
    }
    for (Json& ra : (*list)["value"])
      if (seen.insert(string_at(ra, {"id"})).second) all.push_back(std::move(ra));
  }
  if (!mis.empty())
    bundle.add("azure/role-assignments.json", Json{{"value", all}}.dump(2) + "\n", first_url);
  bundle.add_status(assignments.finish());

  Reads definitions("azure:role-definitions");
  std::set<std::string> ids;
  for (const Json& ra : all) ids.insert(string_at(ra, {"properties", "roleDefinitionId"}));
  Json defs = Json::array();
  std::string defs_url;
  for (const std::string& id : ids) {
    if (id.empty()) continue;
    if (defs_url.empty()) defs_url = arm.url(id, arm_api::kAuthorization);
    auto d = arm.get(id, arm_api::kAuthorization);
    if (d)
      defs.push_back(std::move(*d));
    else
      definitions.fail(d.error().message);
  }
  if (!defs.empty())
    bundle.add("azure/role-definitions.json", Json{{"value", defs}}.dump(2) + "\n", defs_url);
  bundle.add_status(definitions.finish());
}

}  // namespace

AzureCollectResult collect_azure(const AzureCollectOptions& o, const AzureTargets& t,
                                 LiveBundle& bundle) {
  AzureCollectResult result;
  result.tenant = t.tenant;
  CollectorTimer timer("azure");
  if (o.no_azure) {
    bundle.add_status(timer.finish(CollectorState::kSkipped, "", "--no-azure was given"));
    return result;
  }
  std::string why;
  auto token = find_arm_token(o.token_flag, why);
  if (!token) {
    bundle.add_status(timer.finish(CollectorState::kSkipped, "", why));
    return result;
  }
  ArmClientOptions ao;
  ao.endpoint = o.endpoints.arm;
  ao.endpoint_explicit = o.endpoints.arm_explicit;
  ao.token = token->value;
  ao.extra_ca_pem = o.extra_ca_pem;
  ao.connect_to = o.connect_to;
  ao.request_timeout_ms = o.request_timeout_ms;
  ao.deadline = o.deadline;
  const ArmClient arm(std::move(ao));
  std::vector<std::string> subs;
  if (!t.client_ids.empty()) subs = subscriptions(arm, t, bundle);
  const std::vector<Json> mis = identities(arm, subs, t, bundle);
  if (!mis.empty()) {
    federated_credentials(arm, mis, bundle);
    roles(arm, mis, bundle);
  }
  for (const Json& mi : mis)
    if (result.tenant.empty()) result.tenant = string_at(mi, {"properties", "tenantId"});
  if (result.tenant.empty()) result.tenant = token->tenant;
  return result;
}

}  // namespace wid
