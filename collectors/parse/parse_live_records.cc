#include "collectors/parse/parse_live_records.h"

#include "analyzer/model/json_path.h"
#include "collectors/parse/token_verify.h"

namespace wid {

using Json = nlohmann::json;

bool is_kube_connection(const Json& j) {
  return j.is_object() && string_at(j, {"schemaVersion"}) == kKubeConnectionSchema;
}

KubeConnection parse_kube_connection(const Json& j, const SourceRef& source) {
  KubeConnection c;
  c.source = source;
  c.context = string_at(j, {"context"});
  c.server = string_at(j, {"server"});
  c.proxy_url = string_at(j, {"proxyUrl"});
  auto it = j.find("insecureSkipTlsVerify");
  c.insecure_skip_tls_verify = it != j.end() && it->is_boolean() && it->get<bool>();
  return c;
}

Json kube_connection_to_json(const KubeConnection& c) {
  Json j = {{"schemaVersion", kKubeConnectionSchema},
            {"context", c.context},
            {"server", c.server},
            {"insecureSkipTlsVerify", c.insecure_skip_tls_verify}};
  if (!c.proxy_url.empty()) j["proxyUrl"] = c.proxy_url;
  return j;
}

bool is_token_verification(const Json& j) {
  return j.is_object() && string_at(j, {"schemaVersion"}) == kTokenVerificationSchema;
}

TokenVerification parse_token_verification(const Json& j, const SourceRef& source) {
  TokenVerification v;
  v.source = source;
  v.token_path = string_at(j, {"token"});
  v.signature = string_at(j, {"signature"});
  v.verified_by = string_at(j, {"verifiedBy"});
  v.verified_by_kid = string_at(j, {"verifiedByKid"});
  return v;
}

Json token_verification_to_json(const TokenVerification& v) {
  Json j = {{"schemaVersion", kTokenVerificationSchema},
            {"token", v.token_path},
            {"signature", v.signature}};
  if (!v.verified_by.empty()) j["verifiedBy"] = v.verified_by;
  if (!v.verified_by_kid.empty()) j["verifiedByKid"] = v.verified_by_kid;
  return j;
}

std::string verification_path_for(const std::string& token_path) {
  const std::string ext = ".jwt";
  if (token_path.size() > ext.size() &&
      token_path.compare(token_path.size() - ext.size(), ext.size(), ext) == 0)
    return token_path.substr(0, token_path.size() - ext.size()) + ".verify.json";
  return token_path + ".verify.json";
}

namespace {

bool known_result(const std::string& s) {
  return s == kSignatureVerified || s == kSignatureInvalid || s == kSignatureNoKey ||
         s == kSignatureRejectedAlg;
}

}  // namespace

void apply_token_verifications(EvidenceStore& store) {
  for (const TokenVerification& v : store.token_verifications) {
    if (!known_result(v.signature)) continue;
    // The token is the one beside the record: its `token` member is the bundle path, which an
    // archive's top directory would put off by a prefix.
    for (ServiceAccountToken& t : store.tokens) {
      if (t.signature != kSignatureUnsigned ||
          verification_path_for(t.source.path) != v.source.path)
        continue;
      t.signature = v.signature;
      t.verified_by = v.verified_by;
      t.verified_by_kid = v.verified_by_kid;
    }
  }
}

}  // namespace wid
