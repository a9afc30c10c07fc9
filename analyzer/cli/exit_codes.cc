#include "analyzer/cli/exit_codes.h"

namespace wid {

int exit_code_for(const Report& report, const ExitPolicy& policy) {
  bool errors = false, lesser = false, incomplete = false;
  for (auto& f : report.findings) {
    if (f.status == FindingStatus::kUnknown) incomplete = true;
    if (f.status != FindingStatus::kFail) continue;
    if (f.severity == Severity::kError) errors = true;
    if (f.severity == Severity::kWarning && policy.fail_on != FailOn::kError) lesser = true;
    if (f.severity == Severity::kInfo && policy.fail_on == FailOn::kInfo) lesser = true;
  }
  for (auto& c : report.collectors)
    if (c.status == CollectorState::kFailed) incomplete = true;
  int code = kExitOk;
  if (policy.fail_on != FailOn::kNone && errors)
    code = kExitErrors;
  else if (policy.fail_on != FailOn::kNone && lesser)
    code = kExitWarnings;
  else if (policy.fail_on_incomplete && incomplete)
    code = kExitIncomplete;
  if (policy.exit_zero) code = kExitOk;
  return code;
}

}  // namespace wid
