// The exit-code contract, the same for every subcommand (troubleshoot-compatible; README "Exit
// codes"). Precedence: 2 over 1 over 3 over 4 over 5 over 0; --exit-zero clears 3-5 only.
#pragma once

#include <vector>

#include "analyzer/model/report.h"

namespace wid {

enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,    // a bug: main's catch-all
  kExitUsage = 2,       // usage, config, rule-file error, or no input PATH could be opened
  kExitErrors = 3,      // a `fail` finding of severity error at or above --fail-on
  kExitWarnings = 4,    // only warnings (or infos) at or above --fail-on=warning|info
  kExitIncomplete = 5,  // --fail-on-incomplete and an `unknown` finding or a failed collector
};

enum class FailOn { kError, kWarning, kInfo, kNone };

struct ExitPolicy {
  FailOn fail_on = FailOn::kError;
  bool fail_on_incomplete = false;
  bool exit_zero = false;
};

int exit_code_for(const Report& report, const ExitPolicy& policy);

}  // namespace wid
