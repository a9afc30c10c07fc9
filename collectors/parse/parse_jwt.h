// Bare JWTs (a projected service-account token saved to a file, `kubectl create token` output):
// decodes header and claims only. The token and its signature are never kept; a fingerprint (the
// first 16 hex digits of SHA-256 over the token) lets a report say "the same token" without it.
// The signed parts can be handed out (JwsParts) for the signature check in token_verify.h.
#pragma once

#include <string_view>

#include "analyzer/model/evidence.h"
#include "analyzer/model/result.h"
#include "collectors/parse/token_verify.h"

namespace wid {

// True when text (possibly cut at the sniff window) is one compact JWS: three base64url segments
// (the signature may be empty when it was removed) whose header decodes to a JSON object with
// "alg".
bool looks_like_bare_jwt(std::string_view text, bool may_be_cut);

// Errors: kLimit (over limits::kMaxJwtBytes), kParse (segments, base64url, JSON, not an object,
// duplicate members). One trailing newline is accepted. The token's signature status is what can
// be told without keys (rejected-alg, unsigned) or "" until verify_token_signature runs. parts,
// when given, receives views into text of what that check needs.
Result<ServiceAccountToken> parse_jwt(std::string_view text, const SourceRef& source,
                                      JwsParts* parts = nullptr);

}  // namespace wid
