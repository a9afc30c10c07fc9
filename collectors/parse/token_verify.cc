#include "collectors/parse/token_verify.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <algorithm>
#include <optional>
#include <string>
#include <tuple>

#include "collectors/parse/digest.h"

namespace wid {
namespace {

enum class KeyFamily { kRsa, kRsaPss, kEc };

struct AlgSpec {
  const char* digest;           // OpenSSL digest name
  bool pss = false;             // PS*: RSASSA-PSS, salt length = digest length (RFC 7518 §3.5)
  bool ecdsa = false;           // ES*
  const char* curve = nullptr;  // ES*: the one group it may be used with
  size_t coord_bytes = 0;       // ES*: r and s are each this long in the raw signature
};

std::optional<AlgSpec> alg_spec(std::string_view alg) {
  if (alg == "RS256") return AlgSpec{.digest = "SHA256"};
  if (alg == "RS384") return AlgSpec{.digest = "SHA384"};
  if (alg == "RS512") return AlgSpec{.digest = "SHA512"};
  if (alg == "PS256") return AlgSpec{.digest = "SHA256", .pss = true};
  if (alg == "PS384") return AlgSpec{.digest = "SHA384", .pss = true};
  if (alg == "PS512") return AlgSpec{.digest = "SHA512", .pss = true};
  if (alg == "ES256")
    return AlgSpec{.digest = "SHA256", .ecdsa = true, .curve = "prime256v1", .coord_bytes = 32};
  if (alg == "ES384")
    return AlgSpec{.digest = "SHA384", .ecdsa = true, .curve = "secp384r1", .coord_bytes = 48};
  if (alg == "ES512")
    return AlgSpec{.digest = "SHA512", .ecdsa = true, .curve = "secp521r1", .coord_bytes = 66};
  return std::nullopt;
}

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

struct Key {
  Pkey pkey;
  KeyFamily family = KeyFamily::kRsa;
  std::string curve;    // EC: OpenSSL group name
  std::string kid;      // as the PEM was named (computed) or as the JWK says
  std::string jwk_alg;  // a JWK's "alg": the only alg it may verify
  SourceRef where;
  size_t order = 0;  // position in its file (JWKS index), for a stable order
};

std::optional<KeyFamily> family_of(const EVP_PKEY* k) {
  // RSA-PSS first: a PSS-restricted key must never verify RS*.
  if (EVP_PKEY_is_a(k, "RSA-PSS")) return KeyFamily::kRsaPss;
  if (EVP_PKEY_is_a(k, "RSA")) return KeyFamily::kRsa;
  if (EVP_PKEY_is_a(k, "EC")) return KeyFamily::kEc;
  return std::nullopt;
}

std::string group_of(const EVP_PKEY* k) {
  char name[64] = {0};
  size_t len = 0;
  if (EVP_PKEY_get_group_name(k, name, sizeof name, &len) != 1) return "";
  return std::string(name, len);
}

struct BnDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
using Bn = std::unique_ptr<BIGNUM, BnDeleter>;

std::optional<std::string> jwk_bytes(const nlohmann::json& raw, const char* member) {
  auto it = raw.find(member);
  if (it == raw.end() || !it->is_string()) return std::nullopt;
  auto b = base64url_decode(it->get<std::string>());
  if (!b || b->empty()) return std::nullopt;
  return b;
}

Pkey pkey_from_params(const char* type, OSSL_PARAM_BLD* bld) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* out = nullptr;
  if (params != nullptr && ctx != nullptr && EVP_PKEY_fromdata_init(ctx) == 1 &&
      EVP_PKEY_fromdata(ctx, &out, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    out = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  return Pkey(out);
}

Pkey rsa_from_jwk(const nlohmann::json& raw) {
  auto n = jwk_bytes(raw, "n");
  auto e = jwk_bytes(raw, "e");
  if (!n || !e) return nullptr;
  Bn bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()), static_cast<int>(n->size()),
                    nullptr));
  Bn bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()), static_cast<int>(e->size()),
                    nullptr));
  if (!bn_n || !bn_e) return nullptr;
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  if (bld == nullptr) return nullptr;
  Pkey k;
  if (OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, bn_n.get()) == 1 &&
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, bn_e.get()) == 1) {
    k = pkey_from_params("RSA", bld);
  }
  OSSL_PARAM_BLD_free(bld);
  return k;
}

