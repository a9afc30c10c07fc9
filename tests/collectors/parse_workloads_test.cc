// Typed Kubernetes records from objects as `kubectl get -o yaml` prints them: workloads of every
// kind with webhook-injected env and the projected token volume, ServiceAccounts, CAPZ objects,
// and the order file_typed_objects files them in.
#include "collectors/parse/parse_workloads.h"

#include <gtest/gtest.h>

#include "collectors/parse/parse_capz_objects.h"
#include "collectors/parse/parse_core_objects.h"
#include "collectors/parse/parse_k8s_objects.h"
#include "collectors/parse/typed_objects.h"
#include "collectors/parse/yaml_loader.h"

namespace wid {
namespace {

KubeObject object_of(const std::string& yaml) {
  auto y = load_yaml(yaml);
  EXPECT_TRUE(y.ok());
  return make_kube_object(y->documents[0].value, SourceRef{"cluster/objects.yaml", 1, ""}).object;
}

// A capz-controller-manager Pod after the webhook mutated it (trimmed `kubectl get pod -o yaml`).
constexpr const char* kInjectedPod = R"(apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "2026-11-20T09:12:44Z"
  generateName: capz-controller-manager-6b8f7d9c5d-
  labels:
    azure.workload.identity/use: "true"
    control-plane: capz-controller-manager
    pod-template-hash: 6b8f7d9c5d
  name: capz-controller-manager-6b8f7d9c5d-h4x2q
  namespace: capz-system
  ownerReferences:
  - apiVersion: apps/v1
    blockOwnerDeletion: true
    controller: true
    kind: ReplicaSet
    name: capz-controller-manager-6b8f7d9c5d
    uid: 0b7c4a52-1f2e-4d6a-9c0e-2a4b6c8d0e1f
spec:
  containers:
  - args:
    - --leader-elect
    env:
    - name: AZURE_CLIENT_ID
      value: 4024ab25-56a8-4370-aea6-6389221caf29
    - name: AZURE_TENANT_ID
      value: b6c948ef-f6b5-4384-8354-da3a15eca969
    - name: AZURE_FEDERATED_TOKEN_FILE
      value: /var/run/secrets/azure/tokens/azure-identity-token
    - name: AZURE_AUTHORITY_HOST
      value: https://login.microsoftonline.com/
    - name: POD_NAME
      valueFrom:
        fieldRef:
          apiVersion: v1
          fieldPath: metadata.name
    image: registry.k8s.io/cluster-api-azure/cluster-api-azure-controller:v1.17.2
    name: manager
    volumeMounts:
    - mountPath: /var/run/secrets/azure/tokens
      name: azure-identity-token
      readOnly: true
  serviceAccount: capz-manager
  serviceAccountName: capz-manager
  volumes:
  - name: cert
    secret:
      defaultMode: 420
      secretName: capz-webhook-service-cert
  - name: azure-identity-token
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          audience: api://AzureADTokenExchange
          expirationSeconds: 3600
          path: azure-identity-token
)";

TEST(ParseWorkloadsTest, InjectedPod) {
  auto w = parse_workload(object_of(kInjectedPod), 3);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->object.kind, "Pod");
  EXPECT_EQ(w->object.namespace_, "capz-system");
  EXPECT_EQ(w->object.order, 3u);
  EXPECT_EQ(w->object.source.path, "cluster/objects.yaml");
  EXPECT_EQ(w->template_pointer, "");
  EXPECT_TRUE(w->has_pod_spec);
  EXPECT_EQ(w->pod_labels.at("azure.workload.identity/use"), "true");
  EXPECT_EQ(w->labels, w->pod_labels);
  EXPECT_EQ(w->service_account, "capz-manager");
  ASSERT_EQ(w->env.size(), 5u);
  EXPECT_EQ(w->env[0].name, "AZURE_CLIENT_ID");
  EXPECT_EQ(w->env[0].value, "4024ab25-56a8-4370-aea6-6389221caf29");
  EXPECT_EQ(w->env[4].name, "POD_NAME");
  EXPECT_EQ(w->env[4].value, "");
  EXPECT_EQ(w->env[4].value_from, "fieldRef");
  EXPECT_EQ(w->volumes, (std::vector<std::string>{"cert", "azure-identity-token"}));
  ASSERT_EQ(w->projected_tokens.size(), 1u);
  EXPECT_EQ(w->projected_tokens[0].volume, "azure-identity-token");
  EXPECT_EQ(w->projected_tokens[0].audience, "api://AzureADTokenExchange");
  EXPECT_EQ(w->projected_tokens[0].expiration_seconds, "3600");
  EXPECT_EQ(w->projected_tokens[0].path, "azure-identity-token");
  EXPECT_EQ(w->created, "2026-11-20T09:12:44Z");
  ASSERT_EQ(w->owners.size(), 1u);
  EXPECT_EQ(w->owners[0].kind, "ReplicaSet");
  EXPECT_EQ(w->owners[0].name, "capz-controller-manager-6b8f7d9c5d");
  EXPECT_EQ(w->pod_template_hash, "6b8f7d9c5d");
}

