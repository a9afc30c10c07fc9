#include "collectors/parse/parse_apiserver.h"

#include "analyzer/model/json_path.h"
#include "analyzer/model/text.h"
#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

using Json = nlohmann::json;

std::vector<std::string> split_words(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != '\t' && s[i] != '\n') ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

std::string basename_of(std::string_view p) {
  size_t slash = p.rfind('/');
  return std::string(slash == std::string_view::npos ? p : p.substr(slash + 1));
}

bool names_apiserver(const Json& container) {
  if (string_at(container, {"name"}) == "kube-apiserver") return true;
  // argv[0], or a word of an `sh -c "..."` script, names the binary.
  auto it = container.find("command");
  if (it == container.end() || !it->is_array()) return false;
  for (const auto& t : *it) {
    if (!t.is_string()) continue;
    const std::string s = t.get<std::string>();
    if (starts_with(s, "--")) break;  // flags start: the binary name was before them
    for (const auto& w : split_words(s)) {
      if (basename_of(w) == "kube-apiserver") return true;
    }
  }
  return false;
}

// Sets source.line from the first --service-account-issuer token when the document has lines.
uint64_t line_of_issuer(const ObjectLocation& at, const std::string& base_pointer,
                        const Json& list) {
  if (at.doc == nullptr) return 0;
  if (list.is_array()) {
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string t = scalar_at(list[i], {});
      if (t.find("service-account-issuer") != std::string::npos ||
          string_at(list[i], {"name"}) == "service-account-issuer") {
        return at.doc->line_of(base_pointer + "/" + std::to_string(i));
      }
    }
  } else if (list.is_object() && list.contains("service-account-issuer")) {
    return at.doc->line_of(base_pointer + "/service-account-issuer");
  }
  return at.doc->line_of(base_pointer);
}

// extraArgs: a map (CAPI v1beta1, kubeadm v1beta3) or a list of {name, value} (CAPI v1beta2,
// kubeadm v1beta4, where a name may repeat).
void read_extra_args(const Json& extra, std::map<std::string, std::vector<std::string>>& flags) {
  if (extra.is_object()) {
    for (const auto& [k, v] : extra.items()) flags[k].push_back(scalar_at(v, {}));
  } else if (extra.is_array()) {
    for (const auto& e : extra) {
      if (!e.is_object() || !e.contains("name")) continue;
      std::string name = scalar_at(e["name"], {});
      if (name.empty()) continue;
      flags[name].push_back(e.contains("value") ? scalar_at(e["value"], {}) : "");
    }
  }
}

ApiServerConfig from_cluster_configuration(const Json& cc, const ObjectLocation& at,
                                           const std::string& cc_pointer, const char* origin) {
  ApiServerConfig cfg;
  cfg.origin = origin;
  cfg.source.path = at.path;
  const std::string extra_ptr = cc_pointer + "/apiServer/extraArgs";
  cfg.source.pointer = extra_ptr;
  if (const Json* extra = json_at(cc, {"apiServer", "extraArgs"})) {
    read_extra_args(*extra, cfg.flags);
    cfg.source.line = line_of_issuer(at, extra_ptr, *extra);
  } else if (at.doc != nullptr) {
    cfg.source.line = at.doc->line_of(cc_pointer);
  }
  fill_known_flags(cfg);
  return cfg;
}

}  // namespace

void parse_flag_tokens(const std::vector<std::string>& tokens, ApiServerConfig& cfg) {
  std::vector<std::string> words;
  for (const auto& t : tokens) {
    if (t.find(' ') != std::string::npos && t.find("--") != std::string::npos &&
        !starts_with(t, "--")) {
      for (auto& w : split_words(t)) words.push_back(std::move(w));  // sh -c "kube-apiserver --a=b"
    } else {
      words.push_back(t);
    }
  }
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (!starts_with(w, "--") || w.size() == 2) continue;
    std::string body = w.substr(2);
    size_t eq = body.find('=');
    if (eq != std::string::npos) {
      cfg.flags[body.substr(0, eq)].push_back(body.substr(eq + 1));
    } else if (i + 1 < words.size() && !starts_with(words[i + 1], "--")) {
      cfg.flags[body].push_back(words[i + 1]);
      ++i;
    } else {
      cfg.flags[body].push_back("");
    }
  }
}

