// read_bundle end to end: directories, archives, single files, several PATHs; a directory and its
// tarball give identical evidence; every type by content; errors for what cannot be opened.
#include "collectors/bundle/bundle_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <tuple>

#include "analyzer/model/limits.h"
#include "analyzer/model/redact.h"
#include "collectors/parse/digest.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

namespace fs = std::filesystem;
using testing::find_input;
using testing::TarEntry;

constexpr const char* kKlog =
    "I1127 09:02:10.000000       1 controller.go:117] \"Reconciling AzureCluster\" "
    "controller=\"azurecluster\" namespace=\"default\" name=\"my-cluster\"\n"
    "I1127 09:02:11.000000       1 controller.go:117] \"Reconcile done\" "
    "controller=\"azurecluster\"\n";

constexpr const char* kKindConfig = R"(kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  kubeadmConfigPatches:
  - |
    kind: ClusterConfiguration
    apiServer:
      extraArgs:
        service-account-issuer: https://oidcissuer65846b7df97b.z13.web.core.windows.net/
)";

constexpr const char* kFic = R"([
  {
    "audiences": ["api://AzureADTokenExchange"],
    "id": "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity/federatedIdentityCredentials/capz-manager-fic",
    "issuer": "https://oidcissuer65846b7df97b.z13.web.core.windows.net",
    "name": "capz-manager-fic",
    "resourceGroup": "capz-rg",
    "subject": "system:serviceaccount:capz-system:capz-manager",
    "type": "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"
  }
]
)";

constexpr const char* kDiscovery =
    R"({"issuer":"https://oidcissuer65846b7df97b.z13.web.core.windows.net/","jwks_uri":"https://oidcissuer65846b7df97b.z13.web.core.windows.net/openid/v1/jwks","response_types_supported":["id_token"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]})";

// A realistic bundle layout with one file of most types; returns relative path -> bytes.
std::vector<std::pair<std::string, std::string>> bundle_files(EVP_PKEY* key) {
  const std::string token = testing::mint_jwt(
      R"({"alg":"RS256","kid":")" + testing::kubernetes_kid(key) + R"("})",
      R"({"aud":["api://AzureADTokenExchange"],"exp":1795953600,"iat":1795950000,"iss":"https://oidcissuer65846b7df97b.z13.web.core.windows.net/","sub":"system:serviceaccount:capz-system:capz-manager"})",
      key);
  return {
      {"manifest.json", R"({"tool":"wi-doctor","version":"0.1.0","time":"2026-11-28T11:59:00Z"})"},
      {"templates/kind-config.yaml", kKindConfig},
      {"azure/federated-credentials/capz-identity.json", kFic},
      {"issuer/openid-configuration.json", kDiscovery},
      {"issuer/jwks.json",
       R"({"keys":[{"use":"sig","kty":"RSA","kid":"k1","alg":"RS256","n":"ywg7","e":"AQAB"}]})"},
      {"cluster/tokens/capz-system/capz-manager.jwt", token.substr(0, token.rfind('.') + 1)},
      {"keys/sa.pub", testing::public_key_pem(key)},
      {"logs/capz-system/capz-controller-manager-6b8f7d9c5d-h4x2q/manager.log", kKlog},
      {"logs/capz-system/azureserviceoperator-controller-manager-5f/manager.log.gz",
       testing::gzip(kKlog)},
      {"notes/empty.txt", ""},
  };
}

std::set<std::tuple<std::string, std::string, std::string, uint64_t, std::string>> input_set(
    const EvidenceStore& s) {
  std::set<std::tuple<std::string, std::string, std::string, uint64_t, std::string>> out;
  for (const auto& i : s.inputs)
    out.insert({i.path, i.type, i.sha256, i.size, input_status_name(i.status)});
  return out;
}

class BundleReaderTest : public ::testing::Test {
 protected:
  void SetUp() override { key_ = testing::new_rsa_key(); }
  void TearDown() override { EVP_PKEY_free(key_); }
  EVP_PKEY* key_ = nullptr;
  testing::TempDir dir_;
};

