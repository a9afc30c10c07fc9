// Runs the built wi-doctor binary as a user would (fork/exec, no shell), capturing stdout,
// stderr and the exit code. Golden cases and README examples go through this.
#pragma once

#include <string>
#include <vector>

namespace wid::test {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// argv[0] is the program; cwd empty = the current directory. stdout_fd >= 0 is the child's
// standard output instead of a captured file (a full device, a pipe nobody reads); out is then
// empty.
RunResult run_binary(const std::vector<std::string>& argv, const std::string& cwd = "",
                     const std::vector<std::string>& extra_env = {}, int stdout_fd = -1);

std::string read_file(const std::string& path);
// A fresh temporary directory, removed by the caller (or left for debugging on failure).
std::string make_temp_dir(const std::string& prefix);

}  // namespace wid::test
