#include "collectors/http/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "analyzer/model/text.h"
#include "collectors/http/curl_library.h"

namespace wid {
namespace {

struct Transfer {
  const HttpRequest* request = nullptr;
  HttpResponse* response = nullptr;
  bool over_limit = false;
  std::string refused;  // why the socket was refused, when it was
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  if (t->response->body.size() + len > t->request->max_body) {
    t->over_limit = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  t->response->body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string line(data, size * n);
  const std::string lower = to_lower_ascii(line);
  if (lower.rfind("retry-after:", 0) == 0) {
    std::string v = line.substr(12);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    t->response->retry_after.push_back(v);
  }
  return size * n;
}

std::string address_text(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {0};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

// Called for every socket libcurl opens (redirects included), before it connects.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (t->request->refuse_private) {
    const std::string ip = address_text(&address->addr);
    if (is_private_address(ip)) {
      t->refused = "refused to connect to " + ip + ": a loopback, private or link-local address (" +
                   t->request->private_hint + ")";
      return CURL_SOCKET_BAD;
    }
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

// Adds the extra CAs to the store libcurl has already filled from the system bundle.
CURLcode on_ssl_ctx(CURL*, void* ssl_ctx, void* user) {
  auto* t = static_cast<Transfer*>(user);
  X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
  for (const std::string& pem : t->request->trust.extra_ca_pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())),
                                                  BIO_free);
    while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      X509_STORE_add_cert(store, cert);  // a duplicate is refused harmlessly
      X509_free(cert);
    }
  }
  return CURLE_OK;
}

void set_blob(const CurlLibrary& lib, CURL* c, CURLoption opt, const std::string& pem) {
  curl_blob blob{const_cast<char*>(pem.data()), pem.size(), CURL_BLOB_COPY};
  lib.easy_setopt(c, opt, &blob);
}

void apply_trust(const CurlLibrary& lib, CURL* c, const TlsTrust& trust) {
  if (trust.skip_verify) {
    lib.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    lib.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  if (!trust.only_ca_pem.empty()) {
    set_blob(lib, c, CURLOPT_CAINFO_BLOB, trust.only_ca_pem);
    lib.easy_setopt(c, CURLOPT_CAPATH, nullptr);
  }
  if (!trust.client_cert_pem.empty()) {
    set_blob(lib, c, CURLOPT_SSLCERT_BLOB, trust.client_cert_pem);
    lib.easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
  }
  if (!trust.client_key_pem.empty()) {
    set_blob(lib, c, CURLOPT_SSLKEY_BLOB, trust.client_key_pem);
    lib.easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
  }
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kUnreadable, "cannot read CA file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

// RFC 3986 percent-encoding of everything but the unreserved characters, as curl_easy_escape
// writes it; by hand so that building a URL never has to load libcurl.
std::string url_escape(const std::string& s) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved =
        (c < 0x80 && std::isalnum(c) != 0) || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool is_private_address(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) {
    const uint32_t a = ntohl(v4.s_addr);
    return (a >> 24) == 127 || (a >> 24) == 10 || (a >> 24) == 0 || (a >> 20) == 0xAC1 ||
           (a >> 16) == 0xC0A8 || (a >> 16) == 0xA9FE || (a >> 22) == (100u << 2 | 1u);
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) {
    const uint8_t* b = v6.s6_addr;
    if (IN6_IS_ADDR_LOOPBACK(&v6) || IN6_IS_ADDR_UNSPECIFIED(&v6)) return true;
    if (IN6_IS_ADDR_V4MAPPED(&v6)) {
      char buf[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, b + 12, buf, sizeof buf);
      return is_private_address(buf);
    }
    return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80);
  }
  return true;  // not an address we can judge: refuse rather than guess
}

Result<std::vector<std::string>> extra_trust_from(const std::vector<std::string>& ca_files) {
  std::vector<std::string> files = ca_files;
  for (const char* var : {"SSL_CERT_FILE", "CURL_CA_BUNDLE"}) {
    const char* v = std::getenv(var);
    if (v != nullptr && *v != '\0') files.emplace_back(v);
  }
  std::vector<std::string> pems;
  for (const std::string& f : files) {
    auto text = read_text_file(f);
    if (!text) return text.error();
    pems.push_back(std::move(*text));
  }
  return pems;
}

