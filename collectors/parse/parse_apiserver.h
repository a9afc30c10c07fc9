// kube-apiserver flags from every place users keep them: a static pod manifest or a pod object
// (command + args), a kind cluster config (kubeadmConfigPatches, top level and per node), a
// kubeadm ClusterConfiguration and a CAPI KubeadmControlPlane(Template) (extraArgs as a map in
// v1beta1/kubeadm v1beta3, as a list of {name, value} in v1beta2/kubeadm v1beta4). Flags are
// kept in order with their raw values: the first --service-account-issuer signs, all are
// accepted, and whitespace in a value is evidence, not noise.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"
#include "collectors/parse/structured_document.h"

namespace wid {

// Reads `--name=value` and `--name value` tokens (a token holding spaces, as in `sh -c "..."`,
// is split into words first) into cfg.flags, then fills the named fields from them.
void parse_flag_tokens(const std::vector<std::string>& tokens, ApiServerConfig& cfg);
// Fills issuers, key_files, signing_key_file, jwks_uri and api_audiences from cfg.flags.
void fill_known_flags(ApiServerConfig& cfg);

// Where a config came from inside a file.
struct ObjectLocation {
  const StructuredDocument* doc;
  std::string path;
  std::string pointer;  // of the object inside the document
};

// A Pod with a kube-apiserver container; nullopt for any other pod.
std::optional<ApiServerConfig> apiserver_from_pod(const nlohmann::json& pod,
                                                  const ObjectLocation& at);
// KubeadmControlPlane and KubeadmControlPlaneTemplate.
std::optional<ApiServerConfig> apiserver_from_kubeadm_control_plane(const nlohmann::json& kcp,
                                                                    const ObjectLocation& at);
// kubeadm.k8s.io ClusterConfiguration.
ApiServerConfig apiserver_from_cluster_configuration(const nlohmann::json& cc,
                                                     const ObjectLocation& at);
// kind.x-k8s.io Cluster: merges the ClusterConfiguration patches in order (a later patch's value
// for a flag replaces an earlier one, as kubeadm's merge does). Patches that do not parse are
// named in notes.
ApiServerConfig apiserver_from_kind_config(const nlohmann::json& kind_config,
                                           const ObjectLocation& at, std::string& notes);

bool is_apiserver_pod(const nlohmann::json& obj);
bool is_kubeadm_control_plane(const nlohmann::json& obj);

}  // namespace wid