Pkey ec_from_jwk(const nlohmann::json& raw) {
  auto crv = raw.find("crv");
  if (crv == raw.end() || !crv->is_string()) return nullptr;
  const std::string c = crv->get<std::string>();
  const char* group = c == "P-256"   ? "prime256v1"
                      : c == "P-384" ? "secp384r1"
                      : c == "P-521" ? "secp521r1"
                                     : nullptr;
  const size_t coord = c == "P-256" ? 32 : c == "P-384" ? 48 : 66;
  auto x = jwk_bytes(raw, "x");
  auto y = jwk_bytes(raw, "y");
  // RFC 7518 §6.2.1.2: x and y are exactly the field size; anything else is not this curve's point.
  if (group == nullptr || !x || !y || x->size() != coord || y->size() != coord) return nullptr;
  const std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  if (bld == nullptr) return nullptr;
  Pkey k;
  if (OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
      OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) ==
          1) {
    k = pkey_from_params("EC", bld);  // the point is checked to be on the curve here
  }
  OSSL_PARAM_BLD_free(bld);
  return k;
}

bool finish_key(Key& k) {
  if (!k.pkey) return false;
  auto fam = family_of(k.pkey.get());
  if (!fam) return false;
  k.family = *fam;
  if (k.family == KeyFamily::kEc) k.curve = group_of(k.pkey.get());
  return true;
}

// Every key in the store that can verify something, in a stable order (by where it came from, so
// a directory and its tarball name the same verifying key).
std::vector<Key> keys_at_hand(const EvidenceStore& store) {
  std::vector<Key> keys;
  for (const PemKey& p : store.keys) {
    if (p.spki_der.empty()) continue;
    const auto* der = reinterpret_cast<const unsigned char*>(p.spki_der.data());
    Key k;
    k.pkey.reset(d2i_PUBKEY(nullptr, &der, static_cast<long>(p.spki_der.size())));
    k.kid = p.kid;
    k.where = p.source;
    if (finish_key(k)) keys.push_back(std::move(k));
  }
  for (const Jwks& set : store.jwks) {
    for (size_t i = 0; i < set.keys.size(); ++i) {
      const JsonWebKey& j = set.keys[i];
      // A key published for encryption is not a signing key (RFC 7517 §4.2).
      if (!j.use.empty() && j.use != "sig") continue;
      Key k;
      if (j.kty == "RSA") k.pkey = rsa_from_jwk(j.raw);
      if (j.kty == "EC") k.pkey = ec_from_jwk(j.raw);
      k.kid = j.kid;
      k.jwk_alg = j.alg;
      k.where = set.source;
      k.where.pointer = "/keys/" + std::to_string(i);
      k.order = i;
      if (finish_key(k)) keys.push_back(std::move(k));
    }
  }
  ERR_clear_error();  // a key that would not decode leaves errors queued
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    return std::tie(a.where.path, a.where.line, a.order) <
           std::tie(b.where.path, b.where.line, b.order);
  });
  return keys;
}

// RFC 8725 §3.1: the alg is bound to the key. RS* only with plain RSA keys, PS* with RSA or
// RSA-PSS keys, ES* only with its own curve; a JWK that names its alg verifies that alg only.
bool fits(const Key& k, std::string_view alg, const AlgSpec& spec) {
  if (!k.jwk_alg.empty() && k.jwk_alg != alg) return false;
  if (spec.ecdsa) return k.family == KeyFamily::kEc && k.curve == spec.curve;
  if (spec.pss) return k.family == KeyFamily::kRsa || k.family == KeyFamily::kRsaPss;
  return k.family == KeyFamily::kRsa;
}

