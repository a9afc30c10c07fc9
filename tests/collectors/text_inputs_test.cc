// Every input that is not consumed as a recognised record is read as text too, in the encodings
// users really save: UTF-16 with a BOM (Windows PowerShell 5.1 `>`), UTF-8 with a BOM, CRLF and
// bare CR line ends; a zip is read like a tar. Checked through read_bundle, on what the log
// scanner would be handed.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "collectors/bundle/archive_reader.h"
#include "collectors/bundle/bundle_reader.h"
#include "tests/collectors/collector_fixtures.h"

namespace wid {
namespace {

using testing::find_input;
using testing::TarEntry;

std::string utf16le(const std::string& ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// The text the scanner reads for path; "" when the input is not scanned.
std::string scanned_text(const EvidenceStore& s, const std::string& path) {
  for (const auto& l : s.logs) {
    if (l.source.path != path) continue;
    auto r = l.content->open();
    EXPECT_TRUE(r.ok());
    std::string out, buf(4096, '\0');
    while (true) {
      auto n = (*r)->read(buf.data(), buf.size());
      if (!n.ok() || *n == 0) break;
      out.append(buf.data(), *n);
    }
    return out;
  }
  return "";
}

constexpr const char* kCapzKlog =
    "I1128 11:40:27.000000       1 azurecluster_controller.go:120] \"Reconciling AzureCluster\"\r\n"
    "E1128 11:40:28.123456       1 controller.go:329] \"Reconciler error\" err=\"failed to get "
    "token: AADSTS70021: No matching federated identity record found for presented "
    "assertion.\"\r\n";

class TextInputsTest : public ::testing::Test {
 protected:
  EvidenceStore read(const std::string& dir) {
    EvidenceStore s;
    auto r = read_bundle({(dir_.path() / dir).string()}, s);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return s;
  }
  testing::TempDir dir_;
};

TEST_F(TextInputsTest, PowerShellUtf16LogIsAKlogCaptureNotBinary) {
  dir_.write("b/logs/capz-system/capz-controller-manager-7d9c/manager.log", utf16le(kCapzKlog));
  EvidenceStore s = read("b");
  const std::string path = "logs/capz-system/capz-controller-manager-7d9c/manager.log";
  const InputFile* in = find_input(s, path);
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->type, "log/klog");
  EXPECT_NE(in->detail.find("UTF-16LE with BOM"), std::string::npos) << in->detail;
  EXPECT_EQ(scanned_text(s, path), kCapzKlog);
}

TEST_F(TextInputsTest, Utf16AzOutputIsParsedAsTheRecordItHolds) {
  const std::string fic =
      R"([{"audiences":["api://AzureADTokenExchange"],"id":"/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity/federatedIdentityCredentials/capz-manager-fic",)"
      "\r\n"
      R"("issuer":"https://oidc.example.com","name":"capz-manager-fic","resourceGroup":"capz-rg","subject":"system:serviceaccount:capz-system:capz-manager","type":"Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"}])"
      "\r\n";
  dir_.write("f/fic.json", utf16le(fic));
  EvidenceStore s = read("f");
  const InputFile* in = find_input(s, "fic.json");
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->status, InputStatus::kRead);
  EXPECT_EQ(in->type, "az/federated-credential-list");
  EXPECT_EQ(s.federated_credentials.size(), 1u);
  // A recognised record is evidence, not text: it is not scanned.
  EXPECT_EQ(scanned_text(s, "fic.json"), "");
}

TEST_F(TextInputsTest, BareCrLinesAreLinesForTheSnifferAndTheScanner) {
  std::string mac = kCapzKlog;
  for (size_t i = mac.find("\r\n"); i != std::string::npos; i = mac.find("\r\n", i))
    mac.erase(i + 1, 1);
  dir_.write("c/manager.log", "\xEF\xBB\xBF" + mac);
  EvidenceStore s = read("c");
  EXPECT_EQ(find_input(s, "manager.log")->type, "log/klog");
  std::string want = mac;
  for (char& ch : want)
    if (ch == '\r') ch = '\n';
  EXPECT_EQ(scanned_text(s, "manager.log"), want);
}

TEST_F(TextInputsTest, SavedErrorResponseIsScannedByItsValuesOnTheirLines) {
  dir_.write("j/token-error.json", R"({
  "error": "invalid_client",
  "error_description": "AADSTS700222: AAD-issued tokens may not be used for federated identity flows.\r\nTrace ID: 0b7c9a84-7d6e-4d4b-9f1e-2a1d3c4b5e00\r\nCorrelation ID: 4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\r\nTimestamp: 2026-11-28 11:40:28Z",
  "error_codes": [700222]
}
)");
  EvidenceStore s = read("j");
  EXPECT_EQ(find_input(s, "token-error.json")->type, "unrecognized");
  EXPECT_EQ(
      scanned_text(s, "token-error.json"),
      "\n"
      "\"error\": \"invalid_client\"\n"
      "\"error_description\": \"AADSTS700222: AAD-issued tokens may not be used for "
      "federated identity flows.  Trace ID: 0b7c9a84-7d6e-4d4b-9f1e-2a1d3c4b5e00  Correlation "
      "ID: 4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d  Timestamp: 2026-11-28 11:40:28Z\"\n"
      "\"error_codes\": [700222]\n");
}

