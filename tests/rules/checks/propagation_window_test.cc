// C11 over hand-built evidence: the window's edges, and records created after the failure.
#include <gtest/gtest.h>

#include "rules/checks/checks.h"
#include "tests/rules/checks/check_fixtures.h"

namespace wid {

namespace {

Finding forbidden(const std::string& last_seen) {
  Finding f;
  f.rule_id = "ARM_AUTHORIZATION_FAILED";
  f.status = FindingStatus::kFail;
  f.last_seen = last_seen;
  f.captures["object_id"] = {"25CC773C-2d6d-4f1a-9c3e-8b7a6d5c4e3f"};
  f.captures["scope"] = {"/subscriptions/a925f2f7/resourceGroups/capz-rg/providers/x/y"};
  return f;
}

EvidenceStore with_assignment(const std::string& created_on, const std::string& scope) {
  EvidenceStore s;
  RoleAssignment ra;
  ra.principal_id = "25cc773c-2d6d-4f1a-9c3e-8b7a6d5c4e3f";
  ra.role_definition_name = "Contributor";
  ra.scope = scope;
  ra.created_on = created_on;
  s.role_assignments.push_back(ra);
  return s;
}

FindingStatus status_of(const std::vector<CheckResult>& rs) {
  EXPECT_EQ(rs.size(), 1u);
  return rs.empty() ? FindingStatus::kUnknown : rs[0].status;
}

TEST(PropagationWindow, TenMinutesIsTheEdge) {
  const std::string rg = "/subscriptions/a925f2f7/resourceGroups/CAPZ-RG";
  auto at = [&](const std::string& created) {
    return status_of(testing::run_check(check_propagation_window, with_assignment(created, rg),
                                        {forbidden("2026-11-27T11:52:07Z")}));
  };
  EXPECT_EQ(at("2026-11-27T11:42:07.000000+00:00"), FindingStatus::kFail);  // exactly 10 min
  EXPECT_EQ(at("2026-11-27T11:42:06.999999+00:00"), FindingStatus::kPass);  // 10 min 1 s
  EXPECT_EQ(at("2026-11-27T11:52:07Z"), FindingStatus::kFail);              // same second
  EXPECT_EQ(at("2026-11-27T11:52:08Z"), FindingStatus::kPass);              // after the 403
}

TEST(PropagationWindow, OnlyAssignmentsOfThatPrincipalCoveringThatScope) {
  // "capz" is not a prefix of "capz-rg" on a segment boundary.
  auto rs = testing::run_check(
      check_propagation_window,
      with_assignment("2026-11-27T11:50:00Z", "/subscriptions/a925f2f7/resourceGroups/capz"),
      {forbidden("2026-11-27T11:52:07Z")});
  EXPECT_TRUE(rs.empty());
}

TEST(PropagationWindow, AFailureAfterTheRecordSaysTheLogPredatesIt) {
  auto rs = testing::run_check(check_propagation_window,
                               with_assignment("2026-11-27T12:30:00Z", "/subscriptions/a925f2f7"),
                               {forbidden("2026-11-27T11:52:07Z")});
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, FindingStatus::kPass);
  EXPECT_NE(rs[0].detail.find("the log predates it"), std::string::npos) << rs[0].detail;
}

}  // namespace
}  // namespace wid
