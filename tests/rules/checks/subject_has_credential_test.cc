// C3 over hand-built evidence: the subjects in use (Entra's echo, workloads) against the
// identity's credential list, and ASO's second credential proven only from that list.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

constexpr const char* kIssuer = "https://oidcissuer65846b7df97b.z13.web.core.windows.net/";
constexpr const char* kCapz = "system:serviceaccount:capz-system:capz-manager";
constexpr const char* kAso = "system:serviceaccount:capz-system:azureserviceoperator-default";

FederatedCredential fic(const std::string& name, const std::string& subject,
                        const std::string& issuer = kIssuer) {
  FederatedCredential f;
  f.source.path = "azure/fic.json";
  f.identity_name = "capz-identity";
  f.identity_id =
      "/subscriptions/0f2b1e5a-3c4d-4e6f-8a9b-0c1d2e3f4a5b/resourcegroups/capz-rg/"
      "providers/Microsoft.ManagedIdentity/userAssignedIdentities/capz-identity";
  f.name = name;
  f.issuer = issuer;
  f.subject = subject;
  f.audiences = {"api://AzureADTokenExchange"};
  return f;
}

Finding entra(const std::string& rule, const std::string& subject) {
  Finding f;
  f.rule_id = rule;
  f.subject = subject;
  f.captures["issuer"] = {kIssuer};
  f.captures["subject"] = {subject};
  f.first = SourceRef{"logs/manager.log", 5, ""};
  return f;
}

KubeObject deployment(const std::string& ns, const std::string& sa, bool labelled = true) {
  KubeObject o;
  o.api_version = "apps/v1";
  o.kind = "Deployment";
  o.namespace_ = ns;
  o.name = "app";
  o.source.path = "cluster/app.yaml";
  o.body = nlohmann::json::parse(R"({"spec":{"template":{"metadata":{"labels":{}},"spec":{}}}})");
  if (labelled)
    o.body["spec"]["template"]["metadata"]["labels"]["azure.workload.identity/use"] = "true";
  if (!sa.empty()) o.body["spec"]["template"]["spec"]["serviceAccountName"] = sa;
  return o;
}

std::vector<CheckResult> run(const EvidenceStore& store, const std::vector<Finding>& symptoms = {},
                             std::vector<std::string>* needs = nullptr) {
  const EvidenceStore typed = testing::filed(store);
  CheckContext ctx{typed, symptoms, "2026-11-28T12:00:00Z"};
  CheckRun r;
  check_subject_has_credential(ctx, r);
  if (needs) *needs = r.needs;
  return r.results;
}

const CheckResult* find(const std::vector<CheckResult>& rs, const std::string& id,
                        FindingStatus status, const std::string& subject = "") {
  return testing::find_result(rs, id, status, subject);
}

TEST(SubjectHasCredential, WrongServiceAccountNamesTheNearSubject) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("capz-manager-sa", kCapz + std::string("-sa")));
  auto rs = run(s, {entra("AADSTS70021", kCapz)});
  auto* r = find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kFail, kCapz);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("near_subject"), kCapz + std::string("-sa"));
  EXPECT_EQ(r->values.at("subject"), kCapz);
  EXPECT_EQ(r->values.at("issuer"), kIssuer);
  EXPECT_EQ(r->values.at("identity"), "capz-identity");
  EXPECT_EQ(r->values.at("resource_group"), "capz-rg");
  EXPECT_EQ(find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kFail), nullptr);
}

TEST(SubjectHasCredential, WorkloadWithoutServiceAccountNameUsesDefault) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("api", "system:serviceaccount:payments:payments-api"));
  s.objects.push_back(deployment("payments", ""));
  s.objects.push_back(deployment("other", "unlabelled", false));  // not a WI workload
  auto rs = run(s);
  EXPECT_NE(find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kFail,
                 "system:serviceaccount:payments:default"),
            nullptr);
  EXPECT_EQ(find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kFail,
                 "system:serviceaccount:other:unlabelled"),
            nullptr);
}

