#include "collectors/parse/parse_oidc.h"

#include <vector>

namespace wid {
namespace {

std::string str_field(const nlohmann::json& j, const char* key, std::string& notes) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (!notes.empty()) notes += "; ";
  notes += std::string(key) + " is not a string";
  return "";
}

std::vector<std::string> dir_segments(std::string_view path) {
  std::vector<std::string> segs;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) break;  // the last segment is the file name
    segs.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return segs;
}

}  // namespace

std::string served_by_from_path(std::string_view path) {
  auto segs = dir_segments(path);
  for (auto it = segs.rbegin(); it != segs.rend(); ++it) {
    if (*it == "issuer") return "issuer";
    if (*it == "cluster") return "cluster";
  }
  return "unknown";
}

bool is_oidc_discovery(const nlohmann::json& j) {
  return j.is_object() && j.contains("issuer") && j.contains("jwks_uri");
}

bool is_jwks(const nlohmann::json& j) {
  if (!j.is_object()) return false;
  auto it = j.find("keys");
  if (it == j.end() || !it->is_array()) return false;
  if (it->empty()) return j.size() == 1;  // {"keys": []}: an empty key set is still a JWKS
  for (const auto& k : *it)
    if (k.is_object() && k.contains("kty")) return true;
  return false;
}

OidcDiscovery parse_discovery(const nlohmann::json& j, const SourceRef& source,
                              std::string& notes) {
  OidcDiscovery d;
  d.source = source;
  d.served_by = served_by_from_path(source.path);
  d.issuer = str_field(j, "issuer", notes);
  d.jwks_uri = str_field(j, "jwks_uri", notes);
  auto it = j.find("id_token_signing_alg_values_supported");
  if (it != j.end() && it->is_array()) {
    for (const auto& a : *it)
      if (a.is_string()) d.signing_algs.push_back(a.get<std::string>());
  }
  return d;
}

Jwks parse_jwks(const nlohmann::json& j, const SourceRef& source, std::string& notes) {
  Jwks out;
  out.source = source;
  out.served_by = served_by_from_path(source.path);
  // Callers check is_jwks first; a document without a keys array still gives an empty set, never
  // an exception (found by the pem_jwks fuzz target on a discovery document).
  if (!j.is_object() || !j.contains("keys") || !j["keys"].is_array()) {
    notes += "no keys array";
    return out;
  }
  const auto& keys = j["keys"];
  size_t skipped = 0;
  for (const auto& k : keys) {
    if (!k.is_object()) {
      ++skipped;
      continue;
    }
    JsonWebKey key;
    std::string ignored;
    key.kid = str_field(k, "kid", ignored);
    key.kty = str_field(k, "kty", ignored);
    key.alg = str_field(k, "alg", ignored);
    key.use = str_field(k, "use", ignored);
    key.raw = nlohmann::json::object();
    for (const char* m : {"kty", "kid", "alg", "use", "n", "e", "crv", "x", "y"}) {
      auto it = k.find(m);
      if (it != k.end()) key.raw[m] = *it;
    }
    out.keys.push_back(std::move(key));
  }
  if (skipped > 0) {
    if (!notes.empty()) notes += "; ";
    notes += std::to_string(skipped) + " key entries are not objects";
  }
  return out;
}

}  // namespace wid
