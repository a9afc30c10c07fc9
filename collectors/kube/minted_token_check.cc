#include "collectors/kube/minted_token_check.h"

#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_live_records.h"
#include "collectors/parse/parse_oidc.h"
#include "collectors/parse/token_verify.h"

namespace wid {

TokenVerification verify_minted_token(const std::string& token, const std::string& jwks_body,
                                      const std::string& jwks_path, const std::string& token_path) {
  TokenVerification v;
  v.source = SourceRef{verification_path_for(token_path), 0, ""};
  v.token_path = token_path;
  JwsParts parts;
  auto parsed = parse_jwt(token, SourceRef{token_path, 0, ""}, &parts);
  if (!parsed) {
    v.signature = kSignatureInvalid;  // not a compact JWS at all: nothing could verify it
    return v;
  }
  if (!parsed->signature.empty()) {  // rejected-alg or unsigned, told without keys
    v.signature = parsed->signature;
    return v;
  }
  EvidenceStore keys;
  const auto j = nlohmann::json::parse(jwks_body, nullptr, false);
  if (is_jwks(j)) {
    std::string notes;
    keys.jwks.push_back(parse_jwks(j, SourceRef{jwks_path, 0, ""}, notes));
  }
  verify_token_signature(*parsed, parts, keys);
  v.signature = parsed->signature;
  v.verified_by = parsed->verified_by;
  v.verified_by_kid = parsed->verified_by_kid;
  return v;
}

}  // namespace wid
