// kube-apiserver flags from every place they are kept, with order and raw values preserved.
#include "collectors/parse/parse_apiserver.h"

#include <gtest/gtest.h>

#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

StructuredDocument doc(const std::string& yaml) {
  auto r = load_yaml(yaml);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() && !r->documents.empty() ? r->documents[0] : StructuredDocument{};
}

constexpr const char* kStaticPod = R"(apiVersion: v1
kind: Pod
metadata:
  annotations:
    kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint: 172.18.0.2:6443
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-apiserver
    - --advertise-address=172.18.0.2
    - --allow-privileged=true
    - --api-audiences=api://AzureADTokenExchange,https://kubernetes.default.svc
    - --service-account-issuer=https://oidcissuer65846b7df97b.z13.web.core.windows.net/
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-account-signing-key-file
    - /etc/kubernetes/pki/sa.key
    - --service-account-jwks-uri=https://oidcissuer65846b7df97b.z13.web.core.windows.net/openid/v1/jwks
    image: registry.k8s.io/kube-apiserver:v1.30.0
    name: kube-apiserver
  hostNetwork: true
status: {}
)";

TEST(ParseApiServerTest, StaticPodManifest) {
  StructuredDocument d = doc(kStaticPod);
  ASSERT_TRUE(is_apiserver_pod(d.value));
  auto cfg = apiserver_from_pod(d.value, ObjectLocation{&d, "cluster/kube-apiserver.yaml", ""});
  ASSERT_TRUE(cfg.has_value());
  EXPECT_EQ(cfg->origin, "static-pod");
  ASSERT_EQ(cfg->issuers.size(), 2u);
  EXPECT_EQ(cfg->issuers[0], "https://oidcissuer65846b7df97b.z13.web.core.windows.net/");
  EXPECT_EQ(cfg->issuers[1], "https://kubernetes.default.svc.cluster.local");
  EXPECT_EQ(cfg->key_files, std::vector<std::string>{"/etc/kubernetes/pki/sa.pub"});
  EXPECT_EQ(cfg->signing_key_file, "/etc/kubernetes/pki/sa.key");  // `--flag value` form
  EXPECT_EQ(cfg->jwks_uri,
            "https://oidcissuer65846b7df97b.z13.web.core.windows.net/openid/v1/jwks");
  EXPECT_EQ(cfg->api_audiences, (std::vector<std::string>{"api://AzureADTokenExchange",
                                                          "https://kubernetes.default.svc"}));
  EXPECT_EQ(cfg->flags.at("allow-privileged"), std::vector<std::string>{"true"});
  EXPECT_EQ(cfg->source.path, "cluster/kube-apiserver.yaml");
  EXPECT_EQ(cfg->source.line, 18u);  // the first --service-account-issuer
  EXPECT_EQ(cfg->source.pointer, "/spec/containers/0");
}

TEST(ParseApiServerTest, PodFromTheApiAndShellWrappedCommands) {
  StructuredDocument d = doc(R"(apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver-mgmt-control-plane
  namespace: kube-system
  uid: 6a3c1f0e-8a1b-4c2d-9e3f-0a1b2c3d4e5f
spec:
  containers:
  - name: sidecar
    image: busybox
  - name: apiserver
    command: ["/bin/sh", "-c", "exec kube-apiserver --service-account-issuer=https://a.example/ --api-audiences api://AzureADTokenExchange"]
status:
  phase: Running
)");
  auto cfg = apiserver_from_pod(d.value, ObjectLocation{&d, "pod.yaml", ""});
  ASSERT_TRUE(cfg.has_value());
  EXPECT_EQ(cfg->origin, "pod");
  EXPECT_EQ(cfg->issuers, std::vector<std::string>{"https://a.example/"});
  EXPECT_EQ(cfg->api_audiences, std::vector<std::string>{"api://AzureADTokenExchange"});
  EXPECT_EQ(cfg->source.pointer, "/spec/containers/1");
}

TEST(ParseApiServerTest, OtherPodsAreNotApiServers) {
  StructuredDocument d =
      doc("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n"
          "    command: [/app, --service-account-issuer=x]\n");
  EXPECT_FALSE(is_apiserver_pod(d.value));
  EXPECT_FALSE(apiserver_from_pod(d.value, ObjectLocation{&d, "p.yaml", ""}).has_value());
}

TEST(ParseApiServerTest, FlagValuesAreKeptRaw) {
  ApiServerConfig cfg;
  parse_flag_tokens({"--service-account-issuer=https://x/ ", "--a=b=c", "--bool", "--x", "y"}, cfg);
  fill_known_flags(cfg);
  EXPECT_EQ(cfg.issuers, std::vector<std::string>{"https://x/ "});  // trailing space is evidence
  EXPECT_EQ(cfg.flags.at("a"), std::vector<std::string>{"b=c"});
  EXPECT_EQ(cfg.flags.at("bool"), std::vector<std::string>{""});
  EXPECT_EQ(cfg.flags.at("x"), std::vector<std::string>{"y"});
}