TEST_F(BundleReaderTest, DirectoryAndItsTarballGiveIdenticalEvidence) {
  auto files = bundle_files(key_);
  std::vector<TarEntry> entries{{"./", "", TarEntry::Type::kDir}};
  for (const auto& [rel, bytes] : files) {
    dir_.write("bundle/" + rel, bytes);
    entries.emplace_back("./" + rel, bytes);
  }
  const std::string tgz = dir_.write("bundle.tar.gz", testing::make_tar(entries, true));
  const std::string tar = dir_.write("bundle.tar", testing::make_tar(entries, false));

  EvidenceStore from_dir, from_tgz, from_tar;
  ASSERT_TRUE(read_bundle({(dir_.path() / "bundle").string()}, from_dir).ok());
  auto r = read_bundle({tgz}, from_tgz);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(read_bundle({tar}, from_tar).ok());

  EXPECT_EQ(input_set(from_dir), input_set(from_tgz));
  EXPECT_EQ(input_set(from_dir), input_set(from_tar));
  EXPECT_EQ(testing::flatten(from_dir), testing::flatten(from_tgz));
  ASSERT_EQ(from_dir.logs.size(), from_tgz.logs.size());
  for (size_t i = 0; i < from_dir.logs.size(); ++i) {
    EXPECT_EQ(from_dir.logs[i].source, from_tgz.logs[i].source);
    EXPECT_EQ(from_dir.logs[i].component, from_tgz.logs[i].component);
    EXPECT_EQ(from_dir.logs[i].cri, from_tgz.logs[i].cri);
  }
  ASSERT_EQ(r->collectors.size(), 1u);
  EXPECT_EQ(r->collectors[0].status, CollectorState::kCollected);
  EXPECT_EQ(r->collectors[0].error, "");
}

TEST_F(BundleReaderTest, EveryFileIsTakenForWhatItHolds) {
  for (const auto& [rel, bytes] : bundle_files(key_)) dir_.write("b/" + rel, bytes);
  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "b").string()}, s).ok());
  auto type_of = [&](const std::string& p) {
    const InputFile* in = find_input(s, p);
    return in ? in->type : "(missing)";
  };
  EXPECT_EQ(type_of("manifest.json"), "wi-doctor/manifest");
  EXPECT_EQ(type_of("templates/kind-config.yaml"), "kind/cluster-config");
  EXPECT_EQ(type_of("azure/federated-credentials/capz-identity.json"),
            "az/federated-credential-list");
  EXPECT_EQ(type_of("issuer/openid-configuration.json"), "oidc/discovery");
  EXPECT_EQ(type_of("issuer/jwks.json"), "oidc/jwks");
  EXPECT_EQ(type_of("cluster/tokens/capz-system/capz-manager.jwt"), "jwt");
  EXPECT_EQ(type_of("keys/sa.pub"), "pem/public-key");
  EXPECT_EQ(type_of("logs/capz-system/capz-controller-manager-6b8f7d9c5d-h4x2q/manager.log"),
            "log/klog");
  EXPECT_EQ(type_of("logs/capz-system/azureserviceoperator-controller-manager-5f/manager.log.gz"),
            "log/klog");
  EXPECT_EQ(type_of("notes/empty.txt"), "empty");

  EXPECT_EQ(s.manifest_time, "2026-11-28T11:59:00Z");
  ASSERT_EQ(s.apiservers.size(), 1u);
  EXPECT_EQ(s.apiservers[0].issuers[0], "https://oidcissuer65846b7df97b.z13.web.core.windows.net/");
  ASSERT_EQ(s.federated_credentials.size(), 1u);
  EXPECT_EQ(s.federated_credentials[0].source.path,
            "azure/federated-credentials/capz-identity.json");
  ASSERT_EQ(s.discoveries.size(), 1u);
  EXPECT_EQ(s.discoveries[0].served_by, "issuer");
  ASSERT_EQ(s.tokens.size(), 1u);
  EXPECT_EQ(s.tokens[0].claims["sub"], "system:serviceaccount:capz-system:capz-manager");
  ASSERT_EQ(s.keys.size(), 1u);
  EXPECT_EQ(s.keys[0].kid, testing::kubernetes_kid(key_));

  ASSERT_EQ(s.logs.size(), 2u);
  for (const auto& log : s.logs) {
    EXPECT_FALSE(log.cri);
    if (log.source.path.find("azureserviceoperator") != std::string::npos) {
      EXPECT_EQ(log.component, "aso");
      EXPECT_FALSE(log.content->seekable()) << "a .gz log is streamed";
      auto rd = log.content->open();
      ASSERT_TRUE(rd.ok());
      std::string buf(4096, '\0');
      auto n = (*rd)->read(buf.data(), buf.size());
      ASSERT_TRUE(n.ok());
      EXPECT_EQ(buf.substr(0, *n), kKlog);
    } else {
      EXPECT_EQ(log.component, "capz-manager");
      EXPECT_TRUE(log.content->seekable());
    }
  }
  // Sorted, hashed, sized.
  for (size_t i = 1; i < s.inputs.size(); ++i) EXPECT_LT(s.inputs[i - 1].path, s.inputs[i].path);
  const InputFile* fic = find_input(s, "azure/federated-credentials/capz-identity.json");
  EXPECT_EQ(fic->sha256, sha256_hex(kFic));
  EXPECT_EQ(fic->size, std::string(kFic).size());
}

