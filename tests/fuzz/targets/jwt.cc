// JWT parsing and signature verification against the keys of a fixture bundle: any bytes parse to
// a token or an error, and a token the verifier accepts was verified over its own bytes (never a
// decoded and re-encoded form) with an algorithm the allowlist names.
#include "collectors/parse/parse_jwt.h"
#include "collectors/parse/parse_oidc.h"
#include "collectors/parse/parse_pem.h"
#include "collectors/parse/token_verify.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const char* const kCase = "fixtures/cases/scenario-healthy-quickstart/input/";

const wid::EvidenceStore& keys() {
  static const wid::EvidenceStore store = [] {
    wid::EvidenceStore out;
    auto pem = wid::parse_pem(wid::fuzz::source_file(std::string(kCase) + "cluster/keys/sa.pub"),
                              wid::SourceRef{"sa.pub", 0, ""});
    wid::fuzz::require(pem.ok());
    out.keys = *pem;
    auto jwks =
        nlohmann::json::parse(wid::fuzz::source_file(std::string(kCase) + "issuer/jwks.json"));
    std::string notes;
    out.jwks.push_back(wid::parse_jwks(jwks, wid::SourceRef{"jwks.json", 0, ""}, notes));
    // The keys must verify the fixture's own token, or the target would fuzz less than it claims.
    const std::string token =
        wid::fuzz::source_file(std::string(kCase) + "cluster/tokens/capz-system/capz-manager.jwt");
    wid::JwsParts parts;
    auto t = wid::parse_jwt(token, wid::SourceRef{"seed.jwt", 0, ""}, &parts);
    wid::fuzz::require(t.ok());
    wid::verify_token_signature(*t, parts, out);
    wid::fuzz::require(t->signature == wid::kSignatureVerified);
    return out;
  }();
  return store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const wid::EvidenceStore& store = keys();
  const std::string_view text = wid::fuzz::bytes(data, size);
  (void)wid::looks_like_bare_jwt(text, true);
  (void)wid::looks_like_bare_jwt(text, false);
  wid::JwsParts parts;
  auto token = wid::parse_jwt(text, wid::SourceRef{"fuzz.jwt", 0, ""}, &parts);
  if (!token.ok()) return 0;
  wid::verify_token_signature(*token, parts, store);
  if (token->signature == wid::kSignatureVerified) {
    wid::fuzz::require(text.substr(0, parts.signing_input.size()) == parts.signing_input);
    wid::fuzz::require(wid::jws_alg_allowed(token->alg));
  }
  return 0;
}
