// OIDC discovery documents (/.well-known/openid-configuration) and JWKS (/openid/v1/jwks), both
// as the cluster serves them and as the public issuer serves them; which one a file is comes from
// where it sits in the bundle (issuer/... or cluster/...), since the content is the same shape.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "analyzer/model/evidence.h"

namespace wid {

// "issuer" when a directory of the path is named issuer, "cluster" when one is named cluster (the
// nearest such directory wins), else "unknown".
std::string served_by_from_path(std::string_view path);

bool is_oidc_discovery(const nlohmann::json& j);  // an object with issuer and jwks_uri
bool is_jwks(const nlohmann::json& j);            // an object with keys[] whose members have kty

// Fields of the wrong type are left empty and named in notes.
OidcDiscovery parse_discovery(const nlohmann::json& j, const SourceRef& source, std::string& notes);
// Only public members of each key are kept (n, e, crv, x, y): a JWKS that wrongly carries private
// parameters (d, p, q, ...) does not carry them into the model.
Jwks parse_jwks(const nlohmann::json& j, const SourceRef& source, std::string& notes);

}  // namespace wid
