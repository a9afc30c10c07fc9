// C12: a pod meant to use workload identity was mutated by the webhook. The webhook selects pods
// by the label azure.workload.identity/use=true on the pod (template) itself, mutates only on
// CREATE, and copies AZURE_CLIENT_ID from the ServiceAccount's client-id annotation (skipping an
// empty one). So an annotated ServiceAccount with an unlabelled pod template, a labelled pod
// without the injected variables or token volume, a pod older than the webhook, or a labelled pod
// whose ServiceAccount has no client ID each leave the SDK without a credential.
#include <algorithm>

#include "rules/checks/k8s_util.h"
#include "rules/checks/checks.h"

namespace wid {

using namespace k8s;  // NOLINT: this check reads Kubernetes objects throughout
namespace {

constexpr const char* kLabelMissing = "WEBHOOK_POD_LABEL_MISSING";
constexpr const char* kNotInjected = "TOKEN_ENV_NOT_INJECTED";
constexpr const char* kNotRestarted = "POD_NOT_RESTARTED_AFTER_CHANGE";
constexpr const char* kNoClientId = "SA_CLIENT_ID_ANNOTATION_MISSING";
constexpr const char* kUseLabel = "azure.workload.identity/use";
constexpr const char* kClientIdAnnotation = "azure.workload.identity/client-id";
constexpr const char* kWebhookConfig = "azure-wi-webhook-mutating-webhook-configuration";
// Webhook <= v1.5 and the CAPZ/ASO manifests name the token volume azure-identity-token; webhook
// v1.6+ names it azure-workload-identity-reserved-<hash>.
constexpr std::string_view kTokenVolume = "azure-identity-token";
constexpr std::string_view kReservedVolume = "azure-workload-identity-reserved";

struct Workload {
  const KubeObject* obj;
  const nlohmann::json* meta;  // the pod's (template's) metadata
  const nlohmann::json* spec;  // the pod spec
  std::string ptr;             // JSON pointer of the pod template ("" for a Pod)
  bool is_pod;
};

// name -> value of every env entry in every (init) container; valueFrom counts as set.
std::map<std::string, std::string> env_of(const nlohmann::json& spec) {
  std::map<std::string, std::string> out;
  for (const char* list : {"initContainers", "containers"}) {
    const nlohmann::json* cs = json_at(spec, {list});
    if (!cs || !cs->is_array()) continue;
    for (auto& c : *cs) {
      const nlohmann::json* env = json_at(c, {"env"});
      if (!env || !env->is_array()) continue;
      for (auto& e : *env) {
        std::string name = string_at(e, {"name"});
        if (name.empty()) continue;
        std::string v = string_at(e, {"value"});
        if (v.empty() && json_at(e, {"valueFrom"})) v = "(valueFrom)";
        if (!out.count(name) || out[name].empty()) out[name] = v;
      }
    }
  }
  return out;
}

std::string token_volume(const nlohmann::json& spec) {
  const nlohmann::json* vols = json_at(spec, {"volumes"});
  if (!vols || !vols->is_array()) return "";
  for (auto& v : *vols) {
    std::string name = string_at(v, {"name"});
    if (name == kTokenVolume || name.rfind(kReservedVolume, 0) == 0) return name;
  }
  return "";
}

// The Deployment a Pod belongs to, when its ReplicaSet's name is <deployment>-<pod-template-hash>.
std::string deployment_of(const KubeObject& pod) {
  const std::string hash = string_map_at(pod.body, {"metadata", "labels"})["pod-template-hash"];
  const nlohmann::json* owners = json_at(pod.body, {"metadata", "ownerReferences"});
  if (hash.empty() || !owners || !owners->is_array()) return "";
  for (auto& o : *owners) {
    std::string rs = string_at(o, {"name"});
    if (string_at(o, {"kind"}) == "ReplicaSet" && rs.size() > hash.size() + 1 &&
        rs.compare(rs.size() - hash.size() - 1, std::string::npos, "-" + hash) == 0)
      return rs.substr(0, rs.size() - hash.size() - 1);
  }
  return "";
}

// The client ID of the identity whose federated credential names this ServiceAccount: only
// when the bundle says so, never guessed.
std::string client_id_for(const EvidenceStore& store, const std::string& ns, const std::string& sa) {
  const std::string subject = sa_subject(ns, sa);
  for (const FederatedCredential& fc : store.federated_credentials) {
    if (fc.subject != subject) continue;
    for (const ManagedIdentity& mi : store.identities)
      if ((!fc.identity_id.empty() && to_lower(mi.id) == to_lower(fc.identity_id)) ||
          (!fc.identity_name.empty() && mi.name == fc.identity_name))
        if (!mi.client_id.empty()) return mi.client_id;
  }
  return "";
}

}  // namespace

void check_pod_injected(const CheckContext& ctx, CheckRun& run) {
  std::vector<Workload> workloads;
  for (const KubeObject& o : ctx.store.objects) {
    if (o.kind == "Pod" && o.api_version == "v1")
      workloads.push_back({&o, json_at(o.body, {"metadata"}), json_at(o.body, {"spec"}), "", true});
    else if (o.kind == "Deployment" && in_group(o, "apps"))
      workloads.push_back({&o, json_at(o.body, {"spec", "template", "metadata"}),
                           json_at(o.body, {"spec", "template", "spec"}), "/spec/template", false});
  }
  if (workloads.empty()) {
    run.needs.push_back("kubectl get pods,deployments,serviceaccounts -n <NAMESPACE> -o yaml > workload.yaml");
    return;
  }
  const KubeObject* webhook = find_object(ctx.store, "MutatingWebhookConfiguration", "", kWebhookConfig);
  static const nlohmann::json kEmpty = nlohmann::json::object();

  for (const Workload& w : workloads) {
    const KubeObject& o = *w.obj;
    const nlohmann::json& spec = w.spec ? *w.spec : kEmpty;
    const std::string ns = o.namespace_.empty() ? "default" : o.namespace_;
    std::string sa_name = string_at(spec, {"serviceAccountName"});
    if (sa_name.empty()) sa_name = string_at(spec, {"serviceAccount"});
    if (sa_name.empty()) sa_name = "default";
    const KubeObject* sa = find_object(ctx.store, "ServiceAccount", ns, sa_name);
    const std::string sa_client_id =
        sa ? string_map_at(sa->body, {"metadata", "annotations"})[kClientIdAnnotation] : "";
    const auto labels = w.meta ? string_map_at(*w.meta, {"labels"}) : std::map<std::string, std::string>{};
    const auto label = labels.find(kUseLabel);
    const bool labelled = label != labels.end() && label->second == "true";
    if (!labelled && sa_client_id.empty()) continue;

    const std::string subject = object_subject(o);
    const std::string what = o.kind + " " + ns + "/" + o.name;
    const std::string deployment = w.is_pod ? deployment_of(o) : o.name;
    // A Pod of a bundled Deployment: its template is the thing to fix, and is reported once.
    const bool via_deployment =
        w.is_pod && !deployment.empty() && find_object(ctx.store, "Deployment", ns, deployment, "apps");
    const auto env = env_of(spec);
    auto values = [&](CheckResult& r) {
      r.values = {{"namespace", ns}, {"service_account", sa_name}, {"pod", w.is_pod ? o.name : ""}};
      if (!deployment.empty()) r.values["deployment"] = deployment;
      r.key_values = {{"service_account", sa_name}};
    };
    const std::string labels_ptr = w.ptr + "/metadata/labels/azure.workload.identity~1use";

    if (!sa_client_id.empty() && !via_deployment) {
      auto& r = run.add(kLabelMissing, labelled ? FindingStatus::kPass : FindingStatus::kFail, subject);
      values(r);
      r.values["client_id"] = sa_client_id;
      r.evidence.push_back(field_evidence(*sa, "/metadata/annotations/azure.workload.identity~1client-id", sa_client_id));
      const std::string seen = label == labels.end() ? "(absent)" : label->second;
      r.evidence.push_back(field_evidence(o, labels_ptr, seen, "true",
                                          labelled ? "" : classify_difference(seen, "true")));
      // The label in a place the webhook's objectSelector never looks at.
      std::string elsewhere;
      if (!w.is_pod && string_map_at(o.body, {"metadata", "labels"}).count(kUseLabel))
        elsewhere = "the Deployment's own metadata.labels";
      else if (w.meta && string_map_at(*w.meta, {"annotations"}).count(kUseLabel))
        elsewhere = "an annotation of the pod" + std::string(w.is_pod ? "" : " template");
      else if (string_map_at(sa->body, {"metadata", "labels"}).count(kUseLabel))
        elsewhere = "the ServiceAccount's labels";
      if (!elsewhere.empty())
        r.evidence.push_back(field_evidence(o, "", "azure.workload.identity/use found on " + elsewhere));
      r.detail = labelled ? what + " carries the label azure.workload.identity/use=true on its pod" +
                                std::string(w.is_pod ? "." : " template.")
                          : "ServiceAccount " + ns + "/" + sa_name + " is annotated with client ID " +
                                sa_client_id + ", but " + what + " has no label " + kUseLabel +
                                "=\"true\" on its pod" + (w.is_pod ? "" : " template") +
                                (elsewhere.empty() ? "" : " (it is on " + elsewhere + ")") +
                                ": the webhook never mutates it.";
    }

    if (labelled && w.is_pod) {
      const std::string volume = token_volume(spec);
      const bool injected = env.count("AZURE_FEDERATED_TOKEN_FILE") || env.count("AZURE_CLIENT_ID") ||
                            !volume.empty();
      auto& r = run.add(kNotInjected, injected ? FindingStatus::kPass : FindingStatus::kFail, subject);
      values(r);
      r.evidence.push_back(field_evidence(o, "/spec/containers/*/env",
                                          env.count("AZURE_FEDERATED_TOKEN_FILE")
                                              ? "AZURE_FEDERATED_TOKEN_FILE=" + env.at("AZURE_FEDERATED_TOKEN_FILE")
                                              : "no AZURE_FEDERATED_TOKEN_FILE, no AZURE_CLIENT_ID",
                                          "AZURE_FEDERATED_TOKEN_FILE set", injected ? "" : "other"));
      r.evidence.push_back(field_evidence(o, "/spec/volumes", volume.empty() ? "no azure-identity-token volume" : volume));
      r.detail = injected ? what + " was mutated: it has the workload-identity token" +
                                std::string(volume.empty() ? " variable." : " volume " + volume + ".")
                          : what + " is labelled " + kUseLabel + "=true, yet has neither AZURE_FEDERATED_TOKEN_FILE "
                                "nor AZURE_CLIENT_ID nor a projected azure-identity-token volume: the webhook did not mutate it.";

      const std::string created = string_at(o.body, {"metadata", "creationTimestamp"});
      const std::string webhook_created = webhook ? string_at(webhook->body, {"metadata", "creationTimestamp"}) : "";
      const auto env_client = env.find("AZURE_CLIENT_ID");
      const bool stale_client_id = env_client != env.end() && !sa_client_id.empty() &&
                                   env_client->second != "(valueFrom)" && env_client->second != sa_client_id;
      if (!injected && !created.empty() && !webhook_created.empty()) {
        const bool older = created < webhook_created;
        auto& s = run.add(kNotRestarted, older ? FindingStatus::kFail : FindingStatus::kPass, subject);
        values(s);
        s.evidence.push_back(field_evidence(o, "/metadata/creationTimestamp", created,
                                            older ? "after " + webhook_created : "", older ? "other" : ""));
        s.evidence.push_back(field_evidence(*webhook, "/metadata/creationTimestamp", webhook_created));
        s.detail = older ? what + " was created at " + created + ", before the webhook configuration " +
                               kWebhookConfig + " (" + webhook_created + "); the webhook mutates pods only on CREATE."
                         : what + " was created at " + created + ", after the webhook configuration (" +
                               webhook_created + "), so its age does not explain the missing injection.";
      } else if (injected && env_client != env.end() && !sa_client_id.empty() &&
                 env_client->second != "(valueFrom)" && !stale_client_id) {
        auto& s = run.add(kNotRestarted, FindingStatus::kPass, subject);
        values(s);
        s.evidence.push_back(field_evidence(o, "/spec/containers/*/env/AZURE_CLIENT_ID", env_client->second,
                                            sa_client_id));
        s.detail = what + " runs with AZURE_CLIENT_ID " + sa_client_id +
                   ", the client ID its ServiceAccount names today.";
      } else if (stale_client_id) {
        auto& s = run.add(kNotRestarted, FindingStatus::kFail, subject);
        values(s);
        s.evidence.push_back(field_evidence(o, "/spec/containers/*/env/AZURE_CLIENT_ID", env_client->second,
                                            sa_client_id, classify_difference(env_client->second, sa_client_id)));
        s.evidence.push_back(field_evidence(*sa, "/metadata/annotations/azure.workload.identity~1client-id", sa_client_id));
        s.detail = what + " runs with AZURE_CLIENT_ID " + env_client->second + ", but ServiceAccount " + ns +
                   "/" + sa_name + " now names " + sa_client_id + ": the pod predates the change.";
      }
    }

    // CAPZ and ASO take their client ID from the AzureClusterIdentity / ASO secret, not the SA.
    const bool controller_sa = sa_name == "capz-manager" || sa_name == "azureserviceoperator-default";
    if (labelled && !via_deployment && !controller_sa) {
      const auto env_client = env.find("AZURE_CLIENT_ID");
      const bool explicit_client = env_client != env.end() && !env_client->second.empty();
      FindingStatus st = !sa_client_id.empty() || explicit_client ? FindingStatus::kPass
                         : sa                                     ? FindingStatus::kFail
                                                                  : FindingStatus::kUnknown;
      auto& r = run.add(kNoClientId, st, subject);
      values(r);
      if (std::string cid = client_id_for(ctx.store, ns, sa_name); !cid.empty()) r.values["client_id"] = cid;
      if (sa)
        r.evidence.push_back(field_evidence(*sa, "/metadata/annotations/azure.workload.identity~1client-id",
                                            sa_client_id.empty() ? "(absent)" : sa_client_id,
                                            st == FindingStatus::kFail ? "<CLIENT_ID>" : "",
                                            st == FindingStatus::kFail ? "other" : ""));
      if (st == FindingStatus::kUnknown)
        r.needs.push_back("kubectl get serviceaccount " + sa_name + " -n " + ns + " -o yaml > serviceaccount-" +
                          sa_name + ".yaml");
      r.detail = st == FindingStatus::kPass
                     ? what + " gets its client ID from " +
                           (sa_client_id.empty() ? std::string("an explicit AZURE_CLIENT_ID")
                                                 : "ServiceAccount " + ns + "/" + sa_name + " (" + sa_client_id + ")") + "."
                 : st == FindingStatus::kFail
                     ? what + " is labelled for workload identity, but ServiceAccount " + ns + "/" + sa_name +
                           " has no " + kClientIdAnnotation + " annotation: the webhook injects no AZURE_CLIENT_ID."
                     : what + " is labelled for workload identity; ServiceAccount " + ns + "/" + sa_name +
                           " was not collected to see its client ID.";
    }
  }
}

const CheckDef kPodInjectedCheck{
    "pod_injected",
    "C12",
    {"WEBHOOK_POD_LABEL_MISSING", "TOKEN_ENV_NOT_INJECTED", "POD_NOT_RESTARTED_AFTER_CHANGE",
     "SA_CLIENT_ID_ANNOTATION_MISSING"},
    {},
    {"client_id", "deployment", "namespace", "pod", "service_account"},
    check_pod_injected,
};

}  // namespace wid
