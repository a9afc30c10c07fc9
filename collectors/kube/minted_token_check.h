// A minted token's signature, checked at collection time, while the whole token is still in
// memory, against the API server's own JWKS (/openid/v1/jwks). The bundle keeps the token without
// its signature, so the result is saved beside it (<sa>.verify.json) for analyze to read.
#pragma once

#include <string>

#include "analyzer/model/evidence.h"

namespace wid {

// token: the compact JWS as the TokenRequest returned it; jwks_body: the API server's JWKS ("" when
// it could not be read: no-key); jwks_path: the bundle path it is kept under, named by
// verified_by; token_path: the redacted token's bundle path.
TokenVerification verify_minted_token(const std::string& token, const std::string& jwks_body,
                                      const std::string& jwks_path, const std::string& token_path);

}  // namespace wid
