#include "collectors/process/run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <sstream>

extern char** environ;

namespace wid {
namespace {

std::vector<char*> pointers(std::vector<std::string>& strings) {
  std::vector<char*> p;
  p.reserve(strings.size() + 1);
  for (auto& s : strings) p.push_back(s.data());
  p.push_back(nullptr);
  return p;
}

enum class ReadEnd { kClosed, kTimedOut, kCapped, kFailed };

// Reads fd until it closes, the cap is passed, the deadline passes or reading fails.
ReadEnd read_until_closed(int fd, long timeout_ms, size_t max_bytes, std::string& output) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return ReadEnd::kTimedOut;
    pollfd pfd{fd, POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(left));
    if (ready < 0 && errno != EINTR) return ReadEnd::kFailed;
    if (ready <= 0) continue;  // EINTR, or the time is up
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ReadEnd::kFailed;
    if (n == 0) return ReadEnd::kClosed;
    if (output.size() + static_cast<size_t>(n) > max_bytes) return ReadEnd::kCapped;
    output.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

Result<ProgramOutput> run_program(const ProgramRun& run) {
  // Everything the child needs is built before fork: after it, only async-signal-safe calls.
  std::vector<std::string> argv_store{run.path};
  argv_store.insert(argv_store.end(), run.args.begin(), run.args.end());
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e) env_store.emplace_back(*e);
  env_store.insert(env_store.end(), run.extra_env.begin(), run.extra_env.end());
  const std::vector<char*> argv = pointers(argv_store);
  const std::vector<char*> envp = pointers(env_store);
  int out[2];
  if (::pipe(out) != 0) return make_error(ErrorCode::kInternal, "pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return make_error(ErrorCode::kInternal, "fork failed");
  }
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    if (run.stderr_to_null) ::dup2(devnull, 2);
    ::close(out[0]);
    ::close(out[1]);
    ::execve(run.path.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  ProgramOutput result;
  const ReadEnd end =
      read_until_closed(out[0], run.timeout_ms, run.max_output_bytes, result.output);
  ::close(out[0]);
  result.timed_out = end == ReadEnd::kTimedOut;
  result.output_capped = end == ReadEnd::kCapped;
  // Whatever stopped the reading early, the program must not outlive it: a child that ignores
  // SIGPIPE, or that sleeps after its output, would hold waitpid past the deadline.
  if (end != ReadEnd::kClosed) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  return result;
}

std::string find_on_path(const std::string& name) {
  const char* path_env = std::getenv("PATH");
  std::stringstream ss(path_env ? path_env : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    std::string cand = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(cand.c_str(), X_OK) == 0) return cand;
  }
  return "";
}

}  // namespace wid