// JWS ES* signatures are raw r||s (RFC 7518 §3.4); OpenSSL verifies DER ECDSA-Sig-Value.
std::optional<std::string> ecdsa_raw_to_der(const std::string& raw, size_t coord_bytes) {
  if (raw.size() != 2 * coord_bytes) return std::nullopt;
  const auto* p = reinterpret_cast<const unsigned char*>(raw.data());
  BIGNUM* r = BN_bin2bn(p, static_cast<int>(coord_bytes), nullptr);
  BIGNUM* s = BN_bin2bn(p + coord_bytes, static_cast<int>(coord_bytes), nullptr);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  if (r == nullptr || s == nullptr || sig == nullptr || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &der);  // sig owns r and s now
  ECDSA_SIG_free(sig);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

bool verify_with(const Key& k, const AlgSpec& spec, std::string_view input,
                 const std::string& sig) {
  std::string der;
  std::string_view presented = sig;
  if (spec.ecdsa) {
    auto d = ecdsa_raw_to_der(sig, spec.coord_bytes);
    if (!d) return false;
    der = std::move(*d);
    presented = der;
  } else if (sig.size() != static_cast<size_t>(EVP_PKEY_get_size(k.pkey.get()))) {
    return false;  // RFC 7518 §3.3: an RSA signature is exactly the modulus length
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) return false;
  EVP_PKEY_CTX* pctx = nullptr;
  bool ok = EVP_DigestVerifyInit_ex(ctx, &pctx, spec.digest, nullptr, nullptr, k.pkey.get(),
                                    nullptr) == 1;
  if (ok && spec.pss) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, spec.digest, nullptr) == 1;
  } else if (ok && !spec.ecdsa) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  }
  // Exactly 1: EVP_DigestVerify returns 0 for a bad signature and a negative value for an error,
  // and "non-zero" would take an error for a pass.
  if (ok) {
    ok = EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(presented.data()),
                          presented.size(), reinterpret_cast<const unsigned char*>(input.data()),
                          input.size()) == 1;
  }
  EVP_MD_CTX_free(ctx);
  ERR_clear_error();
  return ok;
}

void check(ServiceAccountToken& t, const JwsParts& parts, const std::vector<Key>& keys) {
  t.verified_by.clear();
  t.verified_by_kid.clear();
  t.signature = signature_status_without_keys(t.alg, parts.signature_b64);
  if (!t.signature.empty()) return;
  const AlgSpec spec = *alg_spec(t.alg);

  std::vector<const Key*> candidates;
  bool kid_named = false;
  if (!t.kid.empty()) {
    for (const Key& k : keys) {
      if (k.kid != t.kid) continue;
      kid_named = true;
      if (fits(k, t.alg, spec)) candidates.push_back(&k);
    }
  }
  // The key the token names cannot verify this alg: an algorithm-confusion attempt or a
  // mislabelled token; either way no other key is asked to vouch for it.
  if (kid_named && candidates.empty()) {
    t.signature = kSignatureRejectedAlg;
    return;
  }
  for (const Key& k : keys)
    if ((t.kid.empty() || k.kid != t.kid) && fits(k, t.alg, spec)) candidates.push_back(&k);
  if (candidates.empty()) {
    t.signature = kSignatureNoKey;
    return;
  }
  auto sig = base64url_decode(parts.signature_b64);
  t.signature = kSignatureInvalid;
  if (!sig) return;
  for (const Key* k : candidates) {
    if (verify_with(*k, spec, parts.signing_input, *sig)) {
      t.signature = kSignatureVerified;
      t.verified_by =
          k->where.to_string() + (k->kid.empty() ? " (no kid)" : " (kid " + k->kid + ")");
      t.verified_by_kid = k->kid;
      break;
    }
  }
  OPENSSL_cleanse(sig->data(), sig->size());
}

}  // namespace

bool jws_alg_allowed(std::string_view alg) { return alg_spec(alg).has_value(); }

std::string signature_status_without_keys(std::string_view alg, std::string_view signature_b64) {
  if (!jws_alg_allowed(alg)) return kSignatureRejectedAlg;
  if (signature_b64.empty()) return kSignatureUnsigned;
  return "";
}

void verify_token_signature(ServiceAccountToken& token, const JwsParts& parts,
                            const EvidenceStore& store) {
  check(token, parts, keys_at_hand(store));
}

struct PendingSignatures::Entry {
  size_t token_index = 0;
  std::string signing_input;
  std::string signature_b64;
  ~Entry() {
    OPENSSL_cleanse(signing_input.data(), signing_input.size());
    OPENSSL_cleanse(signature_b64.data(), signature_b64.size());
  }
};

PendingSignatures::PendingSignatures() = default;
PendingSignatures::~PendingSignatures() = default;  // each Entry cleanses itself

void PendingSignatures::add(size_t token_index, const JwsParts& parts) {
  auto e = std::make_unique<Entry>();
  e->token_index = token_index;
  e->signing_input.assign(parts.signing_input);
  e->signature_b64.assign(parts.signature_b64);
  entries_.push_back(std::move(e));
}

void PendingSignatures::verify_all(EvidenceStore& store) {
  if (!entries_.empty()) {
    const std::vector<Key> keys = keys_at_hand(store);
    for (const auto& e : entries_) {
      if (e->token_index >= store.tokens.size()) continue;
      check(store.tokens[e->token_index], JwsParts{e->signing_input, e->signature_b64}, keys);
    }
  }
  entries_.clear();
}

}  // namespace wid
