// The ARM access token a live run reads Azure with: --azure-token, else AZURE_ACCESS_TOKEN, else
// `az account get-access-token` when `az` is on PATH (run without a prompt, with a time limit).
// The token is held in memory only: never saved, printed or reported.
#pragma once

#include <optional>
#include <string>

#include "analyzer/model/result.h"

namespace wid {

namespace arm_token_limits {
// `az account get-access-token` takes a few seconds (Python start-up, a token refresh); one that
// takes longer is waiting on something it will not get.
constexpr int kAzTimeoutMs = 30000;
// An access token is a few KiB.
constexpr size_t kMaxAzOutputBytes = 64 * 1024;
}  // namespace arm_token_limits

struct ArmToken {
  std::string value;   // never printed or saved
  std::string source;  // "--azure-token" | "AZURE_ACCESS_TOKEN" | "az account get-access-token"
  std::string tenant;  // the token's tid claim; "" when it has none or is not a JWT
};

// nullopt with why set when no source gives a token (no flag, no variable, no `az` or `az` not
// logged in); the run then skips Azure.
std::optional<ArmToken> find_arm_token(const std::string& flag_value, std::string& why);

}  // namespace wid
