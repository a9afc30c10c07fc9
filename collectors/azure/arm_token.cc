#include "collectors/azure/arm_token.h"

#include <cstdlib>

#include "collectors/parse/parse_jwt.h"
#include "collectors/process/run_program.h"

namespace wid {
namespace {

// `az account get-access-token --query accessToken -o tsv`, its stderr to /dev/null (az prints
// its login hints there, and never prompts without a terminal).
Result<std::string> run_az(const std::string& program) {
  ProgramRun run;
  run.path = program;
  run.args = {"account", "get-access-token", "--query", "accessToken", "-o", "tsv"};
  run.stderr_to_null = true;
  run.timeout_ms = arm_token_limits::kAzTimeoutMs;
  run.max_output_bytes = arm_token_limits::kMaxAzOutputBytes;
  auto r = run_program(run);
  if (!r) return r.error();
  if (r->timed_out)
    return make_error(ErrorCode::kUnreadable, "`az account get-access-token` timed out");
  if (r->output_capped)
    return make_error(ErrorCode::kUnreadable, "`az account get-access-token` printed more than " +
                                                  std::to_string(run.max_output_bytes) +
                                                  " bytes, which is no token");
  if (!r->succeeded())
    return make_error(ErrorCode::kUnreadable, "`az account get-access-token` failed (exit status " +
                                                  std::to_string(r->exit_status) +
                                                  "; run `az login`)");
  std::string output = std::move(r->output);
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
