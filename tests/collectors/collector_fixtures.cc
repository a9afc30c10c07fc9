#include "tests/collectors/collector_fixtures.h"

#include <archive.h>
#include <archive_entry.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "collectors/parse/digest.h"

namespace wid::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "wid-collectors-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::write(const std::string& rel, const std::string& bytes) const {
  fs::path p = path_ / rel;
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return p.string();
}

std::string gzip(const std::string& bytes) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw std::runtime_error("deflateInit2");
  std::string out(deflateBound(&zs, bytes.size()) + 64, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate");
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

namespace {

la_ssize_t append_cb(archive*, void* client, const void* buf, size_t n) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buf), n);
  return static_cast<la_ssize_t>(n);
}

}  // namespace

namespace {

std::string write_archive(const std::vector<TarEntry>& entries, bool zip, bool gzipped) {
  std::string out;
  archive* a = archive_write_new();
  if (zip) {
    archive_write_set_format_zip(a);
  } else {
    archive_write_set_format_pax_restricted(a);
  }
  if (gzipped) archive_write_add_filter_gzip(a);
  archive_write_set_bytes_in_last_block(a, 1);
  archive_write_open(a, &out, nullptr, append_cb, nullptr);
  for (const auto& e : entries) {
    archive_entry* en = archive_entry_new();
    archive_entry_set_pathname(en, e.name.c_str());
    archive_entry_set_mtime(en, 1764331200, 0);  // fixed, so archives are reproducible
    archive_entry_set_perm(en, 0644);
    switch (e.type) {
      case TarEntry::Type::kFile:
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_size(en, static_cast<la_int64_t>(e.data.size()));
        break;
      case TarEntry::Type::kDir:
        archive_entry_set_filetype(en, AE_IFDIR);
        break;
      case TarEntry::Type::kSymlink:
        archive_entry_set_filetype(en, AE_IFLNK);
        archive_entry_set_symlink(en, e.target.c_str());
        break;
      case TarEntry::Type::kHardlink:
        archive_entry_set_filetype(en, AE_IFREG);
        archive_entry_set_hardlink(en, e.target.c_str());
        break;
      case TarEntry::Type::kFifo:
        archive_entry_set_filetype(en, AE_IFIFO);
        break;
      case TarEntry::Type::kCharDevice:
        archive_entry_set_filetype(en, AE_IFCHR);
        archive_entry_set_rdev(en, 0x0103);
        break;
    }
    archive_write_header(a, en);
    if (e.type == TarEntry::Type::kFile && !e.data.empty())
      archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(en);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

}  // namespace

std::string make_tar(const std::vector<TarEntry>& entries, bool gzipped) {
  return write_archive(entries, false, gzipped);
}

std::string make_zip(const std::vector<TarEntry>& entries) {
  return write_archive(entries, true, false);
}

EVP_PKEY* new_rsa_key() { return EVP_RSA_gen(2048); }

namespace {

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  std::string s(data, static_cast<size_t>(n));
  BIO_free(bio);
  return s;
}

}  // namespace

std::string public_key_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key);
  return bio_string(bio);
}

std::string private_key_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  return bio_string(bio);
}

