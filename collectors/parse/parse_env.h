// Env files (`export AZURE_CLIENT_ID=...`, `AZURE_TENANT_ID=...`, a CAPZ quick-start .env):
// the variables a user set, as Settings. Values of secret-named variables are masked at once.
#pragma once

#include <string_view>

#include "analyzer/model/evidence.h"

namespace wid {

// True when the significant lines (not blank, not #comments) are, nearly all, NAME=value
// assignments with an optional `export `, and the first one is.
bool looks_like_env(std::string_view text);

// True when a variable's value is a secret by its name (SECRET, PASSWORD, TOKEN, KEY), unless the
// name says it holds a path (_FILE, _PATH, _DIR): AZURE_FEDERATED_TOKEN_FILE is a path the
// checks need, not a token.
bool is_secret_variable(std::string_view name);

Settings parse_env(std::string_view text, const SourceRef& source);

}  // namespace wid
