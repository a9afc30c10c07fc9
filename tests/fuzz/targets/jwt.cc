// JWT parsing and signature verification: any bytes parse to a token or an error, and a token the
// verifier accepts was signed as it is: its signed part is byte for byte one the fixture's key
// really signed (a mutated header, payload or alg never verifies).
#include <set>

#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_oidc.h"
#include "collectors/parse/parse_pem.h"
#include "collectors/parse/token_verify.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const char* const kCase = "fixtures/cases/scenario-healthy-quickstart/input/";

struct Keys {
  wid::EvidenceStore store;
  std::set<std::string> signed_inputs;  // of the fixture tokens the keys verify
};

const Keys& keys() {
  static const Keys k = [] {
    Keys out;
    auto pem = wid::parse_pem(wid::fuzz::source_file(std::string(kCase) + "cluster/keys/sa.pub"),
                              wid::SourceRef{"sa.pub", 0, ""});
    wid::fuzz::require(pem.ok());
    out.store.keys = *pem;
    auto jwks =
        nlohmann::json::parse(wid::fuzz::source_file(std::string(kCase) + "issuer/jwks.json"));
    std::string notes;
    out.store.jwks.push_back(wid::parse_jwks(jwks, wid::SourceRef{"jwks.json", 0, ""}, notes));
    const std::string token =
        wid::fuzz::source_file(std::string(kCase) + "cluster/tokens/capz-system/capz-manager.jwt");
    wid::JwsParts parts;
    auto t = wid::parse_jwt(token, wid::SourceRef{"seed.jwt", 0, ""}, &parts);
    wid::fuzz::require(t.ok());
    wid::verify_token_signature(*t, parts, out.store);
    wid::fuzz::require(t->signature == wid::kSignatureVerified);
    out.signed_inputs.insert(std::string(parts.signing_input));
    return out;
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Keys& k = keys();
  const std::string_view text = wid::fuzz::bytes(data, size);
  (void)wid::looks_like_bare_jwt(text, true);
  (void)wid::looks_like_bare_jwt(text, false);
  wid::JwsParts parts;
  auto token = wid::parse_jwt(text, wid::SourceRef{"fuzz.jwt", 0, ""}, &parts);
  if (!token.ok()) return 0;
  wid::verify_token_signature(*token, parts, k.store);
  if (token->signature == wid::kSignatureVerified) {
    wid::fuzz::require(k.signed_inputs.count(std::string(parts.signing_input)) == 1);
    wid::fuzz::require(wid::jws_alg_allowed(token->alg));
  }
  return 0;
}
