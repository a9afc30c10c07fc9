// Reading Kubernetes objects for the CAPZ and webhook checks: fields by path, objects by kind,
// subjects as kind/namespace/name, and evidence items that point at a field of an object.
#pragma once

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/checks/compare.h"

namespace wid::k8s {

// The field at `path` (object keys), or nullptr when any step is missing or not an object.
const nlohmann::json* json_at(const nlohmann::json& j, std::initializer_list<std::string_view> path);
// The string at `path`, "" when absent or not a string.
std::string string_at(const nlohmann::json& j, std::initializer_list<std::string_view> path);
// metadata.labels / metadata.annotations of `meta_owner` (an object or a pod template) as strings.
std::map<std::string, std::string> string_map_at(const nlohmann::json& j,
                                                 std::initializer_list<std::string_view> path);

// CAPZ's API group: AzureCluster and friends of other providers (or CRD copies) do not count.
constexpr std::string_view kCapzGroup = "infrastructure.cluster.x-k8s.io";
bool in_group(const KubeObject& o, std::string_view group);

// Objects of `kind`, optionally only of API group `group`, in bundle order.
std::vector<const KubeObject*> objects_of(const EvidenceStore& store, std::string_view kind,
                                          std::string_view group = "");
const KubeObject* find_object(const EvidenceStore& store, std::string_view kind,
                              std::string_view ns, std::string_view name,
                              std::string_view group = "");

// Kind/namespace/name (Kind/name for cluster-scoped objects).
std::string object_subject(const KubeObject& o);

// Evidence at a field of an object: the object's source, locator "<where> <field pointer>".
EvidenceItem field_evidence(const KubeObject& o, std::string_view field, std::string observed,
                            std::string expected = "", std::string difference = "");

// True when a log finding of one of `rule_ids` failed: a symptom pointing at a check.
bool symptom_present(const CheckContext& ctx, const std::vector<std::string_view>& rule_ids);

// Quotes for the prose of details: a value, or "(absent)".
std::string shown(std::string_view v);


// The CAPZ objects that reference an AzureClusterIdentity through spec.identityRef.
std::vector<const KubeObject*> capz_clusters(const EvidenceStore& store);

struct IdentityRef {
  bool present = false;  // spec.identityRef set at all
  std::string kind;
  std::string name;
  std::string namespace_;  // defaulted to the cluster's namespace, as CAPZ does
};
IdentityRef identity_ref_of(const KubeObject& cluster);

}  // namespace wid::k8s
