// The exec credential plugin (client.authentication.k8s.io ExecCredential), run the way client-go
// runs it: the command with its args and extra env, KUBERNETES_EXEC_INFO describing the request,
// stdin closed (wi-doctor never prompts), stdout read as ExecCredential JSON.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analyzer/model/json_path.h"
#include "collectors/kube/kubeconfig.h"

extern char** environ;

namespace wid {
namespace {

namespace fs = std::filesystem;

// kubelogin's device flow is interactive and never used here; a non-interactive plugin that
// takes longer than this is stuck.
constexpr int kExecTimeoutMs = 60000;
// An ExecCredential is a few KiB (a certificate chain at most).
constexpr size_t kMaxExecOutputBytes = 1024 * 1024;

bool executable(const std::string& p) { return ::access(p.c_str(), X_OK) == 0; }

// The program as execve needs it: a path with a slash resolves against the kubeconfig's
// directory (client-go does the same), a bare name is looked up on PATH.
std::string find_program(const ExecPlugin& p) {
  if (p.command.find('/') != std::string::npos) {
    const std::string path =
        fs::path(p.command).is_absolute() ? p.command : (fs::path(p.base_dir) / p.command).string();
    return executable(path) ? path : "";
  }
  const char* path_env = std::getenv("PATH");
  std::stringstream ss(path_env ? path_env : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    const std::string cand = (dir.empty() ? "." : dir) + "/" + p.command;
    if (executable(cand)) return cand;
  }
  return "";
}

std::string exec_info(const ExecPlugin& p) {
  nlohmann::json j = {{"apiVersion", p.api_version},
                      {"kind", "ExecCredential"},
                      {"spec", {{"interactive", false}}}};
  return j.dump();
}

Result<std::string> run(const std::string& program, const ExecPlugin& p) {
  int out[2];
  if (::pipe(out) != 0) return make_error(ErrorCode::kInternal, "pipe failed");
  std::vector<std::string> env_store;
  for (char** e = environ; *e != nullptr; ++e) env_store.emplace_back(*e);
  env_store.push_back("KUBERNETES_EXEC_INFO=" + exec_info(p));
  for (const auto& [k, v] : p.env) env_store.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_store) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_store{program};
  argv_store.insert(argv_store.end(), p.args.begin(), p.args.end());
  std::vector<char*> argv;
  for (auto& s : argv_store) argv.push_back(s.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) return make_error(ErrorCode::kInternal, "fork failed");
  if (pid == 0) {
    const int devnull = ::open("/dev/null", O_RDONLY);
    ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::close(out[0]);
    ::close(out[1]);
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string output;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kExecTimeoutMs);
  bool timed_out = false;
  char buf[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd pfd{out[0], POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(left)) <= 0) continue;
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    if (output.size() + static_cast<size_t>(n) > kMaxExecOutputBytes) break;
    output.append(buf, static_cast<size_t>(n));
  }
  ::close(out[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (timed_out)
    return make_error(ErrorCode::kUnreadable, "exec plugin " + p.command + " timed out");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error(ErrorCode::kUnreadable,
                      "exec plugin " + p.command + " failed (exit status " +
                          std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  return output;
}

}  // namespace

Status run_exec_plugin(KubeConfig& config) {
  if (!config.exec) return Ok{};
  const ExecPlugin& p = *config.exec;
  if (p.interactive_mode == "Always")
    return make_error(ErrorCode::kInvalidArgument,
                      "exec plugin " + p.command +
                          " has interactiveMode Always, but wi-doctor never runs interactively; "
                          "log in first so the plugin can answer without a prompt");
  const std::string program = find_program(p);
  if (program.empty()) {
    std::string msg = "exec plugin: executable " + p.command + " not found";
    if (!p.install_hint.empty()) msg += "\n" + p.install_hint;
    return make_error(ErrorCode::kNotFound, msg);
  }
  auto output = run(program, p);
  if (!output) return output.error();
  auto j = nlohmann::json::parse(*output, nullptr, false);
  if (j.is_discarded() || !j.is_object() || string_at(j, {"kind"}) != "ExecCredential")
    return make_error(ErrorCode::kParse,
                      "exec plugin " + p.command + " did not print an ExecCredential");
  if (string_at(j, {"apiVersion"}) != p.api_version)
    return make_error(ErrorCode::kParse, "exec plugin " + p.command + " answered apiVersion \"" +
                                             string_at(j, {"apiVersion"}) + "\", asked for \"" +
                                             p.api_version + "\"");
  const std::string token = string_at(j, {"status", "token"});
  const std::string cert = string_at(j, {"status", "clientCertificateData"});
  const std::string key = string_at(j, {"status", "clientKeyData"});
  if (token.empty() && (cert.empty() || key.empty()))
    return make_error(ErrorCode::kParse, "exec plugin " + p.command +
                                             "'s ExecCredential has neither a token nor a client "
                                             "certificate and key");
  if (!token.empty()) config.token = token;
  if (!cert.empty()) {
    config.client_cert_pem = cert;
    config.client_key_pem = key;
  }
  return Ok{};
}

}  // namespace wid
