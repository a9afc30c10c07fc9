// C2 over hand-built evidence: the signing issuer's grammar, the kubeadm default, the public
// discovery document's issuer and the order of several --service-account-issuer flags.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

constexpr const char* kBlob = "https://capzoidcissuer.blob.core.windows.net/oidc/";

ApiServerConfig apiserver(std::vector<std::string> issuers) {
  ApiServerConfig a;
  a.source.path = "cluster/kube-apiserver.yaml";
  a.origin = "static-pod";
  a.issuers = std::move(issuers);
  return a;
}

FederatedCredential fic(const std::string& name, const std::string& issuer, const std::string& sa) {
  FederatedCredential f;
  f.source.path = "azure/fic.json";
  f.identity_name = "capz-identity";
  f.identity_id =
      "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/"
      "providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity";
  f.name = name;
  f.issuer = issuer;
  f.subject = "system:serviceaccount:capz-system:" + sa;
  f.audiences = {"api://AzureADTokenExchange"};
  return f;
}

std::vector<CheckResult> run(const EvidenceStore& store,
                             const std::vector<Finding>& symptoms = {}) {
  return testing::run_check(check_apiserver_issuer_consistent, store, symptoms,
                            "2026-11-28T12:00:00Z");
}

const CheckResult* find(const std::vector<CheckResult>& rs, const std::string& id,
                        FindingStatus status, const std::string& subject = "") {
  return testing::find_result(rs, id, status, subject);
}

TEST(ApiserverIssuerConsistent, KubeadmDefaultFailsWithTheCredentialsPublicIssuerInTheFix) {
  EvidenceStore s;
  s.apiservers.push_back(apiserver({"https://kubernetes.default.svc.cluster.local"}));
  s.federated_credentials.push_back(fic("capz-manager", kBlob, "capz-manager"));
  auto rs = run(s);
  auto* r = find(rs, "ISSUER_DEFAULT_NOT_PUBLIC", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->subject, "https://kubernetes.default.svc.cluster.local");
  EXPECT_EQ(r->values.at("public_issuer"), kBlob);
  EXPECT_EQ(r->evidence.at(0).difference, Difference::kKubeadmDefault);
  EXPECT_NE(find(rs, "ISSUER_URL_INVALID", FindingStatus::kPass), nullptr);
}

