// Bounded JSON loading for untrusted files. A SAX pre-pass enforces the depth limit before any
// DOM exists (nlohmann parses 100,000-deep input fine, but copying or dumping it overflows the
// stack) and finds the error position; the DOM is then built with allow_exceptions=false. Error
// messages carry a byte offset and line:col, never e.what() (nlohmann puts the partially read
// token, e.g. a client secret, into it).
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/result.h"

namespace wid {

struct JsonLimits {
  size_t max_bytes = limits::kMaxStructuredFileBytes;
  size_t max_depth = limits::kMaxJsonDepth;
  // RFC 7519 §4 / OIDC: a JWT header or claims set with a repeated member is rejected. Elsewhere
  // duplicates are only reported as warnings (the last one wins, as in Kubernetes).
  bool reject_duplicate_keys = false;
};

struct JsonLoaded {
  nlohmann::json value;
  std::vector<std::string> warnings;
};

// Errors: kLimit (size, depth), kParse (syntax, invalid UTF-8, number out of range, duplicates).
Result<JsonLoaded> load_json(std::string_view text, const JsonLimits& limits = {});

// True when text is one complete JSON value (cheap check for the sniffers; depth-limited).
bool is_json_value(std::string_view text, size_t max_depth = limits::kMaxJsonDepth);

}  // namespace wid
