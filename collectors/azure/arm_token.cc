#include "collectors/azure/arm_token.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <vector>

#include "collectors/parse/parse_jwt.h"

namespace wid {
namespace {

std::string find_on_path(const std::string& name) {
  const char* path_env = std::getenv("PATH");
  std::stringstream ss(path_env ? path_env : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const std::string cand = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(cand.c_str(), X_OK) == 0) return cand;
  }
  return "";
}

// Reads the child's stdout until it closes or the deadline passes; true when it timed out.
bool read_output(int fd, std::string& output) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(arm_token_limits::kAzTimeoutMs);
  char buf[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) return true;
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return false;
    if (output.size() + static_cast<size_t>(n) > arm_token_limits::kMaxAzOutputBytes) return false;
    output.append(buf, static_cast<size_t>(n));
  }
}

// `az account get-access-token --query accessToken -o tsv`: stdin and stderr to /dev/null (az
// prints its login hints there, and never prompts without a terminal).
Result<std::string> run_az(const std::string& program) {
  int out[2];
  if (::pipe(out) != 0) return make_error(ErrorCode::kInternal, "pipe failed");
  std::vector<std::string> argv_store{
      program, "account", "get-access-token", "--query", "accessToken", "-o", "tsv"};
  std::vector<char*> argv;
  for (auto& s : argv_store) argv.push_back(s.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return make_error(ErrorCode::kInternal, "fork failed");
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(devnull, 2);
    ::close(out[0]);
    ::close(out[1]);
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string output;
  const bool timed_out = read_output(out[0], output);
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (timed_out)
    return make_error(ErrorCode::kUnreadable, "`az account get-access-token` timed out");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error(ErrorCode::kUnreadable,
                      "`az account get-access-token` failed (exit status " +
                          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) +
                          "; run `az login`)");
  while (!output.empty() &&
         (output.back() == '\n' || output.back() == '\r' || output.back() == ' '))
    output.pop_back();
  return output;
}

std::string tenant_of(const std::string& token) {
  auto t = parse_jwt(token, SourceRef{"arm-token", 0, ""});
  if (!t) return "";
  auto it = t->claims.find("tid");
  return it != t->claims.end() && it->is_string() ? it->get<std::string>() : "";
}

ArmToken make_token(std::string value, std::string source) {
  ArmToken t;
  t.tenant = tenant_of(value);
  t.value = std::move(value);
  t.source = std::move(source);
  return t;
}

}  // namespace

std::optional<ArmToken> find_arm_token(const std::string& flag_value, std::string& why) {
  if (!flag_value.empty()) return make_token(flag_value, "--azure-token");
  const char* env = std::getenv("AZURE_ACCESS_TOKEN");
  if (env != nullptr && *env != '\0') return make_token(env, "AZURE_ACCESS_TOKEN");
  const std::string az = find_on_path("az");
  if (az.empty()) {
    why = "an ARM token: --azure-token, AZURE_ACCESS_TOKEN, or `az login` (az is not on PATH)";
    return std::nullopt;
  }
  auto out = run_az(az);
  if (!out || out->empty()) {
    why =
        "an ARM token: --azure-token, AZURE_ACCESS_TOKEN, or `az login` (" +
        (out ? std::string("`az account get-access-token` printed nothing") : out.error().message) +
        ")";
    return std::nullopt;
  }
  return make_token(std::move(*out), "az account get-access-token");
}

}  // namespace wid
