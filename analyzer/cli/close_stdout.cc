#include "analyzer/cli/close_stdout.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "analyzer/cli/exit_codes.h"

namespace wid {

void ignore_sigpipe() { std::signal(SIGPIPE, SIG_IGN); }

int close_stdout(int rc, std::ostream& err) {
  errno = 0;
  std::cout.flush();
  bool failed = !std::cout;
  int e = errno;
  if (std::fflush(stdout) != 0) {
    failed = true;
    e = errno;
  }
  failed = failed || std::ferror(stdout) != 0;
  // A stdout that was closed before we started (`>&-`) and never written to is not an error.
  if (std::fclose(stdout) != 0 && !(errno == EBADF && !failed)) {
    failed = true;
    e = errno;
  }
  if (!failed) return rc;
  // The subcommand has already said why (and exits 2) when it saw the failure itself.
  if (rc == kExitUsage) return rc;
  err << "wi-doctor: cannot write to standard output: "
      << (e != 0 ? std::strerror(e) : "part of the output was lost") << "\n";
  return kExitUsage;
}

}  // namespace wid
