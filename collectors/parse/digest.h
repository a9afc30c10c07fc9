// Hashing and base64url helpers shared by the parsers and the bundle reader. SHA-256 comes from
// OpenSSL; base64url is strict (RFC 4648 §5 alphabet, no padding) because a JWT with padding or
// '+'/'/' is malformed and must not be silently accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of this header

namespace wid {

// Incremental SHA-256 for inputs read in blocks (large log files are hashed while streaming).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  std::string hex_digest();     // lower-case hex; ends the hash
  std::string binary_digest();  // 32 raw bytes; ends the hash

 private:
  evp_md_ctx_st* ctx_;
};

std::string sha256_hex(std::string_view bytes);
std::string sha256_binary(std::string_view bytes);

// Strict base64url without padding; nullopt on any other character or an impossible length.
std::optional<std::string> base64url_decode(std::string_view text);
std::string base64url_encode(std::string_view bytes);

}  // namespace wid
