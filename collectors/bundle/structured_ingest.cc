#include "collectors/bundle/structured_ingest.h"

#include <map>

#include "analyzer/model/json_path.h"
#include "analyzer/model/text.h"
#include "collectors/parse/parse_apiserver.h"
#include "collectors/parse/parse_azure.h"
#include "collectors/parse/parse_issuer_fetch.h"
#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_k8s_objects.h"
#include "collectors/parse/parse_live_records.h"
#include "collectors/parse/parse_oidc.h"

namespace wid {
namespace {

using Json = nlohmann::json;

// Issuer values are shown as they are (quoted, so a trailing space or slash is visible).
std::string issuers_text(const ApiServerConfig& cfg) {
  if (cfg.issuers.empty()) return "no --service-account-issuer";
  std::string s = "issuer \"" + escape_controls(truncate_utf8(cfg.issuers[0], 200)) + "\"";
  if (cfg.issuers.size() > 1) s += " (+" + std::to_string(cfg.issuers.size() - 1) + " more)";
  return s;
}

StructuredOutcome single_document_shape(const StructuredDocument& doc, const std::string& path,
                                        EvidenceStore& store) {
  StructuredOutcome out;
  const Json& j = doc.value;
  if (is_bundle_manifest(j)) {
    out.type = "wi-doctor/manifest";
    const std::string t = string_at(j, {"time"});
    if (!t.empty()) store.manifest_time = t;
    out.detail = t.empty() ? "bundle manifest without a time" : "bundle collected at " + t;
    for (CollectorStatus& c : parse_manifest_collectors(j))
      store.bundle_collectors.push_back(std::move(c));
    return out;
  }
  if (is_issuer_fetch(j)) {
    IssuerFetch f = parse_issuer_fetch(j, SourceRef{path, doc.line_of("/issuer"), ""});
    out.type = "wi-doctor/issuer-fetch";
    out.detail = "fetch of issuer \"" + escape_controls(truncate_utf8(f.issuer, 200)) + "\", " +
                 plural(f.requests.size(), "request", "requests");
    store.issuer_fetches.push_back(std::move(f));
    return out;
  }
  if (is_kube_connection(j)) {
    KubeConnection c = parse_kube_connection(j, SourceRef{path, doc.line_of("/server"), ""});
    out.type = "wi-doctor/kube-connection";
    out.detail = "API server " + escape_controls(truncate_utf8(c.server, 200)) +
                 (c.insecure_skip_tls_verify ? ", certificate not verified" : "");
    store.kube_connections.push_back(std::move(c));
    return out;
  }
  if (is_token_verification(j)) {
    TokenVerification v =
        parse_token_verification(j, SourceRef{path, doc.line_of("/signature"), ""});
    out.type = "wi-doctor/token-verification";
    out.detail = "signature of " + escape_controls(truncate_utf8(v.token_path, 200)) + ": " +
                 escape_controls(truncate_utf8(v.signature, 40));
    store.token_verifications.push_back(std::move(v));
    return out;
  }
  if (is_oidc_discovery(j)) {
    std::string notes;
    OidcDiscovery d = parse_discovery(j, SourceRef{path, doc.line_of("/issuer"), ""}, notes);
    out.type = "oidc/discovery";
    out.detail = "issuer \"" + escape_controls(truncate_utf8(d.issuer, 200)) + "\", served by " +
                 d.served_by;
    append_clause(out.detail, notes);
    store.discoveries.push_back(std::move(d));
    return out;
  }
  if (is_jwks(j)) {
    std::string notes;
    Jwks k = parse_jwks(j, SourceRef{path, 0, ""}, notes);
    out.type = "oidc/jwks";
    out.detail = plural(k.keys.size(), "key", "keys") + ", served by " + k.served_by;
    append_clause(out.detail, notes);
    store.jwks.push_back(std::move(k));
    return out;
  }
  if (!is_k8s_object(j)) {
    AzureShape shape = classify_azure(j, path);
    if (shape != AzureShape::kNone) {
      std::string notes;
      const size_t roles_before = store.role_definitions.size();
      size_t n = parse_azure(j, shape, path, store, notes);
      out.type = azure_shape_type(shape);
      switch (shape) {
        case AzureShape::kFicAzCli:
        case AzureShape::kFicArm:
        case AzureShape::kFicGraph:
          out.detail = plural(n, "federated credential", "federated credentials");
          break;
        case AzureShape::kIdentityAzCli:
        case AzureShape::kIdentityArm:
          out.detail = plural(n, "identity", "identities");
          break;
        case AzureShape::kRoleDefinitionAzCli:
        case AzureShape::kRoleDefinitionArm: {
          // Named, so the inputs list shows at once which roles the file defines.
          out.detail = plural(n, "role definition", "role definitions");
          std::string names;
          for (size_t i = roles_before; i < store.role_definitions.size(); ++i) {
            if (i - roles_before == 8) {
              names += ", ...";
              break;
            }
            if (!names.empty()) names += ", ";
            names += escape_controls(truncate_utf8(store.role_definitions[i].role_name, 64));
          }
          if (!names.empty()) out.detail += ": " + names;
          break;
        }
        default:
          out.detail = plural(n, "role assignment", "role assignments");
          break;
      }
      append_clause(out.detail, notes);
      return out;
    }
  }
  return out;
}

}  // namespace

bool is_bundle_manifest(const Json& j) {
  if (!j.is_object()) return false;
  return string_at(j, {"tool"}) == "wi-doctor" ||
         starts_with(string_at(j, {"schemaVersion"}), "wi-doctor.bundle");
}

namespace {

// What the documents of one file held, counted as they are filed; the file's type and detail are
// decided from it once every document is read.
struct DocumentTally {
  size_t kind_configs = 0, kubeadm_configs = 0, credential_configs = 0, stored = 0;
  size_t apiserver_pods = 0, control_planes = 0, secrets = 0, tokens = 0;
  std::map<std::string, size_t> kinds;
  std::vector<std::string> kind_order;
  std::string notes, apiserver_detail;
};

// Cluster configurations (kind, kubeadm) are filed as API server configs, not as objects; a
// kubeconfig or exec credential is only counted (it holds credentials). True when filed here.
bool file_cluster_config(const Json& obj, const std::string& api, const std::string& kind,
                         const ObjectLocation& at, EvidenceStore& store, DocumentTally& t) {
  if (starts_with(api, "kind.x-k8s.io/") && kind == "Cluster") {
    ++t.kind_configs;
    ApiServerConfig cfg = apiserver_from_kind_config(obj, at, t.notes);
    append_clause(t.apiserver_detail, "kind cluster config, " + issuers_text(cfg));
    store.apiservers.push_back(std::move(cfg));
    return true;
  }
  if (starts_with(api, "kubeadm.k8s.io/")) {
    ++t.kubeadm_configs;
    if (kind == "ClusterConfiguration") {
      ApiServerConfig cfg = apiserver_from_cluster_configuration(obj, at);
      append_clause(t.apiserver_detail, "kubeadm ClusterConfiguration, " + issuers_text(cfg));
      store.apiservers.push_back(std::move(cfg));
    }
    return true;
  }
  if (is_credential_config(obj)) {
    ++t.credential_configs;
    return true;
  }
  return false;
}

// Tokens embedded in an object (a projected token in a Secret, an annotation) are decoded and
// filed; their raw text is wiped from the object's copy.
void file_embedded_tokens(SanitizedObject& so, const StructuredDocument& doc,
                          const std::string& path, const std::string& pointer, EvidenceStore& store,
                          PendingSignatures* pending, DocumentTally& t) {
  for (auto& [ptr, token] : so.tokens) {
    JwsParts parts;
    auto tok = parse_jwt(token, SourceRef{path, doc.line_of(pointer + ptr), pointer + ptr}, &parts);
    if (tok) {
      if (pending != nullptr && tok->signature.empty()) pending->add(store.tokens.size(), parts);
      store.tokens.push_back(std::move(*tok));
      ++t.tokens;
    }
    token.assign(token.size(), '\0');  // the raw token leaves memory with this scope
  }
}

// One Kubernetes object: a sanitized copy, its embedded tokens, and the API server config a
// kube-apiserver Pod or a KubeadmControlPlane carries.
void file_object(const ObjectRef& ref, const StructuredDocument& doc, const std::string& path,
                 EvidenceStore& store, PendingSignatures* pending, DocumentTally& t) {
  const Json& obj = *ref.value;
  const std::string api = string_at(obj, {"apiVersion"});
  const std::string kind = string_at(obj, {"kind"});
  ObjectLocation at{&doc, path, ref.pointer};
  if (file_cluster_config(obj, api, kind, at, store, t)) return;
  SanitizedObject so =
      make_kube_object(obj, SourceRef{path, doc.line_of(ref.pointer), ref.pointer});
  if (so.is_secret) ++t.secrets;
  file_embedded_tokens(so, doc, path, ref.pointer, store, pending, t);
  if (t.kinds[kind]++ == 0) t.kind_order.push_back(kind);
  ++t.stored;
  if (kind == "Pod") {
    if (auto cfg = apiserver_from_pod(obj, at)) {
      ++t.apiserver_pods;
      append_clause(t.apiserver_detail,
                    "kube-apiserver " + cfg->origin + ", " + issuers_text(*cfg));
      store.apiservers.push_back(std::move(*cfg));
    }
  } else if (is_kubeadm_control_plane(obj)) {
    if (auto cfg = apiserver_from_kubeadm_control_plane(obj, at)) {
      ++t.control_planes;
      append_clause(t.apiserver_detail, kind + ", " + issuers_text(*cfg));
      store.apiservers.push_back(std::move(*cfg));
    }
  }
  store.objects.push_back(std::move(so.object));
}

// "3 objects: ServiceAccount, Deployment x2, ...": the first kinds in the order met.
std::string kinds_text(const DocumentTally& t) {
  std::string list;
  size_t shown = 0;
  for (const auto& k : t.kind_order) {
    if (shown++ == 8) {
      list += ", ...";
      break;
    }
    if (!list.empty()) list += ", ";
    list += escape_controls(truncate_utf8(to_utf8(k), 64));
    const size_t n = t.kinds.at(k);
    if (n > 1) list += " x" + std::to_string(n);
  }
  return plural(t.stored, "object", "objects") + ": " + list;
}

// The file's type and detail from what its documents held; empty type when none was recognized.
StructuredOutcome summarize(const DocumentTally& t) {
  StructuredOutcome out;
  if (t.kind_configs > 0) {
    out.type = "kind/cluster-config";
  } else if (t.kubeadm_configs > 0 && t.stored == 0) {
    out.type = "kubeadm/cluster-configuration";
  } else if (t.stored == 1 && t.apiserver_pods == 1) {
    out.type = "k8s/apiserver-pod";
  } else if (t.stored == 1 && t.control_planes == 1) {
    out.type = "capi/kubeadm-control-plane";
  } else if (t.stored > 0) {
    out.type = "k8s/objects";
  } else if (t.credential_configs > 0) {
    out.type = "unrecognized";
    out.detail = "kubeconfig or exec credential: not read (it holds credentials)";
    return out;
  } else {
    return {};
  }
  if (t.stored > 0) append_clause(out.detail, kinds_text(t));
  append_clause(out.detail, t.apiserver_detail);
  if (t.secrets > 0) append_clause(out.detail, "Secret values removed (keys kept)");
  if (t.tokens > 0)
    append_clause(out.detail, plural(t.tokens, "embedded token", "embedded tokens") +
                                  " decoded (raw token not kept)");
  if (t.credential_configs > 0)
    append_clause(out.detail, "kubeconfig not read (it holds credentials)");
  append_clause(out.detail, t.notes);
  out.scan_as_text = t.stored > 0 && t.secrets == 0 && t.credential_configs == 0 && t.tokens == 0;
  return out;
}

}  // namespace

StructuredOutcome ingest_documents(const std::vector<StructuredDocument>& docs,
                                   const std::string& path, EvidenceStore& store,
                                   PendingSignatures* pending) {
  std::vector<const StructuredDocument*> present;
  for (const auto& d : docs)
    if (!d.value.is_null()) present.push_back(&d);
  if (present.empty()) return {};

  if (present.size() == 1) {
    StructuredOutcome o = single_document_shape(*present[0], path, store);
    if (!o.type.empty()) return o;
  }

  DocumentTally tally;
  for (const StructuredDocument* doc : present)
    for (const ObjectRef& ref : expand_objects(doc->value))
      file_object(ref, *doc, path, store, pending, tally);
  return summarize(tally);
}

}  // namespace wid
