// Byte-level redaction (no regex engine: RE2's UTF-8 mode stops at an invalid byte and would
// leave the tail of a secret in clear). Fails closed: any value after a
// secret key is masked whatever bytes it holds.
#include "analyzer/model/redact.h"

#include <array>
#include <cctype>
#include <cstring>

namespace wid {
namespace {

bool b64url(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

bool word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Keys whose values are secrets, matched case-insensitively at a word start.
constexpr std::array<const char*, 9> kSecretKeys = {
    "client_secret",    "clientsecret", "azure_client_secret",
    "password",         "access_token", "refresh_token",
    "client_assertion", "sig",          "azure_client_certificate_password"};

bool value_end(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '&' ||
         c == ',' || c == ';' || c == '}' || c == '<' || c == '>' || c == '\\' || c == ')';
}

bool iequal_at(std::string_view s, size_t i, std::string_view key) {
  if (i + key.size() > s.size()) return false;
  for (size_t k = 0; k < key.size(); ++k)
    if (std::tolower(static_cast<unsigned char>(s[i + k])) != key[k]) return false;
  return true;
}

class Redactor {
 public:
  Redactor(std::string_view in, RedactionCounts* counts) : in_(in), counts_(counts) {}

  std::string run() {
    out_.reserve(in_.size());
    for (size_t i = 0; i < in_.size();) {
      if (try_private_key(i) || try_jwt(i) || try_bearer(i) || try_key_value(i)) continue;
      out_ += in_[i++];
    }
    return out_;
  }

 private:
  void count(const char* kind) {
    if (counts_) counts_->by_kind[kind]++;
  }

  // -----BEGIN ... PRIVATE KEY----- ... -----END ... PRIVATE KEY-----: the body goes.
  bool try_private_key(size_t& i) {
    static constexpr std::string_view kBegin = "-----BEGIN ";
    if (in_.compare(i, kBegin.size(), kBegin) != 0) return false;
    size_t hdr_end = in_.find("-----", i + kBegin.size());
    if (hdr_end == std::string_view::npos) return false;
    std::string_view label = in_.substr(i + kBegin.size(), hdr_end - i - kBegin.size());
    if (label.find("PRIVATE KEY") == std::string_view::npos) return false;
    size_t end = in_.find("-----END", hdr_end + 5);
    out_.append(in_.substr(i, hdr_end + 5 - i));
    out_ += kRedactedMark;
    i = end == std::string_view::npos ? in_.size() : end;
    count("private-key");
    return true;
  }

  // A compact JWS keeps its header and payload (they hold no secret on their own) and loses the
  // signature, which is what makes it usable.
  bool try_jwt(size_t& i) {
    if (in_.compare(i, 3, "eyJ") != 0 || (i > 0 && b64url(in_[i - 1]))) return false;
    size_t a = i;
    while (a < in_.size() && b64url(in_[a])) ++a;
    if (a >= in_.size() || in_[a] != '.' || a + 4 > in_.size() || in_.compare(a + 1, 3, "eyJ") != 0)
      return false;
    size_t b = a + 1;
    while (b < in_.size() && b64url(in_[b])) ++b;
    if (b >= in_.size() || in_[b] != '.') return false;
    size_t c = b + 1;
    while (c < in_.size() && b64url(in_[c])) ++c;
    if (c == b + 1) return false;  // no signature: nothing secret
    out_.append(in_.substr(i, b + 1 - i));
    out_ += kRedactedMark;
    i = c;
    count("jwt");
    return true;
  }

  bool try_bearer(size_t& i) {
    if (!iequal_at(in_, i, "bearer ") || (i > 0 && word(in_[i - 1]))) return false;
    size_t v = i + 7;
    while (v < in_.size() && in_[v] == ' ') ++v;
    size_t e = v;
    while (e < in_.size() && !value_end(in_[e])) ++e;
    if (e == v || in_.substr(v, e - v) == kRedactedMark) return false;
    out_.append(in_.substr(i, v - i));
    out_ += kRedactedMark;
    i = e;
    count("bearer");
    return true;
  }

  bool try_key_value(size_t& i) {
    if (i > 0 && word(in_[i - 1])) return false;
    for (const char* key : kSecretKeys) {
      std::string_view k(key);
      if (!iequal_at(in_, i, k)) continue;
      size_t p = i + k.size();
      if (p < in_.size() && word(in_[p])) continue;
      auto skip_quotes = [&](size_t q) {
        while (q < in_.size() &&
               (in_[q] == '"' || in_[q] == '\'' || in_[q] == '\\' || in_[q] == ' '))
          ++q;
        return q;
      };
      p = skip_quotes(p);
      if (p >= in_.size() || (in_[p] != '=' && in_[p] != ':')) continue;
      size_t v = skip_quotes(p + 1);
      size_t e = v;
      while (e < in_.size() && !value_end(in_[e])) ++e;
      if (e == v) continue;
      std::string_view value = in_.substr(v, e - v);
      if (value == kRedactedMark) continue;
      out_.append(in_.substr(i, v - i));
      out_ += kRedactedMark;
      i = e;
      count(k == "sig"        ? "sas"
            : k == "password" ? "password"
            : (k == "access_token" || k == "refresh_token" || k == "client_assertion")
                ? "token"
                : "client-secret");
      return true;
    }
    return false;
  }

  std::string_view in_;
  RedactionCounts* counts_;
  std::string out_;
};

}  // namespace

std::string redact(std::string_view text, RedactionCounts* counts) {
  return Redactor(text, counts).run();
}

bool looks_like_jwt(std::string_view s) {
  if (s.compare(0, 3, "eyJ") != 0) return false;
  int dots = 0;
  for (char c : s) {
    if (c == '.') {
      ++dots;
    } else if (!b64url(c)) {
      return false;
    }
  }
  return dots == 2 && s.back() != '.';
}

}  // namespace wid