std::string rsa_public_key_pem(EVP_PKEY* key) {
  // PKCS#1 DER via the generic encoder, wrapped by hand in the "RSA PUBLIC KEY" armour.
  unsigned char* der = nullptr;
  int len = i2d_PublicKey(key, &der);
  std::string raw(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  std::string b64(((raw.size() + 2) / 3) * 4 + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  b64.resize(static_cast<size_t>(n));
  std::string out = "-----BEGIN RSA PUBLIC KEY-----\n";
  for (size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  out += "-----END RSA PUBLIC KEY-----\n";
  return out;
}

std::string self_signed_cert_pem(EVP_PKEY* key) {
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("wi-doctor-test"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  X509_sign(x, key, EVP_sha256());
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, x);
  X509_free(x);
  return bio_string(bio);
}

std::string b64url(const std::string& bytes) { return base64url_encode(bytes); }

std::string kubernetes_kid(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int len = i2d_PUBKEY(key, &der);
  std::string spki(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return b64url(sha256_binary(spki));
}

std::string mint_jwt(const std::string& header_json, const std::string& claims_json,
                     EVP_PKEY* key) {
  const std::string signing_input = b64url(header_json) + "." + b64url(claims_json);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  size_t len = 0;
  EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(signing_input.data()),
                 signing_input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(signing_input.data()),
                 signing_input.size());
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  return signing_input + "." + b64url(sig);
}

EVP_PKEY* new_ec_key(const char* group) { return EVP_EC_gen(group); }

namespace {

const EVP_MD* digest_of(const std::string& alg) {
  if (alg.substr(2) == "384") return EVP_sha384();
  if (alg.substr(2) == "512") return EVP_sha512();
  return EVP_sha256();
}

std::string bn_bytes(const BIGNUM* bn, int width) {
  std::string out(static_cast<size_t>(width > 0 ? width : BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  return out;
}

}  // namespace

std::string jws_signature(const std::string& alg, const std::string& signing_input, EVP_PKEY* key) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = nullptr;
  EVP_DigestSignInit(ctx, &pctx, digest_of(alg), nullptr, key);
  if (alg[0] == 'P') {
    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
  }
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(signing_input.data());
  EVP_DigestSign(ctx, nullptr, &len, in, signing_input.size());
  std::string sig(len, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len, in, signing_input.size());
  sig.resize(len);
  EVP_MD_CTX_free(ctx);
  if (alg[0] != 'E') return sig;
  // DER ECDSA-Sig-Value -> raw r||s, each the curve's field width.
  const int width = (EVP_PKEY_get_bits(key) + 7) / 8;
  const auto* der = reinterpret_cast<const unsigned char*>(sig.data());
  ECDSA_SIG* es = d2i_ECDSA_SIG(nullptr, &der, static_cast<long>(sig.size()));
  std::string raw = bn_bytes(ECDSA_SIG_get0_r(es), width) + bn_bytes(ECDSA_SIG_get0_s(es), width);
  ECDSA_SIG_free(es);
  return raw;
}

std::string mint_jws(const std::string& alg, const std::string& header_json,
                     const std::string& claims_json, EVP_PKEY* key) {
  const std::string signing_input = b64url(header_json) + "." + b64url(claims_json);
  return signing_input + "." + b64url(jws_signature(alg, signing_input, key));
}

std::string mint_hs256(const std::string& header_json, const std::string& claims_json,
                       const std::string& secret) {
  const std::string signing_input = b64url(header_json) + "." + b64url(claims_json);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), mac,
       &len);
  return signing_input + "." + b64url(std::string(reinterpret_cast<char*>(mac), len));
}

std::string public_jwk(EVP_PKEY* key, const std::string& kid, const std::string& alg,
                       const std::string& use) {
  nlohmann::json j;
  if (EVP_PKEY_is_a(key, "RSA")) {
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_E, &e);
    j["kty"] = "RSA";
    j["n"] = b64url(bn_bytes(n, 0));
    j["e"] = b64url(bn_bytes(e, 0));
    BN_free(n);
    BN_free(e);
  } else {
    BIGNUM* x = nullptr;
    BIGNUM* y = nullptr;
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &x);
    EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
    const int bits = EVP_PKEY_get_bits(key);
    const int width = (bits + 7) / 8;
    j["kty"] = "EC";
    j["crv"] = bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521";
    j["x"] = b64url(bn_bytes(x, width));
    j["y"] = b64url(bn_bytes(y, width));
    BN_free(x);
    BN_free(y);
  }
  if (!kid.empty()) j["kid"] = kid;
  if (!alg.empty()) j["alg"] = alg;
  if (!use.empty()) j["use"] = use;
  return j.dump();
}

std::string flatten(const EvidenceStore& s) {
  auto dump = [](const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  std::string out;
  auto add = [&](const std::string& x) {
    out += x;
    out += '\n';
  };
  for (const auto& i : s.inputs) add(i.path + " " + i.type + " " + i.detail + " " + i.error);
  for (const auto& o : s.objects) add(dump(o.body));
  for (const auto& a : s.apiservers)
    for (const auto& [k, v] : a.flags)
      for (const auto& x : v) add(k + "=" + x);
  for (const auto& f : s.federated_credentials) add(f.issuer + " " + f.subject + " " + f.name);
  for (const auto& t : s.tokens)
    add(dump(t.header) + dump(t.claims) + t.fingerprint + " " + t.alg + " " + t.kid + " " +
        t.signature + " " + t.verified_by + " " + t.verified_by_kid);
  for (const auto& k : s.keys) add(k.pem_type + " " + k.kid + " " + k.spki_der);
  for (const auto& r : s.identities) add(r.id + " " + r.client_id + " " + r.principal_id);
  for (const auto& r : s.role_assignments) add(r.id + " " + r.principal_id + " " + r.scope);
  for (const auto& r : s.role_definitions) add(r.id + " " + r.role_name);
  for (const auto& d : s.discoveries) add(d.issuer + " " + d.jwks_uri);
  for (const auto& st : s.settings)
    for (const auto& [k, v] : st.values) add(k + "=" + v);
  for (const auto& u : s.unreadable) add(u.source.path + " " + u.message);
  for (const auto& j : s.jwks)
    for (const auto& k : j.keys) add(dump(k.raw));
  return out;
}

const InputFile* find_input(const EvidenceStore& store, const std::string& path) {
  for (const auto& i : store.inputs)
    if (i.path == path) return &i;
  return nullptr;
}

}  // namespace wid::testing
