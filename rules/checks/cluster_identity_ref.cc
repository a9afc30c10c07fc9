// C14: an AzureCluster's (or AzureManagedControlPlane's) spec.identityRef resolves to an
// AzureClusterIdentity in the bundle. CAPZ requires the reference, requires kind
// AzureClusterIdentity, and defaults an empty namespace to the cluster's own; an unresolved
// reference fails every reconcile with "failed to init credentials provider".
#include "rules/checks/k8s_util.h"
#include "rules/checks/checks.h"

namespace wid {

using namespace k8s;  // NOLINT: this check reads Kubernetes objects throughout
namespace {

constexpr const char* kRule = "CAPZ_IDENTITY_REF_INVALID";
constexpr const char* kNeedIdentities =
    "kubectl get azureclusteridentities -A -o yaml > azureclusteridentities.yaml";

// The existing identity a dangling reference most likely meant: same name elsewhere, or a name
// differing only cosmetically in the same namespace.
const KubeObject* closest(const std::vector<const KubeObject*>& identities, const IdentityRef& ref,
                          std::string* difference) {
  for (const KubeObject* i : identities)
    if (i->name == ref.name) {
      *difference = "other";  // right name, wrong namespace
      return i;
    }
  for (const KubeObject* i : identities) {
    std::string d = classify_difference(ref.name, i->name);
    if (i->namespace_ == ref.namespace_ && d != "other" && d != "kubeadm_default") {
      *difference = d;
      return i;
    }
  }
  return nullptr;
}

}  // namespace

void check_cluster_identity_ref(const CheckContext& ctx, CheckRun& run) {
  const auto clusters = capz_clusters(ctx.store);
  if (clusters.empty()) {
    run.needs.push_back("kubectl get azureclusters,azuremanagedcontrolplanes -A -o yaml > capz-clusters.yaml");
    return;
  }
  const auto identities = objects_of(ctx.store, "AzureClusterIdentity", kCapzGroup);
  for (const KubeObject* cluster : clusters) {
    const std::string subject = object_subject(*cluster);
    IdentityRef ref = identity_ref_of(*cluster);
    auto add = [&](FindingStatus status, std::string detail) -> CheckResult& {
      auto& r = run.add(kRule, status, subject);
      r.values = {{"identity_name", ref.name}, {"identity_namespace", ref.namespace_}};
      r.detail = std::move(detail);
      return r;
    };
    const std::string what = cluster->kind + " " + cluster->namespace_ + "/" + cluster->name;

    if (!ref.present || ref.name.empty()) {
      auto& r = add(FindingStatus::kFail, what + " has no spec.identityRef" +
                                              (ref.present ? " name" : "") +
                                              ": identityRef is required.");
      r.evidence.push_back(field_evidence(*cluster, "/spec/identityRef", "(absent)",
                                          "{kind: AzureClusterIdentity, name: <IDENTITY_NAME>}",
                                          "other"));
      continue;
    }
    if (ref.kind != "AzureClusterIdentity") {
      auto& r = add(FindingStatus::kFail, what + " spec.identityRef has kind " + shown(ref.kind) +
                                              "; CAPZ only accepts AzureClusterIdentity.");
      r.evidence.push_back(field_evidence(*cluster, "/spec/identityRef/kind",
                                          ref.kind.empty() ? "(absent)" : ref.kind,
                                          "AzureClusterIdentity",
                                          classify_difference(ref.kind, "AzureClusterIdentity")));
      continue;
    }
    if (identities.empty()) {
      auto& r = add(FindingStatus::kUnknown,
                    what + " references AzureClusterIdentity " + ref.namespace_ + "/" + ref.name +
                        ", and no AzureClusterIdentity objects were collected to resolve it.");
      r.needs.push_back(kNeedIdentities);
      r.evidence.push_back(field_evidence(*cluster, "/spec/identityRef",
                                          ref.namespace_ + "/" + ref.name));
      continue;
    }
    const KubeObject* aci =
        find_object(ctx.store, "AzureClusterIdentity", ref.namespace_, ref.name, kCapzGroup);
    if (aci) {
      auto& r = add(FindingStatus::kPass, what + " references AzureClusterIdentity " +
                                              ref.namespace_ + "/" + ref.name + ", which exists.");
      r.evidence.push_back(field_evidence(*cluster, "/spec/identityRef",
                                          ref.namespace_ + "/" + ref.name,
                                          aci->namespace_ + "/" + aci->name));
      continue;
    }
    std::string diff = "other";
    const KubeObject* near = closest(identities, ref, &diff);
    std::string existing;
    for (const KubeObject* i : identities)
      existing += (existing.empty() ? "" : ", ") + i->namespace_ + "/" + i->name;
    auto& r = add(FindingStatus::kFail,
                  what + " references AzureClusterIdentity " + ref.namespace_ + "/" + ref.name +
                      ", which does not exist; the bundle has " + existing +
                      (near ? " (did it mean " + near->namespace_ + "/" + near->name + "?)" : "") +
                      ".");
    r.evidence.push_back(field_evidence(*cluster, "/spec/identityRef",
                                        ref.namespace_ + "/" + ref.name,
                                        near ? near->namespace_ + "/" + near->name : existing,
                                        diff));
    if (near) r.evidence.push_back(field_evidence(*near, "/metadata", near->namespace_ + "/" + near->name));
  }
}

const CheckDef kClusterIdentityRefCheck{
    "cluster_identity_ref",
    "C14",
    {"CAPZ_IDENTITY_REF_INVALID"},
    {},
    {"identity_name", "identity_namespace"},
    check_cluster_identity_ref,
};

}  // namespace wid