TEST(ParseWorkloadsTest, DeploymentReadsItsPodTemplateNotItsOwnLabels) {
  auto w = parse_workload(object_of(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: "2026-11-01T08:00:00Z"
  labels:
    app: orders-api
    azure.workload.identity/use: "true"
  name: orders-api
  namespace: orders
spec:
  replicas: 2
  selector:
    matchLabels:
      app: orders-api
  template:
    metadata:
      annotations:
        azure.workload.identity/inject-proxy-sidecar: "false"
      labels:
        app: orders-api
    spec:
      initContainers:
      - name: migrate
        image: orders/migrate:1.4
        env:
        - name: AZURE_TENANT_ID
          value: b6c948ef-f6b5-4384-8354-da3a15eca969
      containers:
      - name: api
        image: orders/api:1.4
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: orders-db
              key: password
      serviceAccount: orders-legacy
)"),
                          0);
  ASSERT_TRUE(w.has_value());
  EXPECT_EQ(w->template_pointer, "/spec/template");
  EXPECT_EQ(w->labels.count("azure.workload.identity/use"), 1u);
  EXPECT_EQ(w->pod_labels.count("azure.workload.identity/use"), 0u);
  EXPECT_EQ(w->pod_annotations.at("azure.workload.identity/inject-proxy-sidecar"), "false");
  EXPECT_EQ(w->service_account, "orders-legacy");  // the deprecated field, still honoured
  ASSERT_EQ(w->env.size(), 2u);
  EXPECT_EQ(w->env[0].name, "AZURE_TENANT_ID");  // init containers first
  EXPECT_EQ(w->env[1].value_from, "secretKeyRef");
  EXPECT_TRUE(w->projected_tokens.empty());
}

TEST(ParseWorkloadsTest, CronJobAndStatefulSetTemplates) {
  auto cron = parse_workload(object_of(R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: finance
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels:
            azure.workload.identity/use: "true"
        spec:
          restartPolicy: OnFailure
          serviceAccountName: report-writer
          containers:
          - name: report
            image: finance/report:2.0
)"),
                             0);
  ASSERT_TRUE(cron.has_value());
  EXPECT_EQ(cron->template_pointer, "/spec/jobTemplate/spec/template");
  EXPECT_EQ(cron->service_account, "report-writer");
  EXPECT_EQ(cron->pod_labels.at("azure.workload.identity/use"), "true");

  auto sts = parse_workload(object_of(R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: ledger
  namespace: finance
spec:
  serviceName: ledger
  template:
    metadata:
      labels:
        app: ledger
    spec:
      containers:
      - name: ledger
        image: finance/ledger:3.1
)"),
                            0);
  ASSERT_TRUE(sts.has_value());
  EXPECT_EQ(sts->template_pointer, "/spec/template");
  EXPECT_EQ(sts->service_account, "default");
}