TEST(SubjectHasCredential, ExactSubjectPasses) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("capz", kCapz));
  s.federated_credentials.push_back(fic("aso", kAso));
  s.objects.push_back(deployment("capz-system", "capz-manager"));
  s.objects.push_back(deployment("capz-system", "azureserviceoperator-default", false));
  auto rs = run(s);
  EXPECT_NE(find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kPass, kCapz), nullptr);
  EXPECT_NE(find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kPass, kAso), nullptr);
  for (auto& r : rs) EXPECT_NE(r.status, FindingStatus::kFail) << r.rule_id;
}

TEST(SubjectHasCredential, CaseDifferenceIsWhitespaceOrCaseNotWrongSa) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("capz", "system:serviceaccount:CAPZ-system:capz-manager"));
  auto rs = run(s, {entra("AADSTS7002138", kCapz)});
  auto* r = find(rs, "FIC_FIELD_WHITESPACE_OR_CASE", FindingStatus::kFail);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("field"), "subject");
  EXPECT_EQ(r->values.at("difference"), "case");
  EXPECT_EQ(r->values.at("subject"), kCapz);  // the fix writes the token's exact value
  EXPECT_EQ(r->evidence.at(0).difference, Difference::kCase);
  EXPECT_EQ(find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kFail), nullptr);
}

TEST(SubjectHasCredential, AsoMissingIsProvenFromTheListWhenAsoRuns) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("capz", kCapz));
  EXPECT_EQ(find(run(s), "ASO_SA_FIC_MISSING", FindingStatus::kFail), nullptr);  // no ASO here
  s.objects.push_back(deployment("capz-system", "azureserviceoperator-default", false));
  auto rs = run(s);  // no log at all: the list proves it
  auto* r = find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kFail, kAso);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->values.at("issuer"), kIssuer);
  EXPECT_EQ(r->values.at("capz_subject"), kCapz);
}

TEST(SubjectHasCredential, AsoFailingWithItsCredentialPresentIsNotAsoMissing) {
  // A wrong issuer: Entra rejects ASO's subject although its credential exists.
  EvidenceStore s;
  s.federated_credentials.push_back(fic("capz", kCapz, "https://old.example/"));
  s.federated_credentials.push_back(fic("aso", kAso, "https://old.example/"));
  auto rs = run(s, {entra("AADSTS70021", kAso)});
  EXPECT_EQ(find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kFail), nullptr);
  EXPECT_NE(find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kPass, kAso), nullptr);
  EXPECT_EQ(find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kFail), nullptr);
}

TEST(SubjectHasCredential, AsoNamespaceFollowsItsDeployment) {
  EvidenceStore s;
  s.federated_credentials.push_back(fic("capz", kCapz));
  s.federated_credentials.push_back(fic("aso", kAso));
  s.objects.push_back(deployment("aso-system", "azureserviceoperator-default", false));
  auto rs = run(s);
  EXPECT_NE(find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kFail,
                 "system:serviceaccount:aso-system:azureserviceoperator-default"),
            nullptr);
}

TEST(SubjectHasCredential, NoCredentialListIsUnknownOnlyWhenEntraNamedTheSubject) {
  EvidenceStore s;
  std::vector<std::string> needs;
  auto rs = run(s, {}, &needs);
  EXPECT_TRUE(rs.empty());
  ASSERT_EQ(needs.size(), 1u);
  EXPECT_NE(needs[0].find("az identity federated-credential list"), std::string::npos);
  rs = run(s, {entra("AADSTS700213", kAso)});
  auto* r = find(rs, "FIC_SUBJECT_WRONG_SA", FindingStatus::kUnknown, kAso);
  ASSERT_NE(r, nullptr);
  EXPECT_FALSE(r->needs.empty());
  EXPECT_EQ(find(rs, "ASO_SA_FIC_MISSING", FindingStatus::kUnknown), nullptr);
}

}  // namespace
}  // namespace wid
