#include "collectors/parse/parse_jwt.h"

#include <vector>

#include "analyzer/model/limits.h"
#include "analyzer/model/text.h"
#include "collectors/parse/digest.h"
#include "collectors/parse/json_loader.h"

namespace wid {
namespace {

// JWT parts are small and flat; a depth of 64 is far beyond any real header or claim set.
constexpr size_t kJwtJsonDepth = 64;

bool is_b64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(s.substr(start));
      return parts;
    }
    parts.push_back(s.substr(start, dot - start));
    start = dot + 1;
  }
}

Result<nlohmann::json> decode_part(std::string_view part, const char* what) {
  auto bytes = base64url_decode(part);
  if (!bytes) {
    return make_error(ErrorCode::kParse, std::string("JWT ") + what + " is not base64url");
  }
  JsonLimits lim;
  lim.max_depth = kJwtJsonDepth;
  lim.max_bytes = limits::kMaxJwtBytes;
  lim.reject_duplicate_keys = true;
  auto j = load_json(*bytes, lim);
  if (!j) {
    return make_error(ErrorCode::kParse,
                      std::string("JWT ") + what + " is not valid JSON: " + j.error().message);
  }
  if (!j->value.is_object()) {
    return make_error(ErrorCode::kParse, std::string("JWT ") + what + " is not a JSON object");
  }
  return std::move(j->value);
}

}  // namespace

bool looks_like_bare_jwt(std::string_view text, bool may_be_cut) {
  text = trim(text);
  if (text.empty()) return false;
  // Every file's head is asked this: one pass that stops at the first byte a token cannot hold,
  // so a log's head is turned away within its first word, without splitting it at every dot.
  size_t dots = 0, first_dot = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.') {
      if (++dots > 2) return false;
      if (dots == 1) first_dot = i;
    } else if (!is_b64url_char(text[i])) {
      return false;
    }
  }
  // The header segment must be whole; the payload may be cut by the sniff window.
  if (dots == 0 || (dots < 2 && !may_be_cut)) return false;
  const std::string_view first = text.substr(0, first_dot);
  if (first.empty() || first.size() > limits::kMaxJwtBytes) return false;
  auto header = base64url_decode(first);
  if (!header) return false;
  JsonLimits lim;
  lim.max_depth = kJwtJsonDepth;
  auto j = load_json(*header, lim);
  return j.ok() && j->value.is_object() && j->value.contains("alg");
}

Result<ServiceAccountToken> parse_jwt(std::string_view text, const SourceRef& source,
                                      JwsParts* parts_out) {
  std::string_view token = text;
  if (!token.empty() && token.back() == '\n') token.remove_suffix(1);
  if (!token.empty() && token.back() == '\r') token.remove_suffix(1);
  if (token.size() > limits::kMaxJwtBytes) {
    return make_error(ErrorCode::kLimit,
                      "token is " + std::to_string(token.size()) + " bytes, over the " +
                          std::to_string(limits::kMaxJwtBytes / limits::kKiB) + " KiB limit",
                      source);
  }
  auto parts = split_dots(token);
  if (parts.size() != 3) {
    return make_error(
        ErrorCode::kParse,
        "a JWT has three dot-separated segments, found " + std::to_string(parts.size()), source);
  }
  for (auto p : parts) {
    for (char c : p) {
      if (!is_b64url_char(c)) {
        return make_error(ErrorCode::kParse,
                          "JWT holds a character outside base64url (whitespace, '=', '+' or '/')",
                          source);
      }
    }
  }
  auto header = decode_part(parts[0], "header");
  if (!header) return make_error(header.error().code, header.error().message, source);
  auto claims = decode_part(parts[1], "claims");
  if (!claims) return make_error(claims.error().code, claims.error().message, source);
  ServiceAccountToken t;
  t.source = source;
  t.header = std::move(*header);
  t.claims = std::move(*claims);
  t.fingerprint = sha256_hex(token).substr(0, 16);
  auto header_str = [&](const char* key) {
    auto it = t.header.find(key);
    return it != t.header.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  t.alg = header_str("alg");
  t.kid = header_str("kid");
  t.signature = signature_status_without_keys(t.alg, parts[2]);
  if (parts_out != nullptr) {
    parts_out->signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
    parts_out->signature_b64 = parts[2];
  }
  return t;
}

}  // namespace wid