TEST(ParseWorkloadsTest, OnlyWorkloadKindsOfTheirGroup) {
  EXPECT_FALSE(
      parse_workload(object_of("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n"), 0));
  EXPECT_FALSE(parse_workload(
      object_of("apiVersion: example.com/v1\nkind: Deployment\nmetadata:\n  name: d\n"), 0));
  auto bare = parse_workload(object_of("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"), 0);
  ASSERT_TRUE(bare.has_value());
  EXPECT_FALSE(bare->has_pod_spec);
  EXPECT_EQ(bare->service_account, "default");
}

TEST(ParseCoreObjectsTest, ServiceAccountAnnotations) {
  ServiceAccount sa = parse_service_account(object_of(R"(apiVersion: v1
kind: ServiceAccount
metadata:
  annotations:
    azure.workload.identity/client-id: 4024ab25-56a8-4370-aea6-6389221caf29
    azure.workload.identity/tenant-id: b6c948ef-f6b5-4384-8354-da3a15eca969
  labels:
    azure.workload.identity/use: "true"
  name: capz-manager
  namespace: capz-system
)"),
                                            1);
  EXPECT_EQ(sa.client_id, "4024ab25-56a8-4370-aea6-6389221caf29");
  EXPECT_EQ(sa.tenant_id, "b6c948ef-f6b5-4384-8354-da3a15eca969");
  EXPECT_EQ(sa.labels.at("azure.workload.identity/use"), "true");
  EXPECT_EQ(sa.object.name, "capz-manager");
}

TEST(ParseCapzObjectsTest, ClusterIdentityAndCluster) {
  AzureClusterIdentity id =
      parse_cluster_identity(object_of(R"(apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureClusterIdentity
metadata:
  name: cluster-identity
  namespace: default
spec:
  type: ServicePrincipal
  clientID: 4024ab25-56a8-4370-aea6-6389221caf29
  tenantID: b6c948ef-f6b5-4384-8354-da3a15eca969
  clientSecret:
    name: cluster-identity-secret
  allowedNamespaces:
    list: [default, team-a]
    selector:
      matchExpressions:
      - key: tenant
        operator: In
        values: [a, b]
)"),
                             0);
  EXPECT_TRUE(id.capz_group);
  EXPECT_EQ(id.type, "ServicePrincipal");
  EXPECT_TRUE(id.has_client_secret);
  EXPECT_EQ(id.client_secret_name, "cluster-identity-secret");
  EXPECT_EQ(id.client_secret_namespace, "");
  EXPECT_TRUE(id.allowed_namespaces.is_object);
  EXPECT_EQ(id.allowed_namespaces.list, (std::vector<std::string>{"default", "team-a"}));
  ASSERT_EQ(id.allowed_namespaces.match_expressions.size(), 1u);
  EXPECT_EQ(id.allowed_namespaces.match_expressions[0].op, "In");

  auto cluster = parse_capz_cluster(object_of(R"(apiVersion: infrastructure.cluster.x-k8s.io/v1beta1
kind: AzureCluster
metadata:
  name: quickstart
  namespace: team-a
spec:
  identityRef:
    kind: AzureClusterIdentity
    name: cluster-identity
)"),
                                    0);
  ASSERT_TRUE(cluster.has_value());
  EXPECT_TRUE(cluster->has_identity_ref);
  EXPECT_EQ(cluster->identity_namespace, "team-a");  // defaulted as CAPZ does
  EXPECT_FALSE(parse_capz_cluster(
      object_of("apiVersion: example.com/v1\nkind: AzureCluster\nmetadata:\n  name: x\n"), 0));
}

TEST(TypedObjectsTest, FiledInObjectOrder) {
  EvidenceStore store;
  store.objects.push_back(
      object_of("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n"));
  store.objects.push_back(object_of(kInjectedPod));
  store.objects.push_back(
      object_of("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: b\n"));
  file_typed_objects(store);
  file_typed_objects(store);  // idempotent
  ASSERT_EQ(store.service_accounts.size(), 2u);
  EXPECT_EQ(store.service_accounts[0].object.name, "a");
  EXPECT_EQ(store.service_accounts[1].object.order, 2u);
  ASSERT_EQ(store.workloads.size(), 1u);
  EXPECT_EQ(store.workloads[0].object.order, 1u);
}

}  // namespace
}  // namespace wid
