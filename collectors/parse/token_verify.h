// Service-account token signatures checked against the keys at hand in the bundle (JWKS keys,
// sa.pub, the public half of sa.key), following RFC 8725: an algorithm allowlist bound to the key
// type, EVP_DigestVerify(...) == 1 exactly, ES* raw r||s converted to DER with its length checked,
// and `jku`/`x5u`/`jwk`/`x5c` header members never fetched or trusted (only keys from the store are
// tried). Keys may arrive after the token, so the signed parts wait in a collector-private pending
// list and are checked in one pass at the end of read_bundle, then cleansed. They never reach the
// EvidenceStore.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "analyzer/model/evidence.h"

namespace wid {

// ServiceAccountToken::signature values (see evidence.h for what each means).
inline constexpr const char* kSignatureVerified = "verified";
inline constexpr const char* kSignatureInvalid = "invalid";
inline constexpr const char* kSignatureNoKey = "no-key";
inline constexpr const char* kSignatureRejectedAlg = "rejected-alg";
inline constexpr const char* kSignatureUnsigned = "unsigned";

// The signed parts of a compact JWS, as views into the text parse_jwt was given: valid only while
// that text lives.
struct JwsParts {
  std::string_view signing_input;  // "header.payload", as it arrived
  std::string_view signature_b64;  // base64url; empty when the signature was removed
};

// RS256/384/512, PS256/384/512 (RSA keys), ES256/384/512 (P-256/384/521 keys; ES512 is what
// kube-apiserver uses for a P-521 key). Never `none`, never HS* (a public key is no HMAC secret).
bool jws_alg_allowed(std::string_view alg);

// What parse_jwt can tell without keys: rejected-alg, unsigned, or "" (keys decide).
std::string signature_status_without_keys(std::string_view alg, std::string_view signature_b64);

// Checks one token against every usable key in store; sets token.signature, verified_by and
// verified_by_kid. Candidates: keys whose kid equals the token's first, then every other key of
// the type the alg needs. A key the token's kid names but of another type makes it rejected-alg.
void verify_token_signature(ServiceAccountToken& token, const JwsParts& parts,
                            const EvidenceStore& store);

// Signed parts of tokens already in store.tokens, waiting for the keys. Owns copies of the bytes
// and cleanses them (OPENSSL_cleanse) when verified or destroyed.
class PendingSignatures {
 public:
  PendingSignatures();
  ~PendingSignatures();
  PendingSignatures(const PendingSignatures&) = delete;
  PendingSignatures& operator=(const PendingSignatures&) = delete;

  // Keeps the parts of store.tokens[token_index] until verify_all.
  void add(size_t token_index, const JwsParts& parts);
  // Checks every pending token against the keys now in store, then cleanses and drops the parts.
  // Call before store.tokens is reordered: entries are held by index.
  void verify_all(EvidenceStore& store);
  size_t size() const { return entries_.size(); }

 private:
  struct Entry;
  std::vector<std::unique_ptr<Entry>> entries_;
};

}  // namespace wid
