// Content sniffers: every type by content, misleading names, and the log component rules.
#include "collectors/bundle/sniff.h"

#include <gtest/gtest.h>

#include <string>

#include "analyzer/model/limits.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

constexpr const char* kKlog =
    "I1214 14:45:23.230477       1 logr.go:284] \"Reconciling\" controller=\"azurecluster\"\n"
    "E0416 11:49:50.130226       1 controller.go:329] \"Reconciler error\" err=\"boom\"\n";

TEST(SniffTest, EmptyAndWhitespace) {
  EXPECT_EQ(sniff("a.log", "").type, "empty");
  EXPECT_EQ(sniff("a.log", "").note, "0 bytes");
  EXPECT_EQ(sniff("a.yaml", " \n\t\n").note, "only whitespace");
  // Comments are not nothing: a pasted issue title or a commented-out error is read as text.
  Sniffed c = sniff("a.txt", "# only a comment\n# and another\n");
  EXPECT_EQ(c.family, FileFamily::kLog);
  EXPECT_EQ(c.type, "log/plain");
  EXPECT_FALSE(c.certain);
  // An Azure Pipelines log copied from its web view: log commands, not comments.
  Sniffed ado = sniff("pipeline.log",
                      "##[section]Starting: AzureCLI\n##[error]Script failed with error: ERROR: "
                      "AADSTS700213: No matching federated identity record found\n");
  EXPECT_EQ(ado.family, FileFamily::kLog);
}

TEST(SniffTest, BinaryByNulControlsAndUtf16) {
  Sniffed nul = sniff("x.yaml", std::string("kind: Pod\n\0x", 12));
  EXPECT_EQ(nul.family, FileFamily::kBinary);
  EXPECT_EQ(nul.note, "NUL byte at offset 10");
  std::string controls(100, '\x01');
  EXPECT_EQ(sniff("x.log", controls).type, "binary");
  Sniffed u16 = sniff("x.log", std::string("\xFF\xFEk\0i\0", 6));
  EXPECT_EQ(u16.type, "binary");
  EXPECT_NE(u16.note.find("UTF-16"), std::string::npos);
  // Colour codes are text.
  EXPECT_EQ(sniff("x.log", "\x1b[31mE0416 11:49:50.130226 1 x.go:1] red\x1b[0m\n").family,
            FileFamily::kLog);
}

TEST(SniffTest, KlogEvenWhenNamedJson) {
  Sniffed s = sniff("data.json", kKlog);
  EXPECT_EQ(s.family, FileFamily::kLog);
  EXPECT_EQ(s.type, "log/klog");
  // A few unprefixed lines first (flag deprecation notices) do not hide it.
  EXPECT_EQ(sniff("m.log", std::string("Flag --foo has been deprecated\n") + kKlog).type,
            "log/klog");
}

TEST(SniffTest, CriFraming) {
  Sniffed s = sniff("logs/capz-system/capz-controller-manager-7d9/manager/0.log",
                    "2024-05-19T08:19:49.001573000Z stderr F I0519 08:19:49.001 1 x.go:1] hi\n"
                    "2024-05-19T08:19:49.101573000+00:00 stdout P partial\n");
  EXPECT_EQ(s.type, "log/cri");
  EXPECT_EQ(s.component, "capz-manager");
}

TEST(SniffTest, JsonLinesLogs) {
  EXPECT_EQ(sniff("w.log",
                  "{\"level\":\"info\",\"ts\":1666785196.5036922,\"logger\":\"entrypoint\","
                  "\"msg\":\"initializing metrics backend\",\"backend\":\"prometheus\"}\n")
                .type,
            "log/json");
  EXPECT_EQ(sniff("w.log",
                  "{\"level\":\"info\",\"timestamp\":\"2025-05-19T08:19:49.001573Z\","
                  "\"message\":\"http: TLS handshake error\"}\n")
                .type,
            "log/json");
  // One line longer than the sniff window is judged by the keys before the cut.
  std::string huge = "{\"level\":\"error\",\"msg\":\"" + std::string(limits::kSniffBytes, 'x');
  EXPECT_EQ(sniff("w.log", huge).type, "log/json");
  // A one-line JSON document that is not a log record is structured.
  Sniffed doc = sniff("m.json", "{\"tool\":\"wi-doctor\",\"time\":\"2026-11-28T12:00:00Z\"}\n");
  EXPECT_EQ(doc.type, "json");
}

