#include "collectors/kube/kube_collector.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <iterator>

#include "analyzer/model/json_path.h"
#include "analyzer/model/redact.h"
#include "collectors/kube/connection_record.h"
#include "collectors/kube/minted_token_check.h"
#include "collectors/live/task_pool.h"
#include "collectors/parse/parse_live_records.h"

namespace wid {
namespace {

using Json = nlohmann::json;

// The workload-identity webhook's annotation naming the identity a service account uses.
constexpr const char* kClientIdAnnotation = "azure.workload.identity/client-id";

struct Resource {
  std::string name;         // plural, as RBAC names it: pods, serviceaccounts
  std::string api_version;  // v1, apps/v1, ...
  std::string item_kind;    // Pod, ServiceAccount, ...
  bool namespaced = true;
  bool optional = false;  // a CRD that may not be installed: 404 is "skipped"

  std::string path(const std::string& ns) const {
    const std::string base = api_version == "v1" ? "/api/v1" : "/apis/" + api_version;
    return namespaced && !ns.empty() ? base + "/namespaces/" + ns + "/" + name : base + "/" + name;
  }
};

const Resource kPods{"pods", "v1", "Pod"};
const Resource kServiceAccounts{"serviceaccounts", "v1", "ServiceAccount"};
const Resource kDeployments{"deployments", "apps/v1", "Deployment"};
const Resource kWebhooks{"mutatingwebhookconfigurations", "admissionregistration.k8s.io/v1",
                         "MutatingWebhookConfiguration", false};
const Resource kClusterApiObjects[] = {
    {"azureclusteridentities", "infrastructure.cluster.x-k8s.io/v1beta1", "AzureClusterIdentity",
     true, true},
    {"azureclusters", "infrastructure.cluster.x-k8s.io/v1beta1", "AzureCluster", true, true},
    {"azuremachinetemplates", "infrastructure.cluster.x-k8s.io/v1beta1", "AzureMachineTemplate",
     true, true},
    {"azuremanagedcontrolplanes", "infrastructure.cluster.x-k8s.io/v1beta1",
     "AzureManagedControlPlane", true, true},
    // In a management cluster these describe the workload clusters' API servers: read for their
    // flags, never taken as the management cluster's issuer (that is the kube-apiserver pod's).
    {"kubeadmcontrolplanes", "controlplane.cluster.x-k8s.io/v1beta1", "KubeadmControlPlane", true,
     true},
};

std::string query_join(const std::string& path) {
  return path + (path.find('?') == std::string::npos ? "?" : "&");
}

// A literal env value whose name says it is a secret (AZURE_CLIENT_SECRET, *_PASSWORD) is
// removed here: the text redaction sees `"name": ..., "value": ...` pairs, not NAME=value.
bool secret_env_name(const std::string& name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.find("SECRET") != std::string::npos || upper.find("PASSWORD") != std::string::npos;
}

void scrub_env(Json& containers) {
  if (!containers.is_array()) return;
  for (Json& c : containers) {
    if (!c.is_object() || !c.contains("env") || !c["env"].is_array()) continue;
    for (Json& e : c["env"])
      if (e.is_object() && e.contains("value") && secret_env_name(e.value("name", "")))
        e["value"] = kRedactedMark;
  }
}

void scrub_workload(Json& item) {
  Json* spec = item.contains("spec") ? &item["spec"] : nullptr;
  if (spec && spec->contains("template") && (*spec)["template"].contains("spec"))
    spec = &(*spec)["template"]["spec"];
  if (spec == nullptr || !spec->is_object()) return;
  for (const char* key : {"containers", "initContainers"})
    if (spec->contains(key)) scrub_env((*spec)[key]);
}

// Every page of a list, as `kubectl get -o json` saves it: kind List, each item with its kind
// and apiVersion (the API leaves them out of list items), managedFields dropped as noise.
Result<Json> list_all(const KubeClient& client, const Resource& r, const std::string& path,
                      KubeFailure& failure) {
  Json items = Json::array();
  std::string cont;
  for (int page = 0; page < kube_limits::kMaxListPages; ++page) {
    std::string q = query_join(path) + "limit=" + std::to_string(kube_limits::kListPageSize);
    if (!cont.empty()) q += "&continue=" + url_escape(cont);
    auto body = client.get(q, &failure);
    if (!body) return body.error();
    Json j = Json::parse(*body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("items") || !j["items"].is_array()) {
      failure.error = "the answer to " + path + " is not a Kubernetes list";
      return make_error(ErrorCode::kParse, failure.error);
    }
    for (Json& item : j["items"]) {
      if (!item.is_object()) continue;
      item["kind"] = r.item_kind;
      item["apiVersion"] = r.api_version;
      if (item.contains("metadata") && item["metadata"].is_object())
        item["metadata"].erase("managedFields");
      scrub_workload(item);
      items.push_back(std::move(item));
    }
    cont = string_at(j, {"metadata", "continue"});
    if (cont.empty()) break;
  }
  return Json{{"apiVersion", "v1"}, {"kind", "List"}, {"items", std::move(items)}};
}

std::string rbac_needs(const std::string& verb, const std::string& resource,
                       const std::string& ns) {
  return "RBAC: " + verb + " " + resource +
         (ns.empty() ? " (cluster-wide)" : " in namespace " + ns) +
         "; check with: kubectl auth can-i " + verb + " " + resource +
         (ns.empty() ? " -A" : " -n " + ns);
}

// One collector's reads, which may span namespaces: failed when any read failed, with each error.
class ReadLog {
 public:
  explicit ReadLog(std::string name) : timer_(std::move(name)) {}
  void fail(const KubeFailure& f, const std::string& needs) {
    if (!error_.empty()) error_ += "; ";
    error_ += f.error;
    if (!needs.empty() && needs_.find(needs) == std::string::npos)
      needs_ += (needs_.empty() ? "" : "; ") + needs;
  }
  void skip(const std::string& why) { skipped_ = why; }
  // Takes in what a part of this collector's reads (one namespace, one stream) recorded.
  void absorb(const ReadLog& part) {
    if (!part.error_.empty()) error_ += (error_.empty() ? "" : "; ") + part.error_;
    if (!part.needs_.empty() && needs_.find(part.needs_) == std::string::npos)
      needs_ += (needs_.empty() ? "" : "; ") + part.needs_;
    if (skipped_.empty()) skipped_ = part.skipped_;
  }
  CollectorStatus finish() const {
    if (!error_.empty()) return timer_.finish(CollectorState::kFailed, error_, needs_);
    if (!skipped_.empty()) return timer_.finish(CollectorState::kSkipped, "", skipped_);
    return timer_.finish(CollectorState::kCollected);
  }

