// Standard output is closed with its errors checked before the process exits (coreutils'
// close_stdout is the model): a report lost to a full disk (`> /dev/full`), a closed pipe or EPIPE
// must not exit with a code CI reads as a normal result. SIGPIPE is ignored for the same reason,
// so a closed pipe surfaces as EPIPE and a message instead of a silent kill.
#pragma once

#include <ostream>

namespace wid {

// Call once at start-up, before anything is written.
void ignore_sigpipe();
// rc, or exit code 2 with a message on err when stdout did not take everything written to it.
int close_stdout(int rc, std::ostream& err);

}  // namespace wid
