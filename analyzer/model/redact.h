// Redaction: one pure function over bytes, used by the scanner's samples and by `collect`.
// Secrets never reach output: JWTs keep header and claims and lose their signature, and the
// values of client secrets, SAS signatures, bearer tokens, passwords and Secret data are masked.
// It works on bytes (not UTF-8), so an invalid byte next to a secret cannot hide it.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace wid {

inline constexpr const char* kRedactedMark = "***REDACTED***";

struct RedactionCounts {
  std::map<std::string, int>
      by_kind;  // jwt | client-secret | sas | bearer | password | private-key
  int total() const {
    int t = 0;
    for (auto& [k, v] : by_kind) t += v;
    return t;
  }
};

// Returns text with every secret it recognises masked; counts what it did when counts != nullptr.
// Idempotent: redact(redact(x)) == redact(x).
std::string redact(std::string_view text, RedactionCounts* counts = nullptr);

// True when s looks like a compact JWS (three base64url segments, the first decoding to JSON).
bool looks_like_jwt(std::string_view s);

}  // namespace wid