Result<HttpResponse> http_fetch(const HttpRequest& request) {
  auto loaded = curl_library();
  if (!loaded.ok())
    return make_error(loaded.error().code, request.url + ": " + loaded.error().message);
  const CurlLibrary& lib = **loaded;
  std::unique_ptr<CURL, decltype(lib.easy_cleanup)> curl(lib.easy_init(), lib.easy_cleanup);
  if (!curl) return make_error(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* c = curl.get();
  HttpResponse response;
  Transfer t{&request, &response, false, ""};
  char errbuf[CURL_ERROR_SIZE] = {0};

  lib.easy_setopt(c, CURLOPT_URL, request.url.c_str());
  lib.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  lib.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  lib.easy_setopt(c, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  lib.easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, request.timeout_ms);
  lib.easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  lib.easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  lib.easy_setopt(c, CURLOPT_WRITEDATA, &t);
  lib.easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  lib.easy_setopt(c, CURLOPT_HEADERDATA, &t);
  lib.easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  lib.easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
  lib.easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
  lib.easy_setopt(c, CURLOPT_SSL_CTX_DATA, &t);
  lib.easy_setopt(c, CURLOPT_USERAGENT, "wi-doctor");
  lib.easy_setopt(c, CURLOPT_PROTOCOLS_STR, request.https_only ? "https" : "https,http");
  lib.easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, request.https_only ? "https" : "https,http");
  if (request.max_redirects > 0) {
    lib.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    lib.easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
  }
  if (request.method != "GET") {
    lib.easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (!request.body.empty() || request.method == "POST") {
    lib.easy_setopt(c, CURLOPT_POSTFIELDS, request.body.c_str());
    lib.easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  std::unique_ptr<curl_slist, decltype(lib.slist_free_all)> headers(nullptr, lib.slist_free_all);
  for (const std::string& h : request.headers)
    headers.reset(lib.slist_append(headers.release(), h.c_str()));
  if (headers) lib.easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  std::unique_ptr<curl_slist, decltype(lib.slist_free_all)> connect_to(nullptr, lib.slist_free_all);
  for (const std::string& e : request.connect_to)
    connect_to.reset(lib.slist_append(connect_to.release(), e.c_str()));
  if (connect_to) lib.easy_setopt(c, CURLOPT_CONNECT_TO, connect_to.get());
  if (!request.proxy.empty()) lib.easy_setopt(c, CURLOPT_PROXY, request.proxy.c_str());
  if (request.no_proxy) lib.easy_setopt(c, CURLOPT_NOPROXY, "*");
  apply_trust(lib, c, request.trust);

  const CURLcode rc = lib.easy_perform(c);
  lib.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  char* ct = nullptr;
  if (lib.easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) response.content_type = ct;
  char* ip = nullptr;
  if (lib.easy_getinfo(c, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) response.primary_ip = ip;
  char* eff = nullptr;
  if (lib.easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff)
    response.effective_url = eff;
  lib.easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &response.redirects);

  if (t.over_limit || rc == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorCode::kLimit, request.url + ": response body larger than " +
                                             std::to_string(request.max_body) + " bytes");
  }
  if (!t.refused.empty()) return make_error(ErrorCode::kUnreadable, request.url + ": " + t.refused);
  if (rc != CURLE_OK) {
    std::string msg = errbuf[0] != '\0' ? errbuf : lib.easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT)
      msg = "timed out after " + std::to_string(request.timeout_ms) + " ms (" + msg + ")";
    if (rc == CURLE_TOO_MANY_REDIRECTS)
      msg = "more than " + std::to_string(request.max_redirects) + " redirects (" + msg + ")";
    if (rc == CURLE_UNSUPPORTED_PROTOCOL && request.https_only)
      msg = "only https is allowed (" + msg + ")";
    return make_error(ErrorCode::kUnreadable, request.url + ": " + msg);
  }
  return response;
}

}  // namespace wid
