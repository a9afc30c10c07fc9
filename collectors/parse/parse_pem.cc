#include "collectors/parse/parse_pem.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

#include "analyzer/model/text.h"
#include "collectors/parse/digest.h"

namespace wid {
namespace {

// Never prompt on the terminal for the passphrase of an encrypted key: refuse it.
int no_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Deleter {
  void operator()(X509* x) const { X509_free(x); }
};

std::string key_type_name(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
      return "RSA";
    case EVP_PKEY_RSA_PSS:
      return "RSA-PSS";
    case EVP_PKEY_EC:
      return "EC";
    case EVP_PKEY_ED25519:
      return "ED25519";
    case EVP_PKEY_ED448:
      return "ED448";
    default:
      return "";
  }
}

// DER SubjectPublicKeyInfo: the public half only, whatever the block held.
std::string spki_of(const EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  if (len <= 0) return {};
  std::string spki(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return spki;
}

// Decodes one PEM block (its full BEGIN..END text) into a public key, when it holds one.
EVP_PKEY* decode_block(const std::string& block, const std::string& type) {
  std::unique_ptr<BIO, BioDeleter> bio(
      BIO_new_mem_buf(block.data(), static_cast<int>(block.size())));
  if (!bio) return nullptr;
  if (type == "CERTIFICATE" || type == "TRUSTED CERTIFICATE") {
    std::unique_ptr<X509, X509Deleter> cert(
        type == "CERTIFICATE" ? PEM_read_bio_X509(bio.get(), nullptr, no_passphrase, nullptr)
                              : PEM_read_bio_X509_AUX(bio.get(), nullptr, no_passphrase, nullptr));
    if (!cert) return nullptr;
    EVP_PKEY* k = X509_get_pubkey(cert.get());  // a new reference
    return k;
  }
  if (type.find("PRIVATE KEY") == std::string::npos &&
      type.find("PUBLIC KEY") == std::string::npos) {
    return nullptr;
  }
  // One decoder for SPKI, PKCS#1 ("RSA PUBLIC KEY" / "RSA PRIVATE KEY"), SEC1 and PKCS#8.
  EVP_PKEY* key = nullptr;
  OSSL_DECODER_CTX* ctx =
      OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr, 0, nullptr, nullptr);
  if (ctx == nullptr) return nullptr;
  OSSL_DECODER_CTX_set_pem_password_cb(ctx, no_passphrase, nullptr);
  if (OSSL_DECODER_from_bio(ctx, bio.get()) != 1) {
    EVP_PKEY_free(key);
    key = nullptr;
  }
  OSSL_DECODER_CTX_free(ctx);
  return key;
}

}  // namespace

Result<std::vector<PemKey>> parse_pem(std::string_view text, const SourceRef& source) {
  std::vector<PemKey> keys;
  size_t pos = 0;
  while (true) {
    size_t begin = text.find("-----BEGIN ", pos);
    if (begin == std::string_view::npos) break;
    size_t type_start = begin + 11;
    size_t type_end = text.find("-----", type_start);
    if (type_end == std::string_view::npos) break;
    std::string type(text.substr(type_start, type_end - type_start));
    std::string end_marker = "-----END " + type + "-----";
    size_t end = text.find(end_marker, type_end);
    if (end == std::string_view::npos) break;
    size_t block_end = end + end_marker.size();
    std::string block(text.substr(begin, block_end - begin));
    block += '\n';

    PemKey k;
    k.source = source;
    k.source.line = 1;
    for (size_t i = 0; i < begin; ++i)
      if (text[i] == '\n') ++k.source.line;
    k.pem_type = escape_controls(truncate_utf8(to_utf8(type), 64));
    k.is_private = type.find("PRIVATE KEY") != std::string::npos;
    EVP_PKEY* key = decode_block(block, type);
    if (key != nullptr) {
      // kid = base64url(SHA-256(SPKI DER)), as kube-apiserver and `azwi jwks` compute it.
      k.spki_der = spki_of(key);
      if (!k.spki_der.empty()) k.kid = base64url_encode(sha256_binary(k.spki_der));
      k.key_type = key_type_name(key);
      EVP_PKEY_free(key);
    }
    ERR_clear_error();  // a failed decode leaves errors queued; none may leak into other calls
    if (k.is_private) OPENSSL_cleanse(block.data(), block.size());
    keys.push_back(std::move(k));
    pos = block_end;
  }
  if (keys.empty()) {
    return make_error(ErrorCode::kParse, "no complete PEM block (BEGIN/END) found", source);
  }
  return keys;
}

std::string pem_file_type(const std::vector<PemKey>& keys) {
  bool pub = false, cert = false;
  for (const auto& k : keys) {
    if (k.is_private) return "pem/private-key";
    if (k.pem_type == "PUBLIC KEY" || k.pem_type == "RSA PUBLIC KEY" ||
        k.pem_type == "EC PUBLIC KEY")
      pub = true;
    if (k.pem_type == "CERTIFICATE" || k.pem_type == "TRUSTED CERTIFICATE") cert = true;
  }
  if (pub) return "pem/public-key";
  if (cert) return "pem/certificate";
  return "";
}

}  // namespace wid