TEST_F(BundleReaderTest, MisleadingNamesDoNotMatter) {
  dir_.write("m/notes.txt", kFic);
  dir_.write("m/data.json", kKlog);
  dir_.write("m/kube-apiserver.log", kKindConfig);
  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "m").string()}, s).ok());
  EXPECT_EQ(find_input(s, "notes.txt")->type, "az/federated-credential-list");
  EXPECT_EQ(find_input(s, "data.json")->type, "log/klog");
  EXPECT_EQ(find_input(s, "kube-apiserver.log")->type, "kind/cluster-config");
}

TEST_F(BundleReaderTest, SingleFileIsNamedByItsBasename) {
  const std::string p = dir_.write("deep/dir/fic.json", kFic);
  EvidenceStore s;
  auto r = read_bundle({p}, s);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(s.inputs.size(), 1u);
  EXPECT_EQ(s.inputs[0].path, "fic.json");
  EXPECT_EQ(s.federated_credentials[0].source.path, "fic.json");
}

TEST_F(BundleReaderTest, SeveralPathsArePrefixedWithTheirBasenames) {
  const std::string a = dir_.write("one/bundle/logs/a.log", kKlog);
  dir_.write("two/bundle/logs/a.log", kKlog);
  const std::string f = dir_.write("fic.json", kFic);
  const std::string tgz =
      dir_.write("saved.tgz", testing::make_tar({{"./cluster/x.json", kDiscovery}}, true));
  EvidenceStore s;
  auto r = read_bundle(
      {(dir_.path() / "one/bundle").string(), (dir_.path() / "two/bundle").string(), f, tgz}, s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_NE(find_input(s, "bundle/logs/a.log"), nullptr);
  EXPECT_NE(find_input(s, "bundle-2/logs/a.log"), nullptr);
  EXPECT_NE(find_input(s, "fic.json"), nullptr);
  ASSERT_NE(find_input(s, "saved.tgz/cluster/x.json"), nullptr);
  EXPECT_EQ(s.discoveries[0].served_by, "cluster");
  EXPECT_EQ(r->collectors.size(), 4u);
}

TEST_F(BundleReaderTest, MissingPathIsNotFound) {
  EvidenceStore s;
  auto r = read_bundle({(dir_.path() / "nope").string()}, s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("no such file or directory: "), std::string::npos);
  auto e = read_bundle({}, s);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(BundleReaderTest, ArchiveThatCannotBeOpenedIsUnreadable) {
  EvidenceStore s;
  const std::string zip = dir_.write("bundle.tar.gz", std::string("PK\x03\x04\x14\x00zip", 9));
  auto r = read_bundle({zip}, s);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnreadable);
  // Zip magic with nothing behind it: a zip libarchive cannot open.
  EXPECT_NE(r.error().message.find("not a readable archive"), std::string::npos)
      << r.error().message;
  // Plain text named like an archive is refused by its name.
  const std::string named = dir_.write("artifact.zip", "just text\n");
  auto t = read_bundle({named}, s);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("not a tar, tar.gz or zip archive"), std::string::npos)
      << t.error().message;
  // gzip that holds no tar, named .tgz
  const std::string gz = dir_.write("logs.tgz", testing::gzip("just text\n"));
  auto g = read_bundle({gz}, s);
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kUnreadable);
}

