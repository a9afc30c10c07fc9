// The exit-code contract: precedence and --exit-zero (README "Exit codes").
#include "analyzer/cli/exit_codes.h"

#include <gtest/gtest.h>

namespace wid {
namespace {

Report with(std::initializer_list<std::pair<Severity, FindingStatus>> fs) {
  Report r;
  for (auto& [sev, st] : fs) {
    Finding f;
    f.rule_id = "X";
    f.severity = sev;
    f.status = st;
    r.findings.push_back(f);
  }
  return r;
}

TEST(ExitCodes, ErrorsWarningsIncompleteAndExitZero) {
  ExitPolicy def;
  EXPECT_EQ(exit_code_for(with({}), def), 0);
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kFail}}), def), 3);
  EXPECT_EQ(exit_code_for(with({{Severity::kWarning, FindingStatus::kFail}}), def), 0);
  ExitPolicy warn{FailOn::kWarning, false, false};
  EXPECT_EQ(exit_code_for(with({{Severity::kWarning, FindingStatus::kFail}}), warn), 4);
  EXPECT_EQ(exit_code_for(with({{Severity::kInfo, FindingStatus::kFail}}), warn), 0);
  EXPECT_EQ(exit_code_for(with({{Severity::kWarning, FindingStatus::kFail},
                                {Severity::kError, FindingStatus::kFail}}),
                          warn),
            3);
  ExitPolicy inc{FailOn::kError, true, false};
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kUnknown}}), inc), 5);
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kUnknown}}), def), 0);
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kFail}}), inc), 3);
  ExitPolicy zero{FailOn::kWarning, true, true};
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kFail}}), zero), 0);
  ExitPolicy none{FailOn::kNone, false, false};
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kFail}}), none), 0);
  EXPECT_EQ(exit_code_for(with({{Severity::kError, FindingStatus::kPass}}), def), 0);
}

TEST(ExitCodes, FailedCollectorIsIncomplete) {
  Report r;
  r.collectors.push_back(CollectorStatus{"bundle:x", CollectorState::kFailed, "boom", "", 0});
  EXPECT_EQ(exit_code_for(r, ExitPolicy{FailOn::kError, true, false}), 5);
  EXPECT_EQ(exit_code_for(r, ExitPolicy{}), 0);
}

}  // namespace
}  // namespace wid
