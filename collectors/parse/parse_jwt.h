// Bare JWTs (a projected service-account token saved to a file, `kubectl create token` output):
// decodes header and claims only. The token and its signature are never kept; a fingerprint (the
// first 16 hex digits of SHA-256 over the token) lets a report say "the same token" without it.
#pragma once

#include <string_view>

#include "analyzer/model/evidence.h"
#include "analyzer/model/result.h"

namespace wid {

// True when text (possibly cut at the sniff window) is one compact JWS: three base64url segments
// (the signature may be empty when it was removed) whose header decodes to a JSON object with
// "alg".
bool looks_like_bare_jwt(std::string_view text, bool may_be_cut);

// Errors: kLimit (over limits::kMaxJwtBytes), kParse (segments, base64url, JSON, not an object,
// duplicate members). One trailing newline is accepted.
Result<ServiceAccountToken> parse_jwt(std::string_view text, const SourceRef& source);

}  // namespace wid
