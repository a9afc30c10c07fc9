// The exec credential plugin (client.authentication.k8s.io ExecCredential), run the way client-go
// runs it: the command with its args and extra env, KUBERNETES_EXEC_INFO describing the request,
// stdin closed (wi-doctor never prompts), stdout read as ExecCredential JSON.
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "analyzer/model/json_path.h"
#include "collectors/kube/kubeconfig.h"
#include "collectors/process/run_program.h"

namespace wid {
namespace {

namespace fs = std::filesystem;

// kubelogin's device flow is interactive and never used here; a non-interactive plugin that
// takes longer than this is stuck.
constexpr int kExecTimeoutMs = 60000;
// An ExecCredential is a few KiB (a certificate chain at most).
constexpr size_t kMaxExecOutputBytes = size_t{1024} * 1024;

bool executable(const std::string& p) { return ::access(p.c_str(), X_OK) == 0; }

// The program as execve needs it: a path with a slash resolves against the kubeconfig's
// directory (client-go does the same), a bare name is looked up on PATH.
std::string find_program(const ExecPlugin& p) {
  if (p.command.find('/') != std::string::npos) {
    const std::string path =
        fs::path(p.command).is_absolute() ? p.command : (fs::path(p.base_dir) / p.command).string();
    return executable(path) ? path : "";
  }
  return find_on_path(p.command);
}

std::string exec_info(const ExecPlugin& p) {
  nlohmann::json j = {{"apiVersion", p.api_version},
                      {"kind", "ExecCredential"},
                      {"spec", {{"interactive", false}}}};
  return j.dump();
}

Result<std::string> run(const std::string& program, const ExecPlugin& p) {
  ProgramRun run;
  run.path = program;
  run.args = p.args;
  run.extra_env.push_back("KUBERNETES_EXEC_INFO=" + exec_info(p));
  for (const auto& [k, v] : p.env) run.extra_env.push_back(k + "=" + v);
  run.timeout_ms = kExecTimeoutMs;
  run.max_output_bytes = kMaxExecOutputBytes;
  auto r = run_program(run);
  if (!r) return r.error();
  if (r->timed_out)
    return make_error(ErrorCode::kUnreadable, "exec plugin " + p.command + " timed out");
  if (r->output_capped)
    return make_error(ErrorCode::kUnreadable, "exec plugin " + p.command + " printed more than " +
                                                  std::to_string(run.max_output_bytes) +
                                                  " bytes, which is no ExecCredential");
  if (!r->succeeded())
    return make_error(ErrorCode::kUnreadable, "exec plugin " + p.command + " failed (exit status " +
                                                  std::to_string(r->exit_status) + ")");
  return std::move(r->output);
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