TEST_F(BundleReaderTest, TruncatedTopLevelArchiveKeepsWhatCameFirst) {
  std::string big;
  for (int i = 0; i < 20000; ++i)
    big += "I0101 00:00:00.000000 1 x.go:1] filler " + std::to_string(i) + "\n";
  const std::string tgz = testing::make_tar(
      {{"./fic.json", kFic}, {"./logs/big.log", big}, {"./zzz.txt", "late"}}, true);
  const std::string p = dir_.write("cut.tgz", tgz.substr(0, tgz.size() / 2));
  EvidenceStore s;
  auto r = read_bundle({p}, s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(find_input(s, "fic.json")->type, "az/federated-credential-list");
  EXPECT_NE(r->collectors[0].error.find("archive truncated"), std::string::npos)
      << r->collectors[0].error;
  bool recorded = false;
  for (const auto& u : s.unreadable)
    recorded = recorded || u.message.find("archive truncated") != std::string::npos;
  EXPECT_TRUE(recorded);
}

TEST_F(BundleReaderTest, NestedArchivesAreReadOneLevelDeep) {
  const std::string inner_inner = testing::make_tar({{"deepest.log", kKlog}}, true);
  const std::string inner =
      testing::make_tar({{"node/kubelet.log", kKlog}, {"node/again.tgz", inner_inner}}, true);
  dir_.write("n/node-logs.tar.gz", inner);
  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "n").string()}, s).ok());
  EXPECT_EQ(find_input(s, "node-logs.tar.gz")->type, "archive");
  EXPECT_EQ(find_input(s, "node-logs.tar.gz/node/kubelet.log")->type, "log/klog");
  const InputFile* again = find_input(s, "node-logs.tar.gz/node/again.tgz");
  ASSERT_NE(again, nullptr);
  EXPECT_EQ(again->status, InputStatus::kSkipped);
  EXPECT_EQ(again->error, "archive inside an archive (only one level of nesting is read)");
}

TEST_F(BundleReaderTest, UnknownJsonIsListedAndStillScanned) {
  dir_.write(
      "u/azure/exchange.json",
      R"({"error":"invalid_request","error_description":"AADSTS70021: No matching federated identity record found for presented assertion.","error_codes":[70021]})");
  dir_.write(
      "u/describe.txt",
      "Name:         capz-controller-manager-7d9c\nNamespace:    capz-system\n"
      "Events:\n  Type     Reason  Age  From  Message\n  ----     ------  ---  ----  -------\n");
  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "u").string()}, s).ok());
  EXPECT_EQ(find_input(s, "azure/exchange.json")->type, "unrecognized");
  EXPECT_EQ(find_input(s, "describe.txt")->type, "log/plain");
  std::set<std::string> scanned;
  for (const auto& l : s.logs) scanned.insert(l.source.path);
  EXPECT_EQ(scanned, (std::set<std::string>{"azure/exchange.json", "describe.txt"}));
}

TEST_F(BundleReaderTest, SecretsNeverReachTheStore) {
  const std::string canary_secret = "abc8Q~CanarySecretValue0123456789";
  const std::string canary_b64 = "Q2FuYXJ5QmFzZTY0U2VjcmV0";
  dir_.write("s/secret.yaml",
             "apiVersion: v1\nkind: Secret\nmetadata:\n  name: capz-sp\n"
             "  namespace: default\ntype: Opaque\ndata:\n  clientSecret: " +
                 canary_b64 + "\n");
  dir_.write("s/.env",
             "export AZURE_CLIENT_ID=4024ab25-56a8-4370-aea6-6389221caf29\n"
             "export AZURE_CLIENT_SECRET=\"" +
                 canary_secret + "\"\n");
  dir_.write("s/kubeconfig",
             "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
             "    server: https://127.0.0.1:6443\nusers:\n- name: u\n  user:\n"
             "    token: " +
                 canary_secret + "\ncontexts: []\ncurrent-context: \"\"\n");
  const std::string token = testing::mint_jwt(R"({"alg":"RS256","kid":"k"})",
                                              R"({"iss":"https://i.example/","sub":"s"})", key_);
  dir_.write("s/token", token + "\n");
  dir_.write(
      "s/pod.json",
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","env":[{"name":"AZURE_CLIENT_SECRET","value":")" +
          canary_secret + R"("}]}]}})");
  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "s").string()}, s).ok());
  const std::string all = testing::flatten(s);
  EXPECT_EQ(all.find("CanarySecret"), std::string::npos) << all;
  EXPECT_EQ(all.find(canary_b64), std::string::npos);
  EXPECT_EQ(all.find(token.substr(token.rfind('.') + 1)), std::string::npos);
  EXPECT_EQ(find_input(s, "kubeconfig")->type, "unrecognized");
  EXPECT_EQ(find_input(s, "secret.yaml")->type, "k8s/objects");
  EXPECT_EQ(find_input(s, "token")->type, "jwt");
  for (const auto& l : s.logs) {
    EXPECT_NE(l.source.path, "secret.yaml") << "a Secret's text is never handed to the scanner";
    EXPECT_NE(l.source.path, "kubeconfig");
  }
}

