// Evidence: the contract between collectors and rules. Typed records, parsed once by collectors,
// never re-parsed by rules; each carries the SourceRef it came from. Live and offline collection
// fill the same records.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "analyzer/model/chunk_reader.h"
#include "analyzer/model/source_ref.h"

namespace wid {

// Whether an input file was read. Declared in the order of its names so sorting by either agrees.
enum class InputStatus { kRead, kSkipped, kUnreadable };
const char* input_status_name(InputStatus s);
std::optional<InputStatus> parse_input_status(const std::string& s);

// What an input file was taken to be. The report's `inputs` lists each file with its type so a
// user can see at once that their fic.json was read as a federated-credential list.
struct InputFile {
  std::string path;    // relative to the analyzed root
  std::string sha256;  // hex, of the bytes as stored
  uint64_t size = 0;
  std::string
      type;  // e.g. "log/klog", "k8s/objects", "az/federated-credential-list", "unrecognized"
  std::string detail;  // e.g. "3 objects: ServiceAccount, Deployment, AzureClusterIdentity"
  InputStatus status = InputStatus::kRead;
  std::string error;  // why, when not read
  // With --source-root: the file's path relative to that repository root, when the file lies
  // under it (a cluster template, a kind config). SARIF locates results there; never absolute.
  std::string source_path;
  // Live runs: the URL the file was fetched from (the bundle path says where it is kept).
  std::string url;
};

// One source of evidence and how reading it went: a bundle PATH, or one live read (kube:pods,
// issuer, azure). A bundle made by `collect` carries its live collectors in manifest.json.
// Declared in the order of its names, so sorting by value sorts as the names do.
enum class CollectorState { kCollected, kFailed, kSkipped };
const char* collector_state_name(CollectorState s);  // collected | failed | skipped
std::optional<CollectorState> parse_collector_state(const std::string& s);

struct CollectorStatus {
  std::string name;
  CollectorState status = CollectorState::kCollected;
  std::string error;
  std::string
      needs;  // for skipped or failed: the command, flag or permission that would provide it
  // Wall-clock time the collector took. Optional so golden files and byte-for-byte comparisons
  // can leave it out (the CLI sets it; tests do not); omitted from the JSON when unset.
  std::optional<uint64_t> duration_ms;
};

// A log file or stream, scanned by the log scanner, never loaded whole.
struct LogSource {
  SourceRef source;
  std::string component;  // capz-manager | aso | webhook | kube-apiserver | workload | unknown
  bool cri = false;       // CRI "2024-... stdout F " framing to strip
  std::shared_ptr<const ChunkSource> content;
  // Set when the ingest left the log's sha256 to the scan: analyze() settles it into the inputs
  // entry of the same path. Null when it was hashed at ingest, or is not hashed at all.
  std::shared_ptr<const PendingDigest> digest;
};

struct KubeObject {
  SourceRef source;
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;
  nlohmann::json body;  // Secret `data`/`stringData` values are removed by the collector.
};

// Which Kubernetes object a typed record was read from, and where. `order` is the object's
// position in EvidenceStore::objects, so a check that reads several kinds of record together
// (client ids from AzureClusterIdentities and ServiceAccounts) keeps the bundle's order.
struct KubeMeta {
  SourceRef source;
  std::string api_version;
  std::string kind;
  std::string namespace_;
  std::string name;
  size_t order = 0;
};

// One env entry of a container, in container order (init containers first).
struct EnvVar {
  std::string container;  // the (init) container that declares it
  std::string name;
  std::string value;  // the literal value; "" when unset or taken from valueFrom
  std::string
      value_from;  // valueFrom's source kind (secretKeyRef, fieldRef, ...); "" for a literal
};

// A service-account token projected into a pod: what kubelet asks the API server for.
struct ProjectedToken {
  std::string volume;  // the volume's name
  std::string path;
  std::string audience;            // "" = the API server's default audience
  std::string expiration_seconds;  // as written; "" when unset
};

// Where a container mounts a volume: the path a token file is read from is mount_path + "/" + the
// projected token's path (a subPath mounts one file of the volume at mount_path itself).
struct VolumeMount {
  std::string container;
  std::string volume;
  std::string mount_path;
  std::string sub_path;
};

struct OwnerReference {
  std::string kind;
  std::string name;
};

// A Pod, or a workload whose pod template users write: Deployment, StatefulSet, DaemonSet,
// ReplicaSet (apps), Job, CronJob (batch). Pod fields are read from the pod template.
struct Workload {
  KubeMeta object;
  std::string template_pointer;               // JSON pointer of the pod template; "" for a Pod
  bool has_pod_spec = false;                  // the pod (template) spec is an object
  std::map<std::string, std::string> labels;  // the object's own metadata.labels
  std::map<std::string, std::string> pod_labels;
  std::map<std::string, std::string> pod_annotations;
  // serviceAccountName, else the deprecated serviceAccount, else "default".
  std::string service_account;
  std::vector<EnvVar> env;           // every (init) container's env, in order
  std::vector<std::string> volumes;  // volume names, in order
  std::vector<ProjectedToken> projected_tokens;
  std::vector<VolumeMount> mounts;  // every (init) container's volumeMounts, in order
  std::string created;              // metadata.creationTimestamp
  std::vector<OwnerReference> owners;
  std::string pod_template_hash;  // the pod-template-hash label
};

struct ServiceAccount {
  KubeMeta object;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::string client_id;  // azure.workload.identity/client-id
  std::string tenant_id;  // azure.workload.identity/tenant-id
};

struct MutatingWebhookConfiguration {
  KubeMeta object;
  std::string created;  // metadata.creationTimestamp
};

struct KubeNamespace {
  KubeMeta object;
  std::map<std::string, std::string> labels;
};

struct ConfigMap {
  KubeMeta object;
  std::map<std::string, std::string> data;
};

// Secret values are removed by the collector; the keys say what it is for.
struct Secret {
  KubeMeta object;
  std::vector<std::string> keys;  // data and stringData keys
};

// metav1.LabelSelectorRequirement.
struct LabelRequirement {
  std::string key;
  std::string op;
  std::vector<std::string> values;
};

// AzureClusterIdentity spec.allowedNamespaces, with the distinctions CAPZ makes: absent or null,
// `{}`, an empty list, an empty selector.
struct AllowedNamespaces {
  std::string json;  // the field as the manifest wrote it, as JSON text; "" when absent
  bool is_object = false;
  bool has_list = false;  // list present and not null
  std::vector<std::string> list;
  bool has_selector = false;  // selector present and not null
  std::map<std::string, std::string> match_labels;
  bool match_labels_not_strings = false;  // a matchLabels value that is not a string
  std::vector<LabelRequirement> match_expressions;
};

struct AzureClusterIdentity {
  KubeMeta object;
  bool capz_group = false;  // of CAPZ's API group infrastructure.cluster.x-k8s.io
  std::string type;
  std::string client_id;
  std::string tenant_id;
  bool has_client_secret = false;  // spec.clientSecret names a Secret
  std::string client_secret_name;
  std::string client_secret_namespace;  // as written; "" when unset
  AllowedNamespaces allowed_namespaces;
};

// An AzureCluster or AzureManagedControlPlane of CAPZ's API group, through its identityRef.
struct CapzCluster {
  KubeMeta object;
  bool has_identity_ref = false;  // spec.identityRef set at all
  std::string identity_kind;
  std::string identity_name;
  std::string identity_namespace;  // defaulted to the cluster's namespace, as CAPZ does
};

// An AzureMachineTemplate (fields of spec.template.spec) or an AzureMachine (of spec).
struct CapzMachine {
  KubeMeta object;
  std::string spec_pointer;  // "/spec/template/spec" or "/spec"
  bool has_spec = false;
  std::map<std::string, std::string> annotations;
  std::string identity;                   // spec.identity
  std::vector<std::string> provider_ids;  // userAssignedIdentities[*].providerID, in order
};

struct ApiServerConfig {
  SourceRef source;
  std::string origin;  // static-pod | pod | kind-config | kubeadm-cluster-configuration |
                       // kubeadm-control-plane
  std::vector<std::string> issuers;  // --service-account-issuer, in order; [0] signs
  std::vector<std::string> key_files;
  std::string signing_key_file;
  std::string jwks_uri;
  std::vector<std::string> api_audiences;
  std::map<std::string, std::vector<std::string>> flags;  // every flag seen, in order
};

struct FederatedCredential {
  SourceRef source;
  std::string shape;  // az-cli | arm | graph
  std::string identity_name;
  std::string identity_id;  // resource ID of the owning identity, when known
  std::string name;
  std::string issuer;
  std::string subject;
  std::vector<std::string> audiences;
  std::string created_at;  // systemData.createdAt, RFC 3339, when present
};

struct ManagedIdentity {
  SourceRef source;
  std::string name;
  std::string id;
  std::string client_id;
  std::string principal_id;
  std::string tenant_id;
  std::string resource_group;
};

struct RoleAssignment {
  SourceRef source;
  std::string id;
  std::string principal_id;
  std::string principal_type;
  std::string role_definition_id;
  std::string role_definition_name;
  std::string scope;
  std::string created_on;
};

// A role definition from `az role definition list` or ARM. The permission blocks are flattened:
// built-in roles have exactly one, and the checks ask "which role grants this action".
struct RoleDefinition {
  SourceRef source;
  std::string id;         // .../providers/Microsoft.Authorization/roleDefinitions/<GUID>
  std::string name;       // the GUID
  std::string role_name;  // "Contributor"
  std::string role_type;  // BuiltInRole | CustomRole
  std::vector<std::string> actions;
  std::vector<std::string> not_actions;
  std::vector<std::string> data_actions;
  std::vector<std::string> not_data_actions;
  std::vector<std::string> assignable_scopes;
};

struct OidcDiscovery {
  SourceRef source;
  std::string served_by;  // cluster | issuer | unknown (a loose file)
  std::string issuer;
  std::string jwks_uri;
  std::vector<std::string> signing_algs;
};

struct JsonWebKey {
  std::string kid;
  std::string kty;
  std::string alg;
  std::string use;
  nlohmann::json raw;  // public members only (n, e, crv, x, y)
};

struct Jwks {
  SourceRef source;
  std::string served_by;  // cluster | issuer | unknown
  std::vector<JsonWebKey> keys;
};

// A JWT reduced to what may be shown: header, claims, a fingerprint, and the outcome of checking
// its signature against the keys at hand. The raw token and its signature are never kept.
struct ServiceAccountToken {
  SourceRef source;
  nlohmann::json header;
  nlohmann::json claims;
  std::string fingerprint;  // first 16 hex of SHA-256 over the whole token
  std::string alg;          // header "alg" ("" when absent or not a string)
  std::string kid;          // header "kid" ("" when absent or not a string)
  // The signature checked (RFC 8725) against every key in the bundle (JWKS, sa.pub, the public
  // half of sa.key); `jku`/`x5u`/`jwk` headers are never fetched or trusted:
  //   verified      a key at hand verifies it (verified_by says which)
  //   invalid       keys of the right type were tried and none verifies it (tampered, wrong key)
  //   no-key        no key of the type its alg needs is at hand
  //   rejected-alg  alg outside the allowlist (none, HS*, ...), or the key its kid names is of
  //                 another type than alg needs
  //   unsigned      the signature segment is empty (a redacted token)
  //   ""            not checked (a token parsed outside read_bundle)
  std::string signature;
  std::string verified_by;      // "<key SourceRef> (kid <kid>)" of the key that verified it
  std::string verified_by_kid;  // that key's kid alone ("" when it has none)
};

struct PemKey {
  SourceRef source;
  std::string pem_type;  // "PUBLIC KEY", "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", ...
  bool is_private = false;
  // The public half, as Kubernetes names it: kid = base64url(SHA-256(SubjectPublicKeyInfo DER))
  // (pkg/serviceaccount/jwt.go keyIDFromPublicKey); empty when the block could not be decoded
  // (an encrypted private key, a certificate request). No private key material is kept.
  std::string kid;
  std::string key_type;  // RSA | EC | ED25519 | ... ; empty when unknown
  // DER SubjectPublicKeyInfo of the public key (public data only), so tokens can be verified
  // against it; empty when kid is.
  std::string spki_der;
};

struct Settings {
  SourceRef source;
  std::map<std::string, std::string> values;  // secret-looking values are redacted by the collector
};

// A file that could not be parsed: it becomes an INPUT_UNREADABLE finding and the run goes on.
struct UnreadableInput {
  SourceRef source;
  std::string type;     // what the sniffer thought it was
  std::string message;  // parser message with location, never the input bytes
  // Only its content looked structured (no .json/.yaml name claimed it), and its lines were
  // scanned as text all the same: a pasted message, not damaged evidence.
  bool text_that_looked_structured = false;
};

// One request of a live fetch of the public issuer (issuer/fetch.json), made the way Entra makes
// it: https only, few redirects, from outside the cluster.
struct IssuerRequest {
  std::string what;  // discovery | jwks
  std::string url;
  long status = 0;  // HTTP status; 0 when no response came back
  std::string content_type;
  std::string address;  // the address actually connected to
  std::string error;    // TLS, DNS, timeout, redirect or refused-address error; "" when none
};

// What a live run saw when it fetched the public issuer's documents, kept as evidence so an
// offline analysis of the bundle judges reachability as the live run did.
struct IssuerFetch {
  SourceRef source;
  std::string issuer;
  std::vector<IssuerRequest> requests;
};

// How a live run reached the Kubernetes API server (cluster/connection.json): the kubeconfig
// context, the server, and whether its certificate was verified, so an analysis of the bundle
// judges the connection as the live run did.
struct KubeConnection {
  SourceRef source;
  std::string context;
  std::string server;
  bool insecure_skip_tls_verify = false;  // the cluster's insecure-skip-tls-verify: true
  std::string proxy_url;                  // the cluster's proxy-url, credentials removed
};

// A minted token's signature, checked at collection time with the whole token against the API
// server's JWKS (cluster/tokens/<ns>/<sa>.verify.json beside the redacted <sa>.jwt, which has no
// signature left to check).
struct TokenVerification {
  SourceRef source;
  std::string token_path;  // the redacted token's bundle path
  std::string signature;   // a ServiceAccountToken::signature value
  std::string verified_by;
  std::string verified_by_kid;
};

// A bound from limits.h that cut an input short: an ANALYSIS_LIMIT_REACHED finding, never a
// silent cut. What was read before the bound is still analyzed.
struct LimitReached {
  SourceRef source;    // the input (or directory, or archive) that was cut
  std::string limit;   // which bound, e.g. "files per directory walk"
  std::string flag;    // the option that raises it, e.g. "--max-files"; "" when fixed
  std::string detail;  // what was not read, and how much
};

// Everything collected for one analysis. Rules read it; only collectors write it.
struct EvidenceStore {
  std::vector<InputFile> inputs;
  std::vector<LogSource> logs;
  std::vector<KubeObject> objects;
  // Typed records of the objects above, each list in the order of `objects`.
  std::vector<Workload> workloads;
  std::vector<ServiceAccount> service_accounts;
  std::vector<MutatingWebhookConfiguration> webhook_configurations;
  std::vector<KubeNamespace> namespaces;
  std::vector<ConfigMap> config_maps;
  std::vector<Secret> secrets;
  std::vector<AzureClusterIdentity> cluster_identities;
  std::vector<CapzCluster> capz_clusters;
  std::vector<CapzMachine> capz_machines;
  std::vector<ApiServerConfig> apiservers;
  std::vector<FederatedCredential> federated_credentials;
  std::vector<ManagedIdentity> identities;
  std::vector<RoleAssignment> role_assignments;
  std::vector<RoleDefinition> role_definitions;
  std::vector<OidcDiscovery> discoveries;
  std::vector<Jwks> jwks;
  std::vector<ServiceAccountToken> tokens;
  std::vector<PemKey> keys;
  std::vector<Settings> settings;
  std::vector<UnreadableInput> unreadable;
  std::vector<LimitReached> limits_reached;
  // Full RFC 3339 timestamps seen in the bundle (manifest time, JSON log lines, archive member
  // times); used to place year-less klog times and to judge a saved bundle as of when it was saved.
  std::string manifest_time;
  std::string newest_timestamp;
  // The collectors a bundle's manifest.json lists (the live run that made it), so a source that
  // failed live still shows, and still counts as incomplete, when the bundle is analyzed.
  std::vector<CollectorStatus> bundle_collectors;
  // The issuer fetches a live run made (issuer/fetch.json), for OIDC_DISCOVERY_UNREACHABLE.
  std::vector<IssuerFetch> issuer_fetches;
  // How a live run connected to the API server (cluster/connection.json).
  std::vector<KubeConnection> kube_connections;
  // Minted tokens' signatures as checked at collection time (cluster/tokens/*.verify.json).
  std::vector<TokenVerification> token_verifications;
};

}  // namespace wid