constexpr const char* kKindConfig = R"(kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  extraMounts:
    - hostPath: /home/user/sa.pub
      containerPath: /etc/kubernetes/pki/sa.pub
    - hostPath: /home/user/sa.key
      containerPath: /etc/kubernetes/pki/sa.key
  kubeadmConfigPatches:
  - |
    kind: ClusterConfiguration
    apiServer:
      extraArgs:
        service-account-issuer: https://oidcissuer65846b7df97b.z13.web.core.windows.net/
        service-account-key-file: /etc/kubernetes/pki/sa.pub
        service-account-signing-key-file: /etc/kubernetes/pki/sa.key
    controllerManager:
      extraArgs:
        service-account-private-key-file: /etc/kubernetes/pki/sa.key
- role: worker
  kubeadmConfigPatches:
  - |
    kind: ClusterConfiguration
    apiServer:
      extraArgs:
        service-account-issuer: https://worker-patches-do-not-count.example/
)";

TEST(ParseApiServerTest, KindConfigPatches) {
  StructuredDocument d = doc(kKindConfig);
  std::string notes;
  ApiServerConfig cfg =
      apiserver_from_kind_config(d.value, ObjectLocation{&d, "kind.yaml", ""}, notes);
  EXPECT_TRUE(notes.empty()) << notes;
  EXPECT_EQ(cfg.origin, "kind-config");
  EXPECT_EQ(cfg.issuers,
            std::vector<std::string>{"https://oidcissuer65846b7df97b.z13.web.core.windows.net/"});
  EXPECT_EQ(cfg.signing_key_file, "/etc/kubernetes/pki/sa.key");
  EXPECT_EQ(cfg.source.line, 15u);  // the issuer line inside the block scalar
  EXPECT_EQ(cfg.source.pointer, "/nodes/0/kubeadmConfigPatches/0");
}

TEST(ParseApiServerTest, KindConfigWithoutPatchesHasNoIssuerFlag) {
  StructuredDocument d =
      doc("kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n"
          "kubeadmConfigPatches:\n- 'not: [valid'\n");
  std::string notes;
  ApiServerConfig cfg =
      apiserver_from_kind_config(d.value, ObjectLocation{&d, "kind.yaml", ""}, notes);
  EXPECT_TRUE(cfg.issuers.empty());
  EXPECT_NE(notes.find("kubeadmConfigPatches entry at /kubeadmConfigPatches/0 does not parse"),
            std::string::npos)
      << notes;
}

TEST(ParseApiServerTest, KubeadmClusterConfigurationMapAndList) {
  StructuredDocument v3 = doc(R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
apiServer:
  extraArgs:
    service-account-issuer: https://issuer.example/
)");
  ApiServerConfig a =
      apiserver_from_cluster_configuration(v3.value, ObjectLocation{&v3, "k.yaml", ""});
  EXPECT_EQ(a.origin, "kubeadm-cluster-configuration");
  EXPECT_EQ(a.issuers, std::vector<std::string>{"https://issuer.example/"});
  EXPECT_EQ(a.source.line, 5u);

  StructuredDocument v4 = doc(R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
apiServer:
  extraArgs:
  - name: service-account-issuer
    value: https://first.example/
  - name: service-account-issuer
    value: https://second.example/
)");
  ApiServerConfig b =
      apiserver_from_cluster_configuration(v4.value, ObjectLocation{&v4, "k.yaml", ""});
  EXPECT_EQ(b.issuers,
            (std::vector<std::string>{"https://first.example/", "https://second.example/"}));
  EXPECT_EQ(b.source.line, 5u);
}

TEST(ParseApiServerTest, KubeadmControlPlaneV1beta1MapV1beta2ListAndTemplate) {
  StructuredDocument v1 = doc(R"(apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata:
  name: my-cluster-control-plane
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
          cloud-provider: external
          service-account-issuer: https://capzoidc.blob.core.windows.net/my-cluster
)");
  ASSERT_TRUE(is_kubeadm_control_plane(v1.value));
  auto a = apiserver_from_kubeadm_control_plane(v1.value, ObjectLocation{&v1, "kcp.yaml", ""});
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->origin, "kubeadm-control-plane");
  EXPECT_EQ(a->issuers,
            std::vector<std::string>{"https://capzoidc.blob.core.windows.net/my-cluster"});
  EXPECT_EQ(a->source.line, 11u);
  EXPECT_EQ(a->source.pointer, "/spec/kubeadmConfigSpec/clusterConfiguration/apiServer/extraArgs");

  StructuredDocument v2 = doc(R"(apiVersion: controlplane.cluster.x-k8s.io/v1beta2
kind: KubeadmControlPlane
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs:
        - name: service-account-issuer
          value: https://v2.example
)");
  auto b = apiserver_from_kubeadm_control_plane(v2.value, ObjectLocation{&v2, "kcp.yaml", ""});
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->issuers, std::vector<std::string>{"https://v2.example"});

  StructuredDocument t = doc(R"(apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlaneTemplate
spec:
  template:
    spec:
      kubeadmConfigSpec:
        clusterConfiguration:
          apiServer:
            extraArgs:
              service-account-issuer: https://template.example
)");
  auto c = apiserver_from_kubeadm_control_plane(t.value, ObjectLocation{&t, "kcpt.yaml", ""});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->issuers, std::vector<std::string>{"https://template.example"});
}

}  // namespace
}  // namespace wid
