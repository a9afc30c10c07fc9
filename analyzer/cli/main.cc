// wi-doctor's entry point. The catch-all (exit 1, internal error) is run_main() in cli.cc; stdout
// is closed with its errors checked before the exit code is final (close_stdout.h).
#include <iostream>

#include "analyzer/cli/cli.h"
#include "analyzer/cli/close_stdout.h"

int main(int argc, char** argv) {
  wid::ignore_sigpipe();
  const int rc = wid::run_main(argc, argv, std::cout, std::cerr);
  return wid::close_stdout(rc, std::cerr);
}