TEST_F(TextInputsTest, KubeObjectIsScannedWithoutItsAnnotations) {
  dir_.write("k/pod.json", R"({
  "apiVersion": "v1",
  "kind": "Pod",
  "metadata": {
    "name": "app",
    "namespace": "default",
    "annotations": {
      "kubectl.kubernetes.io/last-applied-configuration": "{\"metadata\":{\"annotations\":{\"note\":\"AADSTS70021 seen before\"}}}"
    }
  },
  "status": {
    "conditions": [{"type": "Ready", "status": "False", "message": "containers with unready status: [app]"}]
  }
})");
  EvidenceStore s = read("k");
  EXPECT_EQ(find_input(s, "pod.json")->type, "k8s/objects");
  const std::string text = scanned_text(s, "pod.json");
  EXPECT_EQ(text.find("AADSTS70021"), std::string::npos) << text;
  EXPECT_NE(text.find("\"message\": \"containers with unready status: [app]\""), std::string::npos)
      << text;
}

TEST_F(TextInputsTest, WhatDoesNotParseIsUnreadableAndStillScanned) {
  const std::string cut = R"({"error":{"code":"AuthorizationFailed","message":"The client)";
  dir_.write("u/arm-error.json", cut);
  // A JS error dump and a Python repr look like JSON to no one who reads them.
  dir_.write("u/node-error.txt",
             "{ Error: The access token is from the wrong issuer "
             "'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/'.\n"
             "  statusCode: 401,\n  code: 'InvalidAuthenticationTokenTenant' }\n");
  dir_.write("u/python.txt",
             "{'error': 'invalid_client', 'error_description': 'AADSTS7000215: Invalid client "
             "secret provided.'}\n");
  EvidenceStore s = read("u");
  const InputFile* arm = find_input(s, "arm-error.json");
  EXPECT_EQ(arm->status, InputStatus::kUnreadable);
  EXPECT_NE(arm->detail.find("its lines are scanned as text"), std::string::npos);
  EXPECT_EQ(scanned_text(s, "arm-error.json"), cut);
  EXPECT_EQ(find_input(s, "node-error.txt")->type, "log/plain");
  EXPECT_EQ(find_input(s, "python.txt")->type, "log/plain");
  EXPECT_EQ(find_input(s, "python.txt")->status, InputStatus::kRead);
}

TEST_F(TextInputsTest, ZipIsReadLikeATarWithTheSameSafetyRules) {
  const std::string zip = testing::make_zip({
      {"logs/capz-system/capz-controller-manager-7d9c/manager.log", kCapzKlog},
      {"../escape.log", "x\n"},
      {"link", "", TarEntry::Type::kSymlink, "/etc/passwd"},
  });
  ASSERT_TRUE(is_zip_header(zip));
  const std::string top = dir_.write("artifact.zip", zip);
  EvidenceStore s;
  auto r = read_bundle({top}, s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  // A bundle given as one archive lists its members by their own names, as a tarball does.
  const std::string log = "logs/capz-system/capz-controller-manager-7d9c/manager.log";
  ASSERT_NE(find_input(s, log), nullptr);
  EXPECT_EQ(find_input(s, log)->type, "log/klog");
  ASSERT_NE(find_input(s, "../escape.log"), nullptr);
  EXPECT_EQ(find_input(s, "../escape.log")->status, InputStatus::kSkipped);
  ASSERT_NE(find_input(s, "link"), nullptr);
  EXPECT_EQ(find_input(s, "link")->status, InputStatus::kSkipped);

  // Inside a directory bundle, a zip is an archive whose members are listed under its path.
  dir_.write("d/ci/artifact.zip", zip);
  EvidenceStore d = read("d");
  EXPECT_EQ(find_input(d, "ci/artifact.zip")->type, "archive");
  EXPECT_EQ(find_input(d, "ci/artifact.zip")->detail,
            "zip archive, members listed under this path");
  ASSERT_NE(find_input(d, "ci/artifact.zip/" + log), nullptr);
  EXPECT_EQ(find_input(d, "ci/artifact.zip/" + log)->type, "log/klog");
}

}  // namespace
}  // namespace wid