TEST(SniffTest, PlainLogs) {
  Sniffed s =
      sniff("app.txt", "2024-01-02 10:00:00 INFO starting\n2024-01-02 10:00:01 ERROR failed: x\n");
  EXPECT_EQ(s.type, "log/plain");
  EXPECT_TRUE(s.certain);
  Sniffed go = sniff("app.txt", "2024/01/02 10:00:00 listening on :8080\n");
  EXPECT_EQ(go.type, "log/plain");
  Sniffed text = sniff("README", "Some words that are not structured at all.\n");
  EXPECT_EQ(text.type, "log/plain");
  EXPECT_FALSE(text.certain);
}

TEST(SniffTest, PemJwtAndEnv) {
  EXPECT_EQ(sniff("sa.txt", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n").family,
            FileFamily::kPem);
  EVP_PKEY* key = testing::new_rsa_key();
  std::string jwt = testing::mint_jwt("{\"alg\":\"RS256\",\"kid\":\"k\"}",
                                      "{\"iss\":\"https://x\",\"sub\":\"s\"}", key);
  EVP_PKEY_free(key);
  EXPECT_EQ(sniff("token", jwt + "\n").type, "jwt");
  // Signature removed (as wi-doctor collect stores it).
  EXPECT_EQ(sniff("token", jwt.substr(0, jwt.rfind('.') + 1)).type, "jwt");
  // Three dotted base64url words whose first is not a JOSE header are not a JWT.
  EXPECT_NE(sniff("x", "abc.def.ghi").type, "jwt");
  EXPECT_EQ(
      sniff(".env", "# CAPZ quick start\nexport AZURE_TENANT_ID=\"t\"\nAZURE_CLIENT_ID=c\n").type,
      "env");
}

TEST(SniffTest, JsonAndYamlCandidates) {
  Sniffed j = sniff("notes.txt", "[\n  {\"issuer\": \"https://x\"}\n]\n");
  EXPECT_EQ(j.type, "json");
  EXPECT_TRUE(j.certain);
  Sniffed bracket = sniff("x", "[2024-01-02 10:00:00,123] not json\n[x] more\n");
  EXPECT_NE(bracket.type, "json");  // a timestamped log
  Sniffed br2 = sniff("x", "[INFO] something happened\n");
  EXPECT_EQ(br2.type, "json");
  EXPECT_FALSE(br2.certain);

  Sniffed y = sniff("x.txt", "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n");
  EXPECT_EQ(y.type, "yaml");
  EXPECT_TRUE(y.certain);
  Sniffed doc = sniff("x.txt", "---\nfoo: bar\n");
  EXPECT_TRUE(doc.certain);
  Sniffed describe = sniff("describe.txt",
                           "Name:         capz-controller-manager\n"
                           "Namespace:    capz-system\n");
  EXPECT_EQ(describe.type, "yaml");
  EXPECT_FALSE(describe.certain);
}

TEST(SniffTest, ComponentFromPathInOrder) {
  EXPECT_EQ(
      log_component("logs/capz-system/azureserviceoperator-controller-manager-5f/manager.log"),
      "aso");
  EXPECT_EQ(log_component("x/aso-controller-manager/manager.log"), "aso");
  EXPECT_EQ(log_component("logs/aso-system/op/manager.log"), "aso");
  EXPECT_EQ(log_component("ASO.log"), "aso");
  EXPECT_EQ(
      log_component("logs/azure-workload-identity-system/azure-wi-webhook-controller-manager-1/"
                    "manager.log"),
      "webhook");
  EXPECT_EQ(log_component("logs/kube-system/workload-identity-webhook.log"), "webhook");
  EXPECT_EQ(log_component("logs/kube-system/kube-apiserver-mgmt-control-plane/kube-apiserver.log"),
            "kube-apiserver");
  EXPECT_EQ(log_component("logs/capz-system/capz-controller-manager-7d9/manager.log"),
            "capz-manager");
  EXPECT_EQ(log_component("Logs/CAPZ/manager.log"), "capz-manager");
  EXPECT_EQ(log_component("logs/default/my-app-6f9/app.log"), "workload");
  // "aso" must start a segment: a pod named "lasso" is a workload.
  EXPECT_EQ(log_component("logs/default/lasso-1/app.log"), "workload");
}

}  // namespace
}  // namespace wid
