// Runs a helper program the way the live collectors need it (`az`, a kubeconfig's exec credential
// plugin): stdin from /dev/null, so nothing ever prompts; stdout captured up to a cap; killed when
// it outlives its timeout or writes past the cap, so it never holds the caller past the timeout.
// The caller words the errors, since it knows what the program was for.
#pragma once

#include <string>
#include <vector>

#include "analyzer/model/result.h"

namespace wid {

struct ProgramRun {
  std::string path;                    // an executable path (find_on_path resolves a bare name)
  std::vector<std::string> args;       // after argv[0], which is path
  std::vector<std::string> extra_env;  // NAME=value, after the inherited environment
  bool stderr_to_null = false;         // else the child writes to our stderr
  long timeout_ms = 60000;
  size_t max_output_bytes = size_t{1024} * 1024;  // more than this and the program is killed
};

struct ProgramOutput {
  std::string output;  // stdout, at most max_output_bytes
  bool timed_out = false;
  bool output_capped = false;  // it wrote more than max_output_bytes and was killed
  int exit_status = -1;        // -1 when it did not exit normally (a signal, or killed)
  bool succeeded() const { return !timed_out && !output_capped && exit_status == 0; }
};

// kInternal when the pipe or the fork fails; otherwise what the program did.
Result<ProgramOutput> run_program(const ProgramRun& run);

// The first executable `dir/name` along $PATH (an empty entry is the current directory), or "".
std::string find_on_path(const std::string& name);

}  // namespace wid
