// A pod meant to use workload identity was mutated by the webhook. The webhook selects pods
// by the label azure.workload.identity/use=true on the pod (template) itself, mutates only on
// CREATE, and copies AZURE_CLIENT_ID from the ServiceAccount's client-id annotation (skipping an
// empty one). So an annotated ServiceAccount with an unlabelled pod template, a labelled pod
// without the injected variables or token volume, a pod older than the webhook, or a labelled pod
// whose ServiceAccount has no client ID each leave the SDK without a credential.
#include <map>

#include "rules/checks/checks.h"
#include "rules/checks/kube_records.h"

namespace wid {
namespace {

constexpr const char* kLabelMissing = "WEBHOOK_POD_LABEL_MISSING";
constexpr const char* kNotInjected = "TOKEN_ENV_NOT_INJECTED";
constexpr const char* kNotRestarted = "POD_NOT_RESTARTED_AFTER_CHANGE";
constexpr const char* kNoClientId = "SA_CLIENT_ID_ANNOTATION_MISSING";
constexpr const char* kUseLabel = "azure.workload.identity/use";
constexpr const char* kClientIdAnnotation = "azure.workload.identity/client-id";
constexpr const char* kClientIdField = "/metadata/annotations/azure.workload.identity~1client-id";
constexpr const char* kWebhookConfig = "azure-wi-webhook-mutating-webhook-configuration";
constexpr const char* kValueFrom = "(valueFrom)";
// Webhook <= v1.5 and the CAPZ/ASO manifests name the token volume azure-identity-token; webhook
// v1.6+ names it azure-workload-identity-reserved-<hash>.
constexpr std::string_view kTokenVolume = "azure-identity-token";
constexpr std::string_view kReservedVolume = "azure-workload-identity-reserved";

// A Pod or Deployment under judgement, with what every rule reads about it.
struct Judged {
  const Workload& w;
  const ServiceAccount* sa;  // its ServiceAccount, when collected
  bool is_pod;
  std::string ns;            // "default" when unset
  std::string sa_client_id;  // the ServiceAccount's client-id annotation
  bool labelled;
  std::string label_seen;  // the label's value on the pod (template), "(absent)"
  std::string subject, what;
  std::string deployment;  // the Deployment itself, or the one a Pod belongs to
  bool via_deployment;     // a Pod of a bundled Deployment: the template is reported instead
  std::map<std::string, std::string> env;  // name -> value; valueFrom counts as set
};

std::map<std::string, std::string> env_of(const Workload& w) {
  std::map<std::string, std::string> out;
  for (const EnvVar& e : w.env) {
    std::string v = e.value.empty() && !e.value_from.empty() ? kValueFrom : e.value;
    if (!out.count(e.name) || out[e.name].empty()) out[e.name] = v;
  }
  return out;
}

std::string token_volume(const Workload& w) {
  for (const std::string& name : w.volumes)
    if (name == kTokenVolume || name.rfind(kReservedVolume, 0) == 0) return name;
  return "";
}

// The Deployment a Pod belongs to, when its ReplicaSet's name is <deployment>-<pod-template-hash>.
std::string deployment_of(const Workload& pod) {
  const std::string& hash = pod.pod_template_hash;
  if (hash.empty()) return "";
  for (const OwnerReference& o : pod.owners) {
    const std::string& rs = o.name;
    if (o.kind == "ReplicaSet" && rs.size() > hash.size() + 1 &&
        rs.compare(rs.size() - hash.size() - 1, std::string::npos, "-" + hash) == 0)
      return rs.substr(0, rs.size() - hash.size() - 1);
  }
  return "";
}

bool has_deployment(const EvidenceStore& store, const std::string& ns, const std::string& name) {
  for (const Workload& w : store.workloads)
    if (w.object.kind == "Deployment" && w.object.namespace_ == ns && w.object.name == name)
      return true;
  return false;
}

// The client ID of the identity whose federated credential names this ServiceAccount: only
// when the bundle says so, never guessed.
std::string client_id_for(const EvidenceStore& store, const std::string& ns,
                          const std::string& sa) {
  const std::string subject = sa_subject(ns, sa);
  for (const FederatedCredential& fc : store.federated_credentials) {
    if (fc.subject != subject) continue;
    for (const ManagedIdentity& mi : store.identities)
      if ((!fc.identity_id.empty() && to_lower_ascii(mi.id) == to_lower_ascii(fc.identity_id)) ||
          (!fc.identity_name.empty() && mi.name == fc.identity_name))
        if (!mi.client_id.empty()) return mi.client_id;
  }
  return "";
}

Judged judge(const EvidenceStore& store, const Workload& w) {
  const KubeMeta& o = w.object;
  const std::string ns = o.namespace_.empty() ? "default" : o.namespace_;
  const ServiceAccount* sa = find_service_account(store, ns, w.service_account);
  std::string sa_client_id;
  if (sa)
    if (auto it = sa->annotations.find(kClientIdAnnotation); it != sa->annotations.end())
      sa_client_id = it->second;
  const auto label = w.pod_labels.find(kUseLabel);
  const bool is_pod = o.kind == "Pod";
  const std::string deployment = is_pod ? deployment_of(w) : o.name;
  return Judged{w,
                sa,
                is_pod,
                ns,
                sa_client_id,
                label != w.pod_labels.end() && label->second == "true",
                label == w.pod_labels.end() ? "(absent)" : label->second,
                object_subject(o),
                o.kind + " " + ns + "/" + o.name,
                deployment,
                is_pod && !deployment.empty() && has_deployment(store, ns, deployment),
                env_of(w)};
}

void put_values(const Judged& j, CheckResult& r) {
  r.values = {{"namespace", j.ns},
              {"service_account", j.w.service_account},
              {"pod", j.is_pod ? j.w.object.name : ""}};
  if (!j.deployment.empty()) r.values["deployment"] = j.deployment;
  r.key_values = {{"service_account", j.w.service_account}};
}

// WEBHOOK_POD_LABEL_MISSING: an annotated ServiceAccount whose pod (template) the webhook's
// objectSelector never selects.
void label_missing(const Judged& j, CheckRun& run) {
  if (j.sa_client_id.empty() || j.via_deployment) return;
  const KubeMeta& o = j.w.object;
  auto& r =
      run.add(kLabelMissing, j.labelled ? FindingStatus::kPass : FindingStatus::kFail, j.subject);
  put_values(j, r);
  r.values["client_id"] = j.sa_client_id;
  r.evidence.push_back(field_evidence(j.sa->object, kClientIdField, j.sa_client_id));
  const std::string labels_ptr =
      j.w.template_pointer + "/metadata/labels/azure.workload.identity~1use";
  r.evidence.push_back(
      field_evidence(o, labels_ptr, j.label_seen, "true",
                     j.labelled ? Difference::kNone : classify_difference(j.label_seen, "true")));
  // The label in a place the webhook's objectSelector never looks at.
  std::string elsewhere;
  if (!j.is_pod && j.w.labels.count(kUseLabel))
    elsewhere = "the Deployment's own metadata.labels";
  else if (j.w.pod_annotations.count(kUseLabel))
    elsewhere = "an annotation of the pod" + std::string(j.is_pod ? "" : " template");
  else if (j.sa->labels.count(kUseLabel))
    elsewhere = "the ServiceAccount's labels";
  if (!elsewhere.empty())
    r.evidence.push_back(
        field_evidence(o, "", "azure.workload.identity/use found on " + elsewhere));
  r.detail = j.labelled
                 ? j.what + " carries the label azure.workload.identity/use=true on its pod" +
                       std::string(j.is_pod ? "." : " template.")
                 : "ServiceAccount " + j.ns + "/" + j.w.service_account +
                       " is annotated with client ID " + j.sa_client_id + ", but " + j.what +
                       " has no label " + kUseLabel + "=\"true\" on its pod" +
                       (j.is_pod ? "" : " template") +
                       (elsewhere.empty() ? "" : " (it is on " + elsewhere + ")") +
                       ": the webhook never mutates it.";
}

// TOKEN_ENV_NOT_INJECTED: a labelled pod without the variables or token volume the webhook adds.
// Returns whether it was mutated.
bool token_env(const Judged& j, CheckRun& run) {
  const KubeMeta& o = j.w.object;
  const std::string volume = token_volume(j.w);
  const bool injected = j.env.count("AZURE_FEDERATED_TOKEN_FILE") ||
                        j.env.count("AZURE_CLIENT_ID") || !volume.empty();
  auto& r =
      run.add(kNotInjected, injected ? FindingStatus::kPass : FindingStatus::kFail, j.subject);
  put_values(j, r);
  r.evidence.push_back(field_evidence(
      o, "/spec/containers/*/env",
      j.env.count("AZURE_FEDERATED_TOKEN_FILE")
          ? "AZURE_FEDERATED_TOKEN_FILE=" + j.env.at("AZURE_FEDERATED_TOKEN_FILE")
          : "no AZURE_FEDERATED_TOKEN_FILE, no AZURE_CLIENT_ID",
      "AZURE_FEDERATED_TOKEN_FILE set", injected ? Difference::kNone : Difference::kOther));
  r.evidence.push_back(field_evidence(o, "/spec/volumes",
                                      volume.empty() ? "no azure-identity-token volume" : volume));
  r.detail = injected ? j.what + " was mutated: it has the workload-identity token" +
                            std::string(volume.empty() ? " variable." : " volume " + volume + ".")
                      : j.what + " is labelled " + kUseLabel +
                            "=true, yet has neither AZURE_FEDERATED_TOKEN_FILE "
                            "nor AZURE_CLIENT_ID nor a projected azure-identity-token volume: the "
                            "webhook did not mutate it.";
  return injected;
}

// POD_NOT_RESTARTED_AFTER_CHANGE: a pod older than the webhook (mutation happens only on CREATE),
// or one running with a client ID its ServiceAccount no longer names.
void not_restarted(const Judged& j, const MutatingWebhookConfiguration* webhook, bool injected,
                   CheckRun& run) {
  const KubeMeta& o = j.w.object;
  const std::string& created = j.w.created;
  const std::string webhook_created = webhook ? webhook->created : "";
  const auto env_client = j.env.find("AZURE_CLIENT_ID");
  const bool stale_client_id = env_client != j.env.end() && !j.sa_client_id.empty() &&
                               env_client->second != kValueFrom &&
                               env_client->second != j.sa_client_id;
  if (!injected && !created.empty() && !webhook_created.empty()) {
    const bool older = created < webhook_created;
    auto& s =
        run.add(kNotRestarted, older ? FindingStatus::kFail : FindingStatus::kPass, j.subject);
    put_values(j, s);
    s.evidence.push_back(field_evidence(o, "/metadata/creationTimestamp", created,
                                        older ? "after " + webhook_created : "",
                                        older ? Difference::kOther : Difference::kNone));
    s.evidence.push_back(
        field_evidence(webhook->object, "/metadata/creationTimestamp", webhook_created));
    s.detail = older
                   ? j.what + " was created at " + created + ", before the webhook configuration " +
                         kWebhookConfig + " (" + webhook_created +
                         "); the webhook mutates pods only on CREATE."
                   : j.what + " was created at " + created + ", after the webhook configuration (" +
                         webhook_created + "), so its age does not explain the missing injection.";
  } else if (injected && env_client != j.env.end() && !j.sa_client_id.empty() &&
             env_client->second != kValueFrom && !stale_client_id) {
    auto& s = run.add(kNotRestarted, FindingStatus::kPass, j.subject);
    put_values(j, s);
    s.evidence.push_back(field_evidence(o, "/spec/containers/*/env/AZURE_CLIENT_ID",
                                        env_client->second, j.sa_client_id));
    s.detail = j.what + " runs with AZURE_CLIENT_ID " + j.sa_client_id +
               ", the client ID its ServiceAccount names today.";
  } else if (stale_client_id) {
    auto& s = run.add(kNotRestarted, FindingStatus::kFail, j.subject);
    put_values(j, s);
    s.evidence.push_back(field_evidence(o, "/spec/containers/*/env/AZURE_CLIENT_ID",
                                        env_client->second, j.sa_client_id,
                                        classify_difference(env_client->second, j.sa_client_id)));
    s.evidence.push_back(field_evidence(j.sa->object, kClientIdField, j.sa_client_id));
    s.detail = j.what + " runs with AZURE_CLIENT_ID " + env_client->second +
               ", but ServiceAccount " + j.ns + "/" + j.w.service_account + " now names " +
               j.sa_client_id + ": the pod predates the change.";
  }
}

// SA_CLIENT_ID_ANNOTATION_MISSING: a labelled pod whose ServiceAccount names no client ID, so
// the webhook injects no AZURE_CLIENT_ID.
void client_id_missing(const EvidenceStore& store, const Judged& j, CheckRun& run) {
  const std::string& sa_name = j.w.service_account;
  // CAPZ and ASO take their client ID from the AzureClusterIdentity / ASO secret, not the SA.
  const bool controller_sa = sa_name == "capz-manager" || sa_name == "azureserviceoperator-default";
  if (!j.labelled || j.via_deployment || controller_sa) return;
  const auto env_client = j.env.find("AZURE_CLIENT_ID");
  const bool explicit_client = env_client != j.env.end() && !env_client->second.empty();
  FindingStatus st = !j.sa_client_id.empty() || explicit_client ? FindingStatus::kPass
                     : j.sa                                     ? FindingStatus::kFail
                                                                : FindingStatus::kUnknown;
  auto& r = run.add(kNoClientId, st, j.subject);
  put_values(j, r);
  if (std::string cid = client_id_for(store, j.ns, sa_name); !cid.empty())
    r.values["client_id"] = cid;
  if (j.sa)
    r.evidence.push_back(field_evidence(
        j.sa->object, kClientIdField, j.sa_client_id.empty() ? "(absent)" : j.sa_client_id,
        st == FindingStatus::kFail ? "<CLIENT_ID>" : "",
        st == FindingStatus::kFail ? Difference::kOther : Difference::kNone));
  if (st == FindingStatus::kUnknown)
    r.needs.push_back("kubectl get serviceaccount " + sa_name + " -n " + j.ns +
                      " -o yaml > serviceaccount-" + sa_name + ".yaml");
  r.detail = st == FindingStatus::kPass
                 ? j.what + " gets its client ID from " +
                       (j.sa_client_id.empty() ? std::string("an explicit AZURE_CLIENT_ID")
                                               : "ServiceAccount " + j.ns + "/" + sa_name + " (" +
                                                     j.sa_client_id + ")") +
                       "."
             : st == FindingStatus::kFail
                 ? j.what + " is labelled for workload identity, but ServiceAccount " + j.ns + "/" +
                       sa_name + " has no " + kClientIdAnnotation +
                       " annotation: the webhook injects no AZURE_CLIENT_ID."
                 : j.what + " is labelled for workload identity; ServiceAccount " + j.ns + "/" +
                       sa_name + " was not collected to see its client ID.";
}

}  // namespace

void check_pod_injected(const CheckContext& ctx, CheckRun& run) {
  // Pods and Deployments only: the other workload kinds are not judged here (yet).
  std::vector<const Workload*> workloads;
  for (const Workload& w : ctx.store.workloads)
    if (w.object.kind == "Pod" || w.object.kind == "Deployment") workloads.push_back(&w);
  if (workloads.empty()) {
    run.needs.push_back(
        "kubectl get pods,deployments,serviceaccounts -n <NAMESPACE> -o yaml > workload.yaml");
    return;
  }
  const MutatingWebhookConfiguration* webhook =
      find_webhook_configuration(ctx.store, kWebhookConfig);
  for (const Workload* w : workloads) {
    const Judged j = judge(ctx.store, *w);
    if (!j.labelled && j.sa_client_id.empty()) continue;
    label_missing(j, run);
    if (j.labelled && j.is_pod) not_restarted(j, webhook, token_env(j, run), run);
    client_id_missing(ctx.store, j, run);
  }
}

const CheckDef kPodInjectedCheck{
    "pod_injected",
    {"WEBHOOK_POD_LABEL_MISSING", "TOKEN_ENV_NOT_INJECTED", "POD_NOT_RESTARTED_AFTER_CHANGE",
     "SA_CLIENT_ID_ANNOTATION_MISSING"},
    {},
    {"client_id", "deployment", "namespace", "pod", "service_account"},
    check_pod_injected,
};

}  // namespace wid
