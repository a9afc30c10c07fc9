// C13: the AzureClusterIdentity a cluster references admits the cluster's namespace. CAPZ's
// IsClusterNamespaceAllowed reads spec.allowedNamespaces with non-obvious semantics: absent (nil)
// allows no namespace, `{}` allows all, `{list: []}` allows none (it is not DeepEqual to `{}`),
// list and selector are alternatives, and a nil or empty selector matches nothing. A mismatch
// leaves NetworkInfrastructureReady false with reason NamespaceNotAllowedByIdentity.
#include <algorithm>

#include "rules/checks/k8s_util.h"
#include "rules/checks/checks.h"

namespace wid {

using namespace k8s;  // NOLINT: this check reads Kubernetes objects throughout
namespace {

constexpr const char* kRule = "CAPZ_IDENTITY_NAMESPACE_NOT_ALLOWED";

enum class Verdict { kAllowed, kDenied, kUnknown };

struct Decision {
  Verdict verdict;
  std::string why;  // completes "allowedNamespaces ..." in the detail
};

// One metav1.LabelSelectorRequirement against the namespace's labels.
bool requirement_holds(const nlohmann::json& req, const std::map<std::string, std::string>& labels) {
  const std::string key = string_at(req, {"key"});
  const std::string op = string_at(req, {"operator"});
  std::vector<std::string> values;
  if (const auto* v = json_at(req, {"values"}); v && v->is_array())
    for (auto& x : *v)
      if (x.is_string()) values.push_back(x.get<std::string>());
  auto it = labels.find(key);
  bool in = it != labels.end() && std::find(values.begin(), values.end(), it->second) != values.end();
  if (op == "In") return in;
  if (op == "NotIn") return !in;
  if (op == "Exists") return it != labels.end();
  if (op == "DoesNotExist") return it == labels.end();
  return false;  // an unknown operator fails LabelSelectorAsSelector: CAPZ allows nothing
}

Decision decide(const nlohmann::json* allowed, const std::string& ns,
                const std::map<std::string, std::string>* ns_labels) {
  if (!allowed || allowed->is_null())
    return {Verdict::kDenied, "is absent, which allows no namespace"};
  if (!allowed->is_object()) return {Verdict::kDenied, "is not an object"};
  const nlohmann::json* list = json_at(*allowed, {"list"});
  const nlohmann::json* selector = json_at(*allowed, {"selector"});
  const bool has_list = list && !list->is_null();
  const bool has_selector = selector && !selector->is_null();
  if (!has_list && !has_selector) return {Verdict::kAllowed, "is {}, which allows every namespace"};

  std::string listed;
  if (has_list && list->is_array()) {
    for (auto& x : *list) {
      if (!x.is_string()) continue;
      if (x.get<std::string>() == ns) return {Verdict::kAllowed, "lists " + ns};
      listed += (listed.empty() ? "" : ", ") + x.get<std::string>();
    }
  }
  std::string why = has_list ? (listed.empty() ? "has an empty list, which allows no namespace"
                                               : "lists only [" + listed + "]")
                             : "has no list";
  if (!has_selector) return {Verdict::kDenied, why};

  const nlohmann::json* match_labels = json_at(*selector, {"matchLabels"});
  const nlohmann::json* match_exprs = json_at(*selector, {"matchExpressions"});
  const bool empty_labels = !match_labels || !match_labels->is_object() || match_labels->empty();
  const bool empty_exprs = !match_exprs || !match_exprs->is_array() || match_exprs->empty();
  if (empty_labels && empty_exprs)
    return {Verdict::kDenied, why + " and an empty selector, which matches nothing"};
  if (!ns_labels) return {Verdict::kUnknown, why + " and a selector"};

  bool match = true;
  if (!empty_labels)
    for (auto& [k, v] : match_labels->items()) {
      auto it = ns_labels->find(k);
      if (it == ns_labels->end() || !v.is_string() || it->second != v.get<std::string>())
        match = false;
    }
  if (!empty_exprs)
    for (auto& req : *match_exprs) match = match && requirement_holds(req, *ns_labels);
  if (match) return {Verdict::kAllowed, "has a selector that namespace " + ns + "'s labels match"};
  return {Verdict::kDenied, why + " and a selector that namespace " + ns + "'s labels do not match"};
}

}  // namespace

void check_cluster_namespace_allowed(const CheckContext& ctx, CheckRun& run) {
  const auto clusters = capz_clusters(ctx.store);
  const auto identities = objects_of(ctx.store, "AzureClusterIdentity", kCapzGroup);
  if (clusters.empty() || identities.empty()) {
    run.needs.push_back("kubectl get azureclusteridentities,azureclusters,azuremanagedcontrolplanes -A -o yaml > capz-objects.yaml");
    return;
  }
  for (const KubeObject* cluster : clusters) {
    IdentityRef ref = identity_ref_of(*cluster);
    if (!ref.present || (!ref.kind.empty() && ref.kind != "AzureClusterIdentity")) continue;
    const KubeObject* aci =
        find_object(ctx.store, "AzureClusterIdentity", ref.namespace_, ref.name, kCapzGroup);
    if (!aci) continue;  // an unresolved reference is cluster_identity_ref's finding

    const std::string ns = cluster->namespace_.empty() ? "default" : cluster->namespace_;
    std::map<std::string, std::string> labels;
    bool have_labels = false;
    if (const KubeObject* n = find_object(ctx.store, "Namespace", "", ns)) {
      labels = string_map_at(n->body, {"metadata", "labels"});
      labels["kubernetes.io/metadata.name"] = ns;  // the API server sets it on every namespace
      have_labels = true;
    }
    const nlohmann::json* allowed = json_at(aci->body, {"spec", "allowedNamespaces"});
    Decision d = decide(allowed, ns, have_labels ? &labels : nullptr);

    const FindingStatus status = d.verdict == Verdict::kAllowed  ? FindingStatus::kPass
                                 : d.verdict == Verdict::kDenied ? FindingStatus::kFail
                                                                 : FindingStatus::kUnknown;
    auto& r = run.add(kRule, status, object_subject(*cluster));
    r.values = {{"identity_name", aci->name},
                {"identity_namespace", aci->namespace_},
                {"cluster_namespace", ns},
                {"cluster", cluster->name}};
    r.key_values = {{"identity", aci->namespace_ + "/" + aci->name}, {"namespace", ns}};
    r.detail = cluster->kind + " " + ns + "/" + cluster->name + " uses AzureClusterIdentity " +
               aci->namespace_ + "/" + aci->name + ", whose spec.allowedNamespaces " + d.why +
               (d.verdict == Verdict::kAllowed ? "."
                : d.verdict == Verdict::kDenied
                    ? ": CAPZ refuses the identity for namespace " + ns + "."
                    : "; the labels of namespace " + ns + " were not collected.");
    r.evidence.push_back(field_evidence(*aci, "/spec/allowedNamespaces",
                                        allowed ? allowed->dump() : "(absent)",
                                        "admits namespace " + ns,
                                        d.verdict == Verdict::kDenied ? "other" : ""));
    r.evidence.push_back(field_evidence(*cluster, "/metadata/namespace", ns));
    if (status == FindingStatus::kUnknown)
      r.needs.push_back("kubectl get namespace " + ns + " -o yaml > namespace-" + ns + ".yaml");
  }
}

const CheckDef kClusterNamespaceAllowedCheck{
    "cluster_namespace_allowed",
    "C13",
    {"CAPZ_IDENTITY_NAMESPACE_NOT_ALLOWED"},
    {},
    {"cluster", "cluster_namespace", "identity_name", "identity_namespace"},
    check_cluster_namespace_allowed,
};

}  // namespace wid