TEST(ApiserverIssuerConsistent, UnresolvedVariableIsAnInvalidIssuer) {
  EvidenceStore s;
  s.apiservers.push_back(
      apiserver({"${SERVICE_ACCOUNT_ISSUER:-https://kubernetes.default.svc.cluster.local}"}));
  auto rs = run(s);
  auto* r = find(rs, "ISSUER_URL_INVALID", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_NE(r->detail.find("unresolved variable ${SERVICE_ACCOUNT_ISSUER:-"), std::string::npos);
  EXPECT_NE(r->detail.find("becomes https://kubernetes.default.svc.cluster.local"),
            std::string::npos);
  // Its host is unknown until rendered: no verdict on the default.
  EXPECT_EQ(find(rs, "ISSUER_DEFAULT_NOT_PUBLIC", FindingStatus::kFail), nullptr);
  EXPECT_EQ(find(rs, "ISSUER_DEFAULT_NOT_PUBLIC", FindingStatus::kPass), nullptr);
}

TEST(ApiserverIssuerConsistent, HttpQueryAndFragmentAreInvalid) {
  for (const char* bad : {"http://capzoidcissuer.blob.core.windows.net/oidc/",
                          "https://capzoidcissuer.blob.core.windows.net/oidc?sv=2021-08-06",
                          "https://capzoidcissuer.blob.core.windows.net/oidc#x"}) {
    EvidenceStore s;
    s.apiservers.push_back(apiserver({bad}));
    auto rs = run(s);
    auto* r = find(rs, "ISSUER_URL_INVALID", FindingStatus::kFail);
    ASSERT_NE(r, nullptr) << bad;
    EXPECT_EQ(r->subject, bad);
  }
}

TEST(ApiserverIssuerConsistent, DiscoveryIssuerWithoutTrailingSlashIsNamed) {
  EvidenceStore s;
  s.apiservers.push_back(apiserver({kBlob}));
  OidcDiscovery d;
  d.source.path = "issuer/openid-configuration.json";
  d.served_by = "issuer";
  d.issuer = "https://capzoidcissuer.blob.core.windows.net/oidc";
  s.discoveries.push_back(d);
  auto rs = run(s);
  auto* r = find(rs, "DISCOVERY_DOC_ISSUER_MISMATCH", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->subject,
            "https://capzoidcissuer.blob.core.windows.net/oidc/.well-known/openid-configuration");
  EXPECT_EQ(r->values.at("difference"), "trailing_slash");
  EXPECT_EQ(r->values.at("storage_account"), "capzoidcissuer");
  EXPECT_EQ(r->values.at("container"), "oidc");

  s.discoveries[0].issuer = kBlob;
  rs = run(s);
  EXPECT_NE(find(rs, "DISCOVERY_DOC_ISSUER_MISMATCH", FindingStatus::kPass), nullptr);
}

TEST(ApiserverIssuerConsistent, MissingPublicDiscoveryIsUnknownOnlyUnderASymptom) {
  EvidenceStore s;
  s.apiservers.push_back(apiserver({kBlob}));
  EXPECT_EQ(find(run(s), "DISCOVERY_DOC_ISSUER_MISMATCH", FindingStatus::kUnknown), nullptr);
  Finding symptom;
  symptom.rule_id = "AADSTS90061";
  auto rs = run(s, {symptom});
  auto* r = find(rs, "DISCOVERY_DOC_ISSUER_MISMATCH", FindingStatus::kUnknown);
  ASSERT_NE(r, nullptr);
  ASSERT_EQ(r->needs.size(), 1u);
  EXPECT_EQ(r->needs[0],
            "curl -fsS https://capzoidcissuer.blob.core.windows.net/oidc/.well-known/"
            "openid-configuration -o openid-configuration.json");
}

TEST(ApiserverIssuerConsistent, CredentialForTheSecondIssuerOnly) {
  EvidenceStore s;
  s.apiservers.push_back(apiserver({"https://capzoidcnew.blob.core.windows.net/oidc/", kBlob}));
  s.federated_credentials.push_back(fic("capz-manager", kBlob, "capz-manager"));
  auto rs = run(s);
  auto* r = find(rs, "MULTIPLE_ISSUERS_ORDER", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("position"), "2");
  EXPECT_EQ(r->values.at("issuer"), "https://capzoidcnew.blob.core.windows.net/oidc/");
  EXPECT_EQ(r->values.at("resource_group"), "capz-rg");

  // A credential for the first issuer on the same subject serves it.
  s.federated_credentials.push_back(
      fic("capz-manager-new", "https://capzoidcnew.blob.core.windows.net/oidc/", "capz-manager"));
  rs = run(s);
  EXPECT_EQ(find(rs, "MULTIPLE_ISSUERS_ORDER", FindingStatus::kFail), nullptr);
  EXPECT_NE(find(rs, "MULTIPLE_ISSUERS_ORDER", FindingStatus::kPass), nullptr);
}

TEST(ApiserverIssuerConsistent, NothingToLookAtIsNotRunWithTheCommand) {
  EvidenceStore s;
  CheckContext ctx{s, {}, ""};
  CheckRun r;
  check_apiserver_issuer_consistent(ctx, r);
  EXPECT_TRUE(r.results.empty());
  ASSERT_FALSE(r.needs.empty());
  EXPECT_NE(r.needs[0].find("component=kube-apiserver"), std::string::npos);
}

}  // namespace
}  // namespace wid
