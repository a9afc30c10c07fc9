// An AzureCluster's (or AzureManagedControlPlane's) spec.identityRef resolves to an
// AzureClusterIdentity in the bundle. CAPZ requires the reference, requires kind
// AzureClusterIdentity, and defaults an empty namespace to the cluster's own; an unresolved
// reference fails every reconcile with "failed to init credentials provider".
#include "rules/checks/checks.h"
#include "rules/checks/kube_records.h"

namespace wid {

namespace {

constexpr const char* kRule = "CAPZ_IDENTITY_REF_INVALID";
constexpr const char* kNeedIdentities =
    "kubectl get azureclusteridentities -A -o yaml > azureclusteridentities.yaml";

// The existing identity a dangling reference most likely meant: same name elsewhere, or a name
// differing only cosmetically in the same namespace.
const AzureClusterIdentity* closest(const std::vector<const AzureClusterIdentity*>& identities,
                                    const CapzCluster& ref, Difference* difference) {
  for (const AzureClusterIdentity* i : identities)
    if (i->object.name == ref.identity_name) {
      *difference = Difference::kOther;  // right name, wrong namespace
      return i;
    }
  for (const AzureClusterIdentity* i : identities) {
    Difference d = classify_difference(ref.identity_name, i->object.name);
    if (i->object.namespace_ == ref.identity_namespace && d != Difference::kOther &&
        d != Difference::kKubeadmDefault) {
      *difference = d;
      return i;
    }
  }
  return nullptr;
}

}  // namespace

void check_cluster_identity_ref(const CheckContext& ctx, CheckRun& run) {
  const std::vector<CapzCluster>& clusters = ctx.store.capz_clusters;
  if (clusters.empty()) {
    run.needs.push_back(
        "kubectl get azureclusters,azuremanagedcontrolplanes -A -o yaml > capz-clusters.yaml");
    return;
  }
  const auto identities = capz_cluster_identities(ctx.store);
  for (const CapzCluster& ref : clusters) {
    const KubeMeta& cluster = ref.object;
    const std::string subject = object_subject(cluster);
    auto add = [&](FindingStatus status, std::string detail) -> CheckResult& {
      auto& r = run.add(kRule, status, subject);
      r.values = {{"identity_name", ref.identity_name},
                  {"identity_namespace", ref.identity_namespace}};
      r.detail = std::move(detail);
      return r;
    };
    const std::string what = cluster.kind + " " + cluster.namespace_ + "/" + cluster.name;

    if (!ref.has_identity_ref || ref.identity_name.empty()) {
      auto& r = add(FindingStatus::kFail, what + " has no spec.identityRef" +
                                              (ref.has_identity_ref ? " name" : "") +
                                              ": identityRef is required.");
      r.evidence.push_back(field_evidence(cluster, "/spec/identityRef", "(absent)",
                                          "{kind: AzureClusterIdentity, name: <IDENTITY_NAME>}",
                                          Difference::kOther));
      continue;
    }
    if (ref.identity_kind != "AzureClusterIdentity") {
      auto& r = add(FindingStatus::kFail, what + " spec.identityRef has kind " +
                                              shown(ref.identity_kind) +
                                              "; CAPZ only accepts AzureClusterIdentity.");
      r.evidence.push_back(field_evidence(
          cluster, "/spec/identityRef/kind",
          ref.identity_kind.empty() ? "(absent)" : ref.identity_kind, "AzureClusterIdentity",
          classify_difference(ref.identity_kind, "AzureClusterIdentity")));
      continue;
    }
    if (identities.empty()) {
      auto& r = add(FindingStatus::kUnknown,
                    what + " references AzureClusterIdentity " + ref.identity_namespace + "/" +
                        ref.identity_name +
                        ", and no AzureClusterIdentity objects were collected to resolve it.");
      r.needs.push_back(kNeedIdentities);
      r.evidence.push_back(field_evidence(cluster, "/spec/identityRef",
                                          ref.identity_namespace + "/" + ref.identity_name));
      continue;
    }
    const AzureClusterIdentity* aci =
        find_capz_cluster_identity(ctx.store, ref.identity_namespace, ref.identity_name);
    if (aci) {
      auto& r = add(FindingStatus::kPass, what + " references AzureClusterIdentity " +
                                              ref.identity_namespace + "/" + ref.identity_name +
                                              ", which exists.");
      r.evidence.push_back(field_evidence(cluster, "/spec/identityRef",
                                          ref.identity_namespace + "/" + ref.identity_name,
                                          aci->object.namespace_ + "/" + aci->object.name));
      continue;
    }
    Difference diff = Difference::kOther;
    const AzureClusterIdentity* near = closest(identities, ref, &diff);
    std::string existing;
    for (const AzureClusterIdentity* i : identities)
      existing += (existing.empty() ? "" : ", ") + i->object.namespace_ + "/" + i->object.name;
    auto& r =
        add(FindingStatus::kFail,
            what + " references AzureClusterIdentity " + ref.identity_namespace + "/" +
                ref.identity_name + ", which does not exist; the bundle has " + existing +
                (near ? " (did it mean " + near->object.namespace_ + "/" + near->object.name + "?)"
                      : "") +
                ".");
    r.evidence.push_back(field_evidence(
        cluster, "/spec/identityRef", ref.identity_namespace + "/" + ref.identity_name,
        near ? near->object.namespace_ + "/" + near->object.name : existing, diff));
    if (near)
      r.evidence.push_back(field_evidence(near->object, "/metadata",
                                          near->object.namespace_ + "/" + near->object.name));
  }
}

const CheckDef kClusterIdentityRefCheck{
    "cluster_identity_ref",
    {"CAPZ_IDENTITY_REF_INVALID"},
    {},
    {"identity_name", "identity_namespace"},
    check_cluster_identity_ref,
};

}  // namespace wid