 private:
  CollectorTimer timer_;
  std::string error_, needs_, skipped_;
};

std::string needs_for(const KubeFailure& f, const std::string& verb, const std::string& resource,
                      const std::string& ns) {
  if (f.status == 403) return rbac_needs(verb, resource, ns);
  if (f.status == 401) return "credentials the API server accepts (kubeconfig user)";
  return "";
}

// Lists r in ns (or cluster-wide) and saves it; returns the list, or null when it failed.
Json list_and_save(const KubeClient& client, const Resource& r, const std::string& ns,
                   const std::string& query, const std::string& save_as, ReadLog& log,
                   LiveBundle& bundle) {
  KubeFailure failure;
  const std::string path = r.path(ns) + query;
  auto list = list_all(client, r, path, failure);
  if (!list) {
    if (r.optional && failure.not_found) {
      log.skip("the " + r.item_kind + " CRD (" + r.api_version + ") is not installed");
      return nullptr;
    }
    log.fail(failure, needs_for(failure, "list", r.name, r.namespaced ? ns : ""));
    return nullptr;
  }
  // An empty list is not saved: the collector's status says it was read, and an empty List
  // file would only be listed as an unrecognized input.
  if (!(*list)["items"].empty()) bundle.add(save_as, list->dump(2) + "\n", client.url(path));
  return *list;
}

Json containers_of(const Json& pod) {
  auto spec = pod.find("spec");
  if (spec == pod.end() || !spec->is_object()) return Json::array();
  Json c = spec->value("containers", Json::array());
  return c.is_array() ? c : Json::array();
}

// kube-apiserver flags: the first --service-account-issuer signs the cluster's tokens.
std::string issuer_from_apiserver(const Json& pods) {
  for (const Json& pod : pods["items"]) {
    for (const Json& c : containers_of(pod)) {
      std::vector<std::string> argv;
      for (const char* key : {"command", "args"}) {
        auto it = c.find(key);
        if (it == c.end() || !it->is_array()) continue;
        for (const Json& a : *it)
          if (a.is_string()) argv.push_back(a.get<std::string>());
      }
      for (size_t i = 0; i < argv.size(); ++i) {
        const std::string flag = "--service-account-issuer";
        if (argv[i].rfind(flag + "=", 0) == 0) return argv[i].substr(flag.size() + 1);
        if (argv[i] == flag && i + 1 < argv.size()) return argv[i + 1];
      }
    }
  }
  return "";
}

void read_apiserver_pods(const KubeClient& client, LiveBundle& part, Json& pods) {
  ReadLog log("kube:pods/kube-system");
  pods = list_and_save(client, kPods, "kube-system", "?labelSelector=component%3Dkube-apiserver",
                       "cluster/kube-apiserver.json", log, part);
  part.add_status(log.finish());
}

struct OidcDocument {
  const char* name;
  const char* path;
  const char* save_as;
};
const OidcDocument kDiscoveryDocument{"kube:oidc-discovery", "/.well-known/openid-configuration",
                                      "cluster/oidc/openid-configuration.json"};
const OidcDocument kJwksDocument{"kube:oidc-jwks", "/openid/v1/jwks", "cluster/oidc/jwks.json"};

// The API server's own discovery document or JWKS; body receives it as read ("" when it failed).
void read_oidc_document(const KubeClient& client, const OidcDocument& d, LiveBundle& part,
                        std::string& body) {
  ReadLog log(d.name);
  KubeFailure failure;
  if (auto got = client.get(d.path, &failure)) {
    part.add(d.save_as, *got, client.url(d.path));
    body = std::move(*got);
  } else {
    log.fail(failure, failure.status == 403
                          ? "RBAC: get on the non-resource URL " + std::string(d.path) +
                                " (the system:service-account-issuer-discovery ClusterRole)"
                          : needs_for(failure, "get", d.path, ""));
  }
  part.add_status(log.finish());
}

// Service accounts: those in the namespaces read and, in any namespace, those that carry the
// client-id annotation (their namespaces are then read too).
void read_service_accounts(const KubeClient& client, LiveBundle& bundle,
                           std::set<std::string>& namespaces,
                           std::set<std::pair<std::string, std::string>>& annotated) {
  ReadLog log("kube:serviceaccounts");
  KubeFailure failure;
  auto list = list_all(client, kServiceAccounts, kServiceAccounts.path(""), failure);
  if (!list) {
    log.fail(failure, needs_for(failure, "list", "serviceaccounts", ""));
    bundle.add_status(log.finish());
    return;
  }
  Json keep = Json::array();
  for (const Json& sa : (*list)["items"]) {
    const std::string ns = string_at(sa, {"metadata", "namespace"});
    const bool has_client_id =
        !string_at(sa, {"metadata", "annotations", kClientIdAnnotation}).empty();
    if (has_client_id) {
      namespaces.insert(ns);
      annotated.emplace(ns, string_at(sa, {"metadata", "name"}));
    }
    if (has_client_id || namespaces.count(ns)) keep.push_back(sa);
  }
  (*list)["items"] = keep;
  if (!keep.empty())
    bundle.add("cluster/objects/serviceaccounts/all.json", list->dump(2) + "\n",
               client.url(kServiceAccounts.path("")));
  bundle.add_status(log.finish());
}

Json strip_ca_bundles(Json list) {
  for (Json& w : list["items"]) {
    if (!w.contains("webhooks") || !w["webhooks"].is_array()) continue;
    for (Json& hook : w["webhooks"])
      if (hook.contains("clientConfig") && hook["clientConfig"].is_object())
        hook["clientConfig"].erase("caBundle");
  }
  return list;
}

struct LogStream {
  std::string ns, pod, container;
};

// The container log streams of the pods listed, in list order, at most kMaxLogStreams in all.
std::vector<LogStream> log_streams(const std::vector<Json>& pod_lists) {
  std::vector<LogStream> out;
  for (const Json& pods : pod_lists) {
    if (!pods.is_object()) continue;
    for (const Json& pod : pods["items"]) {
      const std::string ns = string_at(pod, {"metadata", "namespace"});
      const std::string name = string_at(pod, {"metadata", "name"});
      for (const Json& c : containers_of(pod)) {
        const std::string container = string_at(c, {"name"});
        if (container.empty() || out.size() >= kube_limits::kMaxLogStreams) continue;
        out.push_back({ns, name, container});
      }
    }
  }
  return out;
}

void read_log(const KubeClient& client, const KubeCollectOptions& o, const LogStream& s,
              LiveBundle& part, ReadLog& log) {
  std::string path = kPods.path(s.ns) + "/" + s.pod + "/log?container=" + url_escape(s.container) +
                     "&sinceSeconds=" + std::to_string(o.since_seconds);
  if (o.tail_lines) path += "&tailLines=" + std::to_string(*o.tail_lines);
  KubeFailure failure;
  auto body = client.get(path, &failure);
  if (body) {
    part.add("logs/" + s.ns + "/" + s.pod + "/" + s.container + ".log", *body, client.url(path));
  } else if (failure.status != 400) {  // 400: the container has not started; nothing to read
    log.fail(failure, needs_for(failure, "get", "pods/log", s.ns));
  }
}

void read_webhooks(const KubeClient& client, LiveBundle& part) {
  ReadLog log("kube:mutatingwebhookconfigurations");
  KubeFailure failure;
  auto list = list_all(client, kWebhooks, kWebhooks.path(""), failure);
  if (list && !(*list)["items"].empty()) {
    part.add("cluster/objects/mutatingwebhookconfigurations/all.json",
             strip_ca_bundles(std::move(*list)).dump(2) + "\n", client.url(kWebhooks.path("")));
  } else if (!list) {
    log.fail(failure, needs_for(failure, "list", kWebhooks.name, ""));
  }
  part.add_status(log.finish());
}

void read_cluster_api(const KubeClient& client, const Resource& r, LiveBundle& part) {
  ReadLog log("kube:" + r.name);
  (void)list_and_save(client, r, "", "", "cluster/objects/" + r.name + "/all.json", log, part);
  part.add_status(log.finish());
}

// ASO's global credential settings: which keys are set says how ASO authenticates; the values
// (a client secret among them) are never read into the bundle.
void read_aso_settings(const KubeClient& client, LiveBundle& bundle) {
  ReadLog log("kube:secrets/aso-controller-settings");
  const std::string path =
      std::string("/api/v1/namespaces/") + kAsoNamespace + "/secrets/aso-controller-settings";
  KubeFailure failure;
  auto body = client.get(path, &failure);
  if (!body) {
    if (failure.not_found)
      log.skip("no aso-controller-settings Secret in " + std::string(kAsoNamespace));
    else
      log.fail(failure, needs_for(failure, "get", "secrets", kAsoNamespace));
    bundle.add_status(log.finish());
    return;
  }
  Json secret = Json::parse(*body, nullptr, false);
  if (secret.is_object()) {
    for (const char* key : {"data", "stringData"})
      if (secret.contains(key) && secret[key].is_object())
        for (auto& [k, v] : secret[key].items()) v = "";
    if (secret.contains("metadata") && secret["metadata"].is_object()) {
      secret["metadata"].erase("managedFields");
      // kubectl apply keeps the whole manifest, values included, in this annotation.
      if (secret["metadata"].contains("annotations") &&
          secret["metadata"]["annotations"].is_object())
        secret["metadata"]["annotations"].erase("kubectl.kubernetes.io/last-applied-configuration");
    }
    bundle.add(
        "cluster/objects/secrets/" + std::string(kAsoNamespace) + "/aso-controller-settings.json",
        secret.dump(2) + "\n", client.url(path));
  }
  bundle.add_status(log.finish());
}

// --mint-tokens: a real token for each workload-identity service account, so its iss, sub, aud
// and kid are compared as Entra sees them. Saved as cluster/tokens/<ns>/<sa>.jwt without its
// signature, which is what makes a token usable; the signature is checked against the API
// server's JWKS first and the result saved beside it (<sa>.verify.json).
void mint_tokens(const KubeClient& client, const std::set<std::pair<std::string, std::string>>& sas,
                 const std::string& jwks, LiveBundle& bundle) {
  ReadLog log("kube:serviceaccounts/token");
  const std::string body =
      Json{{"apiVersion", "authentication.k8s.io/v1"},
           {"kind", "TokenRequest"},
           {"spec",
            {{"audiences", {kTokenExchangeAudience}}, {"expirationSeconds", kMintedTokenSeconds}}}}
          .dump();
  for (const auto& [ns, name] : sas) {
    const std::string path = kServiceAccounts.path(ns) + "/" + name + "/token";
    KubeFailure failure;
    auto answer = client.post(path, body, &failure);
    if (!answer) {
      if (!failure.not_found)  // a default account that does not exist here is not a failure
        log.fail(failure, needs_for(failure, "create", "serviceaccounts/token", ns));
      continue;
    }
    const Json j = Json::parse(*answer, nullptr, false);
    const std::string token = j.is_object() ? string_at(j, {"status", "token"}) : "";
    const size_t last_dot = token.rfind('.');
    if (token.empty() || last_dot == std::string::npos) continue;
    // Kept as header.payload. with an empty signature: what a redacted token is everywhere.
    const std::string saved_as = "cluster/tokens/" + ns + "/" + name + ".jwt";
    bundle.add(saved_as, token.substr(0, last_dot + 1) + "\n", client.url(path));
    const TokenVerification v =
        verify_minted_token(token, jwks, "cluster/oidc/jwks.json", saved_as);
    bundle.add(v.source.path, token_verification_to_json(v).dump(2) + "\n", "");
  }
  bundle.add_status(log.finish());
}

}  // namespace

KubeCollectResult collect_kube(const KubeClient& client, const KubeCollectOptions& options,
                               LiveBundle& bundle) {
  KubeCollectResult out;
  out.namespaces = {options.namespace_, kAsoNamespace, kWebhookNamespace};
  save_connection(client.config(), bundle);
  const int workers = std::clamp(options.parallel, 1, live_limits::kMaxParallelReads);
  std::set<std::pair<std::string, std::string>> annotated = {
      {options.namespace_, kCapzServiceAccount}, {kAsoNamespace, kAsoServiceAccount}};

  // First, every read that needs nothing read before it.
  Json apiserver_pods;
  std::string discovery;
  std::vector<LiveBundle> first(6 + std::size(kClusterApiObjects));
  std::vector<std::function<void()>> tasks = {
      [&] { read_apiserver_pods(client, first[0], apiserver_pods); },
      [&] { read_oidc_document(client, kDiscoveryDocument, first[1], discovery); },
      [&] { read_oidc_document(client, kJwksDocument, first[2], out.apiserver_jwks); },
      [&] { read_service_accounts(client, first[3], out.namespaces, annotated); },
      [&] { read_webhooks(client, first[4]); },
      [&] { read_aso_settings(client, first[5]); },
  };
  for (size_t i = 0; i < std::size(kClusterApiObjects); ++i)
    tasks.push_back([&, i] { read_cluster_api(client, kClusterApiObjects[i], first[6 + i]); });
  run_tasks(tasks, workers);
  for (LiveBundle& part : first) bundle.append(std::move(part));
  if (apiserver_pods.is_object()) out.issuer = issuer_from_apiserver(apiserver_pods);
  if (out.issuer.empty()) {
    const Json j = Json::parse(discovery, nullptr, false);
    if (j.is_object()) out.issuer = string_at(j, {"issuer"});
  }

  // Then the workloads of the namespaces found, and the tokens of the accounts found.
  const std::vector<std::string> namespaces(out.namespaces.begin(), out.namespaces.end());
  const size_t n = namespaces.size();
  ReadLog pods_log("kube:pods"), deploy_log("kube:deployments"), logs_log("kube:pods/log");
  std::vector<LiveBundle> lists(2 * n + 1);
  std::vector<ReadLog> list_logs(2 * n, ReadLog(""));
  std::vector<Json> pods(n);
  tasks.clear();
  for (size_t i = 0; i < n; ++i) {
    tasks.push_back([&, i] {
      pods[i] =
          list_and_save(client, kPods, namespaces[i], "",
                        "cluster/objects/pods/" + namespaces[i] + ".json", list_logs[i], lists[i]);
    });
    tasks.push_back([&, i] {
      (void)list_and_save(client, kDeployments, namespaces[i], "",
                          "cluster/objects/deployments/" + namespaces[i] + ".json",
                          list_logs[n + i], lists[n + i]);
    });
  }
  if (options.mint_tokens)
    tasks.push_back([&] { mint_tokens(client, annotated, out.apiserver_jwks, lists[2 * n]); });
  run_tasks(tasks, workers);
  for (size_t i = 0; i < n; ++i) {
    pods_log.absorb(list_logs[i]);
    deploy_log.absorb(list_logs[n + i]);
  }
  for (size_t i = 0; i < 2 * n; ++i) bundle.append(std::move(lists[i]));
  bundle.add_status(pods_log.finish());
  bundle.add_status(deploy_log.finish());
  bundle.append(std::move(lists[2 * n]));

  // Last, the container logs of the pods listed.
  const std::vector<LogStream> streams = log_streams(pods);
  std::vector<LiveBundle> logs(streams.size());
  std::vector<ReadLog> stream_logs(streams.size(), ReadLog(""));
  tasks.clear();
  for (size_t i = 0; i < streams.size(); ++i)
    tasks.push_back([&, i] { read_log(client, options, streams[i], logs[i], stream_logs[i]); });
  run_tasks(tasks, workers);
  for (size_t i = 0; i < streams.size(); ++i) {
    logs_log.absorb(stream_logs[i]);
    bundle.append(std::move(logs[i]));
  }
  bundle.add_status(logs_log.finish());
  return out;
}

}  // namespace wid