TEST_F(BundleReaderTest, OversizedStructuredFileIsUnreadableWithTheLimit) {
  std::string big = "{\"items\": [";
  while (big.size() < limits::kMaxStructuredFileBytes + 10) big += "\"xxxxxxxxxxxxxxxxxxxxxxxx\",";
  big += "\"end\"]}";
  dir_.write("o/big.json", big);
  EvidenceStore s;
  ASSERT_TRUE(read_bundle({(dir_.path() / "o").string()}, s).ok());
  const InputFile* in = find_input(s, "big.json");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->status, InputStatus::kUnreadable);
  EXPECT_NE(in->error.find("over the 4.0 MiB limit for YAML/JSON files"), std::string::npos)
      << in->error;
}

// A big log is scanned without a separate hashing pass unless --hash-all asks for one; small logs
// and everything structured keep their sha256.
TEST_F(BundleReaderTest, BigLogsAreHashedOnlyWhenAsked) {
  std::string big;
  while (big.size() <= limits::kMaxHashedLogBytes) big += kKlog;
  dir_.write("b/logs/capz-system/capz-controller-manager-1/manager.log", big);
  dir_.write("b/logs/capz-system/capz-controller-manager-2/manager.log", kKlog);
  dir_.write("b/fic.json", kFic);
  const std::string root = (dir_.path() / "b").string();

  EvidenceStore lean, full;
  ASSERT_TRUE(read_bundle({root}, lean).ok());
  ASSERT_TRUE(read_bundle({root}, full, IngestOptions{true, ""}).ok());

  const InputFile* big_lean =
      find_input(lean, "logs/capz-system/capz-controller-manager-1/manager.log");
  const InputFile* big_full =
      find_input(full, "logs/capz-system/capz-controller-manager-1/manager.log");
  ASSERT_NE(big_lean, nullptr);
  ASSERT_NE(big_full, nullptr);
  EXPECT_EQ(big_lean->sha256, "");
  EXPECT_NE(big_lean->detail.find("not hashed"), std::string::npos) << big_lean->detail;
  EXPECT_EQ(big_lean->type, "log/klog");
  EXPECT_EQ(big_lean->size, big.size());
  EXPECT_EQ(big_full->sha256, sha256_hex(big));
  EXPECT_EQ(big_full->detail.find("not hashed"), std::string::npos);
  ASSERT_EQ(lean.logs.size(), 2u);

  const InputFile* small =
      find_input(lean, "logs/capz-system/capz-controller-manager-2/manager.log");
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->sha256, sha256_hex(kKlog));
  const InputFile* fic = find_input(lean, "fic.json");
  ASSERT_NE(fic, nullptr);
  EXPECT_EQ(fic->sha256, sha256_hex(kFic));
}

// With hash_logs_in_scan, a plain log bigger than its head is left to the scan's read: its entry
// has no sha256 yet and its LogSource carries the pending digest, which reading the log whole
// fills. A small log, a gzipped one and a structured file are hashed as before.
TEST_F(BundleReaderTest, LogsAreHashedByTheScanWhenAsked) {
  std::string big;
  while (big.size() <= 2 * limits::kSniffBytes) big += kKlog;
  dir_.write("b/logs/capz-system/capz-controller-manager-1/manager.log", big);
  dir_.write("b/logs/capz-system/capz-controller-manager-2/manager.log", kKlog);
  const std::string gz = testing::gzip(big);
  dir_.write("b/logs/capz-system/capz-controller-manager-3/manager.log.gz", gz);
  dir_.write("b/fic.json", kFic);
  IngestOptions opts;
  opts.hash_logs_in_scan = true;
  EvidenceStore store;
  ASSERT_TRUE(read_bundle({(dir_.path() / "b").string()}, store, opts).ok());

  const InputFile* in = find_input(store, "logs/capz-system/capz-controller-manager-1/manager.log");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->sha256, "");
  EXPECT_EQ(in->detail.find("not hashed"), std::string::npos) << in->detail;
  const LogSource* log = nullptr;
  for (const LogSource& l : store.logs) {
    const bool is_big = l.source.path == in->path;
    EXPECT_EQ(l.digest != nullptr, is_big) << l.source.path;
    if (is_big) log = &l;
  }
  ASSERT_NE(log, nullptr);
  ASSERT_NE(log->digest, nullptr);
  // The scanner's view is the text, unchanged for a UTF-8 log.
  auto r = log->content->open();
  ASSERT_TRUE(r.ok());
  std::string read(big.size() + 1, '\0'), text;
  for (auto n = (*r)->read(read.data(), read.size()); n.ok() && *n > 0;
       n = (*r)->read(read.data(), read.size()))
    text.append(read.data(), *n);
  EXPECT_EQ(text, big);
  auto hex = log->digest->settle();
  ASSERT_TRUE(hex.ok()) << hex.error().message;
  EXPECT_EQ(*hex, sha256_hex(big));

  for (const char* path : {"logs/capz-system/capz-controller-manager-2/manager.log",
                           "logs/capz-system/capz-controller-manager-3/manager.log.gz", "fic.json"})
    ASSERT_NE(find_input(store, path), nullptr) << path;
  EXPECT_EQ(find_input(store, "logs/capz-system/capz-controller-manager-2/manager.log")->sha256,
            sha256_hex(kKlog));
  EXPECT_EQ(find_input(store, "logs/capz-system/capz-controller-manager-3/manager.log.gz")->sha256,
            sha256_hex(gz));
  EXPECT_EQ(find_input(store, "fic.json")->sha256, sha256_hex(kFic));
}

