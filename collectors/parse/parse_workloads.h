// Workloads from Kubernetes objects: a Pod, or an object with a pod template (Deployment,
// StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), read into one Workload record so checks ask
// "which pods use workload identity, with which service account and env" without walking JSON.
#pragma once

#include <optional>

#include "analyzer/model/evidence.h"

namespace wid {

// The identity of an object as typed records keep it; `order` is its index in store.objects.
KubeMeta kube_meta(const KubeObject& o, size_t order);

// The JSON pointer of the pod template of a workload kind of its API group ("" for a Pod);
// nullopt for any other object.
std::optional<std::string> pod_template_pointer(const KubeObject& o);

// The Workload an object describes; nullopt when it is not a workload kind of its API group
// (v1 Pod; apps/* Deployment, StatefulSet, DaemonSet, ReplicaSet; batch/* Job, CronJob).
std::optional<Workload> parse_workload(const KubeObject& o, size_t order);

}  // namespace wid
