// The AzureClusterIdentity a cluster references admits the cluster's namespace. CAPZ's
// IsClusterNamespaceAllowed reads spec.allowedNamespaces with non-obvious semantics: absent (nil)
// allows no namespace, `{}` allows all, `{list: []}` allows none (it is not DeepEqual to `{}`),
// list and selector are alternatives, and a nil or empty selector matches nothing. A mismatch
// leaves NetworkInfrastructureReady false with reason NamespaceNotAllowedByIdentity.
#include <algorithm>

#include "rules/checks/checks.h"
#include "rules/checks/kube_records.h"

namespace wid {

namespace {

constexpr const char* kRule = "CAPZ_IDENTITY_NAMESPACE_NOT_ALLOWED";

enum class Verdict { kAllowed, kDenied, kUnknown };

struct Decision {
  Verdict verdict;
  std::string why;  // completes "allowedNamespaces ..." in the detail
};

// One metav1.LabelSelectorRequirement against the namespace's labels.
bool requirement_holds(const LabelRequirement& req,
                       const std::map<std::string, std::string>& labels) {
  auto it = labels.find(req.key);
  bool in = it != labels.end() &&
            std::find(req.values.begin(), req.values.end(), it->second) != req.values.end();
  if (req.op == "In") return in;
  if (req.op == "NotIn") return !in;
  if (req.op == "Exists") return it != labels.end();
  if (req.op == "DoesNotExist") return it == labels.end();
  return false;  // an unknown operator fails LabelSelectorAsSelector: CAPZ allows nothing
}

Decision decide(const AllowedNamespaces& allowed, const std::string& ns,
                const std::map<std::string, std::string>* ns_labels) {
  if (allowed.json.empty() || allowed.json == "null")
    return {Verdict::kDenied, "is absent, which allows no namespace"};
  if (!allowed.is_object) return {Verdict::kDenied, "is not an object"};
  if (!allowed.has_list && !allowed.has_selector)
    return {Verdict::kAllowed, "is {}, which allows every namespace"};

  std::string listed;
  for (const std::string& x : allowed.list) {
    if (x == ns) return {Verdict::kAllowed, "lists " + ns};
    listed += (listed.empty() ? "" : ", ") + x;
  }
  std::string why = allowed.has_list
                        ? (listed.empty() ? "has an empty list, which allows no namespace"
                                          : "lists only [" + listed + "]")
                        : "has no list";
  if (!allowed.has_selector) return {Verdict::kDenied, why};

  const bool empty_labels = allowed.match_labels.empty() && !allowed.match_labels_not_strings;
  const bool empty_exprs = allowed.match_expressions.empty();
  if (empty_labels && empty_exprs)
    return {Verdict::kDenied, why + " and an empty selector, which matches nothing"};
  if (!ns_labels) return {Verdict::kUnknown, why + " and a selector"};

  bool match = !allowed.match_labels_not_strings;
  for (auto& [k, v] : allowed.match_labels) {
    auto it = ns_labels->find(k);
    if (it == ns_labels->end() || it->second != v) match = false;
  }
  for (const LabelRequirement& req : allowed.match_expressions)
    match = match && requirement_holds(req, *ns_labels);
  if (match) return {Verdict::kAllowed, "has a selector that namespace " + ns + "'s labels match"};
  return {Verdict::kDenied,
          why + " and a selector that namespace " + ns + "'s labels do not match"};
}

}  // namespace

void check_cluster_namespace_allowed(const CheckContext& ctx, CheckRun& run) {
  const std::vector<CapzCluster>& clusters = ctx.store.capz_clusters;
  const auto identities = capz_cluster_identities(ctx.store);
  if (clusters.empty() || identities.empty()) {
    run.needs.push_back(
        "kubectl get azureclusteridentities,azureclusters,azuremanagedcontrolplanes -A -o yaml > "
        "capz-objects.yaml");
    return;
  }
  for (const CapzCluster& ref : clusters) {
    if (!ref.has_identity_ref ||
        (!ref.identity_kind.empty() && ref.identity_kind != "AzureClusterIdentity"))
      continue;
    const AzureClusterIdentity* identity =
        find_capz_cluster_identity(ctx.store, ref.identity_namespace, ref.identity_name);
    if (!identity) continue;  // an unresolved reference is cluster_identity_ref's finding
    const KubeMeta* cluster = &ref.object;
    const KubeMeta* aci = &identity->object;

    const std::string ns = cluster->namespace_.empty() ? "default" : cluster->namespace_;
    std::map<std::string, std::string> labels;
    bool have_labels = false;
    if (const KubeNamespace* n = find_namespace(ctx.store, ns)) {
      labels = n->labels;
      labels["kubernetes.io/metadata.name"] = ns;  // the API server sets it on every namespace
      have_labels = true;
    }
    const AllowedNamespaces& allowed = identity->allowed_namespaces;
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
    r.evidence.push_back(
        field_evidence(*aci, "/spec/allowedNamespaces",
                       allowed.json.empty() ? "(absent)" : allowed.json, "admits namespace " + ns,
                       d.verdict == Verdict::kDenied ? Difference::kOther : Difference::kNone));
    r.evidence.push_back(field_evidence(*cluster, "/metadata/namespace", ns));
    if (status == FindingStatus::kUnknown)
      r.needs.push_back("kubectl get namespace " + ns + " -o yaml > namespace-" + ns + ".yaml");
  }
}

const CheckDef kClusterNamespaceAllowedCheck{
    "cluster_namespace_allowed",
    {"CAPZ_IDENTITY_NAMESPACE_NOT_ALLOWED"},
    {},
    {"cluster", "cluster_namespace", "identity_name", "identity_namespace"},
    check_cluster_namespace_allowed,
};

}  // namespace wid
