// Deciding what a parsed YAML/JSON file is from its shape, and filing its records.
#include "collectors/bundle/structured_ingest.h"

#include <gtest/gtest.h>

#include "collectors/parse/json_loader.h"
#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

std::vector<StructuredDocument> yaml(const std::string& text) {
  auto r = load_yaml(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->documents : std::vector<StructuredDocument>{};
}

std::vector<StructuredDocument> json(const std::string& text) {
  auto r = load_json(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  StructuredDocument d;
  if (r.ok()) d.value = r->value;
  return {d};
}

constexpr const char* kTemplate = R"(apiVersion: cluster.x-k8s.io/v1beta1
kind: Cluster
metadata:
  name: my-cluster
  namespace: default
spec:
  controlPlaneRef:
    apiVersion: controlplane.cluster.x-k8s.io/v1beta1
    kind: KubeadmControlPlane
    name: my-cluster-control-plane
---
apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureClusterIdentity
metadata:
  name: cluster-identity
  namespace: default
spec:
  allowedNamespaces: {}
  clientID: 4024ab25-56a8-4370-aea6-6389221caf29
  tenantID: b6c948ef-f6b5-4384-8354-da3a15eca969
  type: WorkloadIdentity
---
apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata:
  name: my-cluster-control-plane
  namespace: default
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
          service-account-issuer: https://oidcissuer65846b7df97b.z13.web.core.windows.net/
)";

TEST(StructuredIngestTest, ClusterTemplateIsObjectsWithApiServerFlags) {
  EvidenceStore s;
  auto docs = yaml(kTemplate);
  StructuredOutcome o = ingest_documents(docs, "templates/cluster-template.yaml", s);
  EXPECT_EQ(o.type, "k8s/objects");
  EXPECT_TRUE(o.scan_as_text);
  EXPECT_EQ(s.objects.size(), 3u);
  ASSERT_EQ(s.apiservers.size(), 1u);
  EXPECT_EQ(s.apiservers[0].origin, "kubeadm-control-plane");
  EXPECT_EQ(s.apiservers[0].source.line, 33u);
  EXPECT_EQ(s.objects[1].kind, "AzureClusterIdentity");
  EXPECT_EQ(s.objects[1].source.line, 12u);
  EXPECT_NE(o.detail.find("3 objects: Cluster, AzureClusterIdentity, KubeadmControlPlane"),
            std::string::npos)
      << o.detail;
}

TEST(StructuredIngestTest, AListHoldingOnlyTheApiServerPodIsAnApiServerPod) {
  EvidenceStore s;
  auto docs = json(R"({"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod",
    "metadata":{"name":"kube-apiserver-kind-control-plane","namespace":"kube-system","uid":"u"},
    "spec":{"containers":[{"name":"kube-apiserver","command":["kube-apiserver","--service-account-issuer=https://i.example/"]}]},
    "status":{"phase":"Running"}}]})");
  StructuredOutcome o = ingest_documents(docs, "pods.json", s);
  EXPECT_EQ(o.type, "k8s/apiserver-pod");
  ASSERT_EQ(s.apiservers.size(), 1u);
  EXPECT_EQ(s.apiservers[0].origin, "pod");
  EXPECT_EQ(s.apiservers[0].source.pointer, "/items/0/spec/containers/0");
}

TEST(StructuredIngestTest, AzYamlOutputIsRecognisedToo) {
  EvidenceStore s;
  auto docs = yaml(
      "- audiences:\n  - api://AzureADTokenExchange\n"
      "  id: /subscriptions/s/resourcegroups/rg/providers/Microsoft.ManagedIdentity/"
      "userAssignedIdentities/id1/federatedIdentityCredentials/f\n"
      "  issuer: https://i.example/\n  name: f\n  resourceGroup: rg\n"
      "  subject: system:serviceaccount:capz-system:capz-manager\n");
  StructuredOutcome o = ingest_documents(docs, "fic.yaml", s);
  EXPECT_EQ(o.type, "az/federated-credential-list");
  ASSERT_EQ(s.federated_credentials.size(), 1u);
  EXPECT_EQ(s.federated_credentials[0].identity_name, "id1");
}

TEST(StructuredIngestTest, RoleDefinitionsAreNamedInTheDetail) {
  EvidenceStore s;
  auto docs = json(
      R"([{"id":"/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7",
    "name":"acdd72a7-3385-48ef-bd42-f606fba81ae7","roleName":"Reader","roleType":"BuiltInRole",
    "permissions":[{"actions":["*/read"],"notActions":[],"dataActions":[],"notDataActions":[]}],
    "assignableScopes":["/"],"type":"Microsoft.Authorization/roleDefinitions"}])");
  StructuredOutcome o = ingest_documents(docs, "azure/role-definitions.json", s);
  EXPECT_EQ(o.type, "az/role-definition-list");
  EXPECT_EQ(o.detail, "1 role definition: Reader");
  ASSERT_EQ(s.role_definitions.size(), 1u);
  EXPECT_EQ(s.role_definitions[0].actions, std::vector<std::string>{"*/read"});
}

TEST(StructuredIngestTest, KubeconfigIsNeverStored) {
  EvidenceStore s;
  auto docs = yaml("apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    token: t0p\n");
  StructuredOutcome o = ingest_documents(docs, "config", s);
  EXPECT_EQ(o.type, "unrecognized");
  EXPECT_FALSE(o.scan_as_text);
  EXPECT_TRUE(s.objects.empty());
  EXPECT_NE(o.detail.find("not read (it holds credentials)"), std::string::npos);
}

TEST(StructuredIngestTest, SecretsAreStoredWithoutValuesAndNotScanned) {
  EvidenceStore s;
  auto docs = yaml("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\ndata:\n  k: dmFsdWU=\n");
  StructuredOutcome o = ingest_documents(docs, "secret.yaml", s);
  EXPECT_EQ(o.type, "k8s/objects");
  EXPECT_FALSE(o.scan_as_text);
  EXPECT_NE(o.detail.find("Secret values removed (keys kept)"), std::string::npos);
}

TEST(StructuredIngestTest, KubeadmAndManifestAndNothing) {
  EvidenceStore s;
  auto kubeadm = yaml(
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n---\n"
      "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
      "apiServer:\n  extraArgs:\n    service-account-issuer: https://i.example/\n");
  EXPECT_EQ(ingest_documents(kubeadm, "kubeadm.yaml", s).type, "kubeadm/cluster-configuration");
  EXPECT_TRUE(s.objects.empty()) << "kubeadm configs are files, not API objects";

  auto manifest = json(R"({"tool":"wi-doctor","time":"2026-11-28T11:59:30Z"})");
  EXPECT_EQ(ingest_documents(manifest, "manifest.json", s).type, "wi-doctor/manifest");
  EXPECT_EQ(s.manifest_time, "2026-11-28T11:59:30Z");

  auto other = json(R"({"name": "something else"})");
  EXPECT_EQ(ingest_documents(other, "x.json", s).type, "");
  auto nothing = yaml("---\n---\n");
  EXPECT_EQ(ingest_documents(nothing, "x.yaml", s).type, "");
}

}  // namespace
}  // namespace wid