void fill_known_flags(ApiServerConfig& cfg) {
  auto values = [&](const char* name) -> const std::vector<std::string>* {
    auto it = cfg.flags.find(name);
    return it == cfg.flags.end() ? nullptr : &it->second;
  };
  cfg.issuers.clear();
  cfg.key_files.clear();
  cfg.api_audiences.clear();
  if (auto v = values("service-account-issuer")) cfg.issuers = *v;
  if (auto v = values("service-account-key-file")) cfg.key_files = *v;
  if (auto v = values("service-account-signing-key-file"); v && !v->empty())
    cfg.signing_key_file = v->back();
  if (auto v = values("service-account-jwks-uri"); v && !v->empty()) cfg.jwks_uri = v->back();
  if (auto v = values("api-audiences")) {
    for (const auto& s : *v) {
      size_t start = 0;
      while (start <= s.size()) {
        size_t comma = s.find(',', start);
        std::string part =
            s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!part.empty()) cfg.api_audiences.push_back(part);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
  }
}

bool is_apiserver_pod(const Json& obj) {
  if (string_at(obj, {"kind"}) != "Pod") return false;
  const Json* containers = json_at(obj, {"spec", "containers"});
  if (containers == nullptr || !containers->is_array()) return false;
  for (const auto& c : *containers)
    if (c.is_object() && names_apiserver(c)) return true;
  return false;
}

bool is_kubeadm_control_plane(const Json& obj) {
  const std::string kind = string_at(obj, {"kind"});
  return starts_with(string_at(obj, {"apiVersion"}), "controlplane.cluster.x-k8s.io/") &&
         (kind == "KubeadmControlPlane" || kind == "KubeadmControlPlaneTemplate");
}

std::optional<ApiServerConfig> apiserver_from_pod(const Json& pod, const ObjectLocation& at) {
  const Json* containers = json_at(pod, {"spec", "containers"});
  if (containers == nullptr || !containers->is_array()) return std::nullopt;
  for (size_t i = 0; i < containers->size(); ++i) {
    const Json& c = (*containers)[i];
    if (!c.is_object() || !names_apiserver(c)) continue;
    ApiServerConfig cfg;
    // A pod read back from the API server has a uid and a status; a static pod manifest has
    // neither (kubeadm writes an empty `status: {}`).
    const Json* uid = json_at(pod, {"metadata", "uid"});
    const Json* status = json_at(pod, {"status"});
    const bool has_status = status != nullptr && status->is_object() && !status->empty();
    cfg.origin = (uid != nullptr || has_status) ? "pod" : "static-pod";
    const std::string cptr = at.pointer + "/spec/containers/" + std::to_string(i);
    cfg.source.path = at.path;
    cfg.source.pointer = cptr;
    std::vector<std::string> tokens;
    std::string issuer_ptr;
    const Json* issuer_list = nullptr;
    for (const char* field : {"command", "args"}) {
      auto it = c.find(field);
      if (it == c.end() || !it->is_array()) continue;
      for (const auto& t : *it) tokens.push_back(scalar_at(t, {}));
      if (issuer_list == nullptr) {
        for (const auto& t : *it) {
          if (scalar_at(t, {}).find("service-account-issuer") != std::string::npos) {
            issuer_list = &*it;
            issuer_ptr = cptr + "/" + field;
            break;
          }
        }
      }
    }
    parse_flag_tokens(tokens, cfg);
    fill_known_flags(cfg);
    cfg.source.line = issuer_list != nullptr ? line_of_issuer(at, issuer_ptr, *issuer_list)
                                             : (at.doc ? at.doc->line_of(cptr) : 0);
    return cfg;
  }
  return std::nullopt;
}

std::optional<ApiServerConfig> apiserver_from_kubeadm_control_plane(const Json& kcp,
                                                                    const ObjectLocation& at) {
  if (!is_kubeadm_control_plane(kcp)) return std::nullopt;
  const bool is_template = string_at(kcp, {"kind"}) == "KubeadmControlPlaneTemplate";
  const Json* spec =
      is_template ? json_at(kcp, {"spec", "template", "spec"}) : json_at(kcp, {"spec"});
  const std::string spec_ptr = at.pointer + (is_template ? "/spec/template/spec" : "/spec");
  static const Json kEmpty = Json::object();
  const Json* cc = spec ? json_at(*spec, {"kubeadmConfigSpec", "clusterConfiguration"}) : nullptr;
  return from_cluster_configuration(cc ? *cc : kEmpty, at,
                                    spec_ptr + "/kubeadmConfigSpec/clusterConfiguration",
                                    "kubeadm-control-plane");
}

ApiServerConfig apiserver_from_cluster_configuration(const Json& cc, const ObjectLocation& at) {
  return from_cluster_configuration(cc, at, at.pointer, "kubeadm-cluster-configuration");
}

ApiServerConfig apiserver_from_kind_config(const Json& kind_config, const ObjectLocation& at,
                                           std::string& notes) {
  ApiServerConfig cfg;
  cfg.origin = "kind-config";
  cfg.source.path = at.path;
  cfg.source.pointer = at.pointer;
  cfg.source.line = at.doc ? at.doc->line_of(at.pointer) : 0;
  bool have_issuer_line = false;

  // Patches in the order kind applies them: cluster-wide first, then each node's.
  std::vector<std::pair<const Json*, std::string>> patch_lists;
  if (auto it = kind_config.find("kubeadmConfigPatches"); it != kind_config.end())
    patch_lists.emplace_back(&*it, at.pointer + "/kubeadmConfigPatches");
  if (auto nodes = kind_config.find("nodes"); nodes != kind_config.end() && nodes->is_array()) {
    for (size_t i = 0; i < nodes->size(); ++i) {
      const Json& n = (*nodes)[i];
      if (!n.is_object()) continue;
      // Only control-plane nodes run kube-apiserver; a node without a role is a control plane.
      const std::string role = string_at(n, {"role"});
      if (!role.empty() && role != "control-plane") continue;
      if (auto it = n.find("kubeadmConfigPatches"); it != n.end())
        patch_lists.emplace_back(
            &*it, at.pointer + "/nodes/" + std::to_string(i) + "/kubeadmConfigPatches");
    }
  }
  for (const auto& [list, list_ptr] : patch_lists) {
    if (!list->is_array()) continue;
    for (size_t i = 0; i < list->size(); ++i) {
      const Json& patch = (*list)[i];
      if (!patch.is_string()) continue;
      const std::string patch_ptr = list_ptr + "/" + std::to_string(i);
      auto parsed = load_yaml(patch.get<std::string>());
      if (!parsed) {
        if (!notes.empty()) notes += "; ";
        notes += "kubeadmConfigPatches entry at " + patch_ptr +
                 " does not parse: " + parsed.error().message;
        continue;
      }
      for (const auto& d : parsed->documents) {
        if (string_at(d.value, {"kind"}) != "ClusterConfiguration") continue;
        const Json* extra = json_at(d.value, {"apiServer", "extraArgs"});
        if (extra == nullptr) continue;
        std::map<std::string, std::vector<std::string>> patch_flags;
        read_extra_args(*extra, patch_flags);
        for (auto& [k, v] : patch_flags) cfg.flags[k] = std::move(v);
        if (!have_issuer_line && patch_flags.count("service-account-issuer") != 0 && at.doc) {
          // A block scalar's text starts on the line after its `|` indicator.
          ObjectLocation inner{&d, at.path, ""};
          uint64_t in = line_of_issuer(inner, "/apiServer/extraArgs", *extra);
          cfg.source.line = at.doc->line_of(patch_ptr) + (in > 0 ? in : 1);
          cfg.source.pointer = patch_ptr;
          have_issuer_line = true;
        }
      }
    }
  }
  fill_known_flags(cfg);
  return cfg;
}

}  // namespace wid
