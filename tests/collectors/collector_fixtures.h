// Test fixtures for the collectors, built at test time: temporary directories, gzip streams,
// tar / tar.gz archives (libarchive's writer, including entries no real extractor should accept),
// RSA and EC keys, JWKs and JWS tokens (RS*, PS*, ES*, HS256) minted with OpenSSL, and a flattening
// of an EvidenceStore so a test can prove a secret reached no record.
#pragma once

#include <openssl/evp.h>

#include <filesystem>
#include <string>
#include <vector>

#include "analyzer/model/evidence.h"

namespace wid::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  // Writes bytes to a relative path, creating directories; returns the absolute path.
  std::string write(const std::string& rel, const std::string& bytes) const;

 private:
  std::filesystem::path path_;
};

std::string gzip(const std::string& bytes);

struct TarEntry {
  enum class Type { kFile, kDir, kSymlink, kHardlink, kFifo, kCharDevice };
  TarEntry(std::string n, std::string d = "", Type t = Type::kFile, std::string tg = "")
      : name(std::move(n)), data(std::move(d)), type(t), target(std::move(tg)) {}
  std::string name;
  std::string data;
  Type type = Type::kFile;
  std::string target;  // symlink / hardlink target
};
// A tar (gzip-compressed when gzipped) with exactly these entries, names as given.
std::string make_tar(const std::vector<TarEntry>& entries, bool gzipped);
// A zip with exactly these entries (libarchive's writer, deflated), names as given.
std::string make_zip(const std::vector<TarEntry>& entries);

// RSA-2048 key; the caller frees it with EVP_PKEY_free.
EVP_PKEY* new_rsa_key();
std::string public_key_pem(EVP_PKEY* key);      // SubjectPublicKeyInfo ("PUBLIC KEY")
std::string private_key_pem(EVP_PKEY* key);     // PKCS#8 ("PRIVATE KEY")
std::string rsa_public_key_pem(EVP_PKEY* key);  // PKCS#1 ("RSA PUBLIC KEY")
std::string self_signed_cert_pem(EVP_PKEY* key);
// kid as Kubernetes computes it: base64url(SHA-256(SPKI DER)).
std::string kubernetes_kid(EVP_PKEY* key);
// header.payload.signature, RS256 over the two base64url JSON parts.
std::string mint_jwt(const std::string& header_json, const std::string& claims_json, EVP_PKEY* key);
std::string b64url(const std::string& bytes);

// EC key on an OpenSSL group ("prime256v1" = P-256, "secp384r1" = P-384); caller frees it.
EVP_PKEY* new_ec_key(const char* group = "prime256v1");
// The raw JWS signature over signing_input: RS*/PS* (RSA key) or ES* as raw r||s, fixed width
// (RFC 7518 §3.4), not OpenSSL's DER.
std::string jws_signature(const std::string& alg, const std::string& signing_input, EVP_PKEY* key);
// header.payload.signature signed with alg (RS256/384/512, PS256/384/512, ES256/384).
std::string mint_jws(const std::string& alg, const std::string& header_json,
                     const std::string& claims_json, EVP_PKEY* key);
// header.payload.signature with HMAC-SHA256 under secret (for key-confusion tests).
std::string mint_hs256(const std::string& header_json, const std::string& claims_json,
                       const std::string& secret);
// A public JWK for key: {"kty":"RSA","n","e"} or {"kty":"EC","crv","x","y"}, with kid/alg/use
// when not empty.
std::string public_jwk(EVP_PKEY* key, const std::string& kid, const std::string& alg = "",
                       const std::string& use = "sig");

// Every string the store holds (bodies dumped), for "the secret is nowhere" assertions.
std::string flatten(const EvidenceStore& store);
const InputFile* find_input(const EvidenceStore& store, const std::string& path);

}  // namespace wid::testing
