// Wildcards in a federated credential are compared literally by Entra.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"

namespace wid {

namespace {

std::vector<CheckResult> run(const std::string& subject) {
  EvidenceStore s;
  FederatedCredential f;
  f.identity_name = "capz-identity";
  f.name = "capz";
  f.issuer = "https://oidcissuer65846b7df97b.z13.web.core.windows.net/";
  f.subject = subject;
  s.federated_credentials.push_back(f);
  std::vector<Finding> none;
  CheckContext ctx{s, none, "2026-11-28T12:00:00Z"};
  CheckRun r;
  check_credential_wildcard(ctx, r);
  return r.results;
}

TEST(CredentialWildcard, StarInSubjectFails) {
  auto rs = run("system:serviceaccount:capz-system:*");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kFail);
  EXPECT_EQ(rs[0].values.at("field"), "subject");
}

TEST(CredentialWildcard, LiteralSubjectPasses) {
  auto rs = run("system:serviceaccount:capz-system:capz-manager");
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kPass);
}

}  // namespace
}  // namespace wid