// A file no bigger than the sniffed head is hashed (and, when structured, parsed) from the head;
// one a byte bigger is read again. Both give the file's own hash and content.
TEST_F(BundleReaderTest, FilesAroundTheHeadSizeHashAndParseTheSame) {
  std::string exact;
  while (exact.size() + std::string_view(kKlog).size() <= limits::kSniffBytes) exact += kKlog;
  exact.append(limits::kSniffBytes - exact.size() - 1, 'x').push_back('\n');
  ASSERT_EQ(exact.size(), limits::kSniffBytes);
  const std::string over = exact + "y\n";
  std::string fic = kFic;
  const size_t close = fic.rfind('}');
  // Padding inside the document, so the JSON file is over the head and still parses.
  fic.insert(close, std::string(limits::kSniffBytes, ' '));
  dir_.write("b/exact.log", exact);
  dir_.write("b/over.log", over);
  dir_.write("b/fic.json", fic);
  EvidenceStore store;
  ASSERT_TRUE(read_bundle({(dir_.path() / "b").string()}, store).ok());
  const InputFile* e = find_input(store, "exact.log");
  const InputFile* o = find_input(store, "over.log");
  const InputFile* f = find_input(store, "fic.json");
  ASSERT_NE(e, nullptr);
  ASSERT_NE(o, nullptr);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(e->sha256, sha256_hex(exact));
  EXPECT_EQ(o->sha256, sha256_hex(over));
  EXPECT_EQ(f->sha256, sha256_hex(fic));
  EXPECT_EQ(f->status, InputStatus::kRead) << f->error;
  EXPECT_EQ(store.federated_credentials.size(), 1u);
}

// --source-root: a file read from under the repository gets its repository-relative path (where
// SARIF points); a file outside it and an archive member get none, and nothing is absolute.
TEST_F(BundleReaderTest, SourcePathIsRelativeToTheRepositoryRoot) {
  dir_.write("repo/infra/capz/fic.json", kFic);
  dir_.write("repo/infra/capz/manager.log", kKlog);
  dir_.write("elsewhere/fic.json", kFic);
  const auto repo = std::filesystem::canonical(dir_.path() / "repo");
  EvidenceStore s;
  ASSERT_TRUE(
      read_bundle({(dir_.path() / "repo" / "infra").string(), (dir_.path() / "elsewhere").string()},
                  s, IngestOptions{false, repo.string()})
          .ok());
  const InputFile* inside = find_input(s, "infra/capz/fic.json");
  ASSERT_NE(inside, nullptr);
  EXPECT_EQ(inside->source_path, "infra/capz/fic.json");
  const InputFile* log = find_input(s, "infra/capz/manager.log");
  ASSERT_NE(log, nullptr);
  EXPECT_EQ(log->source_path, "infra/capz/manager.log");
  const InputFile* outside = find_input(s, "elsewhere/fic.json");
  ASSERT_NE(outside, nullptr);
  EXPECT_EQ(outside->source_path, "");

  EvidenceStore none;
  ASSERT_TRUE(read_bundle({(dir_.path() / "repo").string()}, none).ok());
  for (const InputFile& in : none.inputs) EXPECT_EQ(in.source_path, "") << in.path;
}

}  // namespace
}  // namespace wid
