// PEM blocks, JWKS and discovery documents: any bytes give keys or an error; no private key
// member of a JWKS reaches the model.
#include "collectors/parse/json_loader.h"
#include "collectors/parse/parse_oidc.h"
#include "collectors/parse/parse_pem.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = wid::fuzz::bytes(data, size);
  auto pem = wid::parse_pem(text, wid::SourceRef{"fuzz.pem", 0, ""});
  if (pem.ok()) {
    (void)wid::pem_file_type(*pem);
    for (const auto& key : *pem) wid::fuzz::require(key.kid.empty() == key.spki_der.empty());
  }
  auto json = wid::load_json(text);
  if (!json.ok()) return 0;
  std::string notes;
  const wid::SourceRef where{"issuer/jwks.json", 0, ""};
  if (wid::is_jwks(json->value)) {
    wid::Jwks jwks = wid::parse_jwks(json->value, where, notes);
    for (const auto& key : jwks.keys)
      for (const char* secret : {"d", "p", "q", "dp", "dq", "qi", "k"})
        wid::fuzz::require(!key.raw.is_object() || !key.raw.contains(secret));
  }
  if (wid::is_oidc_discovery(json->value)) (void)wid::parse_discovery(json->value, where, notes);
  // Shapes that are neither must be refused by the predicates, not crash the parsers.
  (void)wid::parse_jwks(json->value, where, notes);
  (void)wid::parse_discovery(json->value, where, notes);
  return 0;
}
