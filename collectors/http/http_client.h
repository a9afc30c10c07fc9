// The one HTTP client every live request goes through (libcurl with OpenSSL). TLS is always
// verified; trust is the system store plus the extra CA files given (never replacing it), or only
// the CA a kubeconfig names for its API server. Every request has a timeout, a body cap and a
// redirect cap; failures come back as values, with the address actually connected to.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "analyzer/model/result.h"

namespace wid {

namespace http_limits {
// A discovery document, a JWKS or one page of a Kubernetes list is far below this; a body past
// it is an endless or hostile response.
constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;
// kubectl's default request timeout is unbounded; ours is 20 s so one stalled source cannot eat
// the whole run (the default for --request-timeout).
constexpr long kDefaultTimeoutMs = 20000;
// Entra follows at most a few redirects when it fetches an issuer; so do we.
constexpr int kMaxIssuerRedirects = 3;
}  // namespace http_limits

struct TlsTrust {
  // PEM certificates added to the system store (--ca-file, SSL_CERT_FILE, CURL_CA_BUNDLE).
  std::vector<std::string> extra_ca_pem;
  // When set, the only trusted CA (a kubeconfig's certificate-authority for its API server).
  std::string only_ca_pem;
  // kubeconfig insecure-skip-tls-verify: honoured only when the kubeconfig says so.
  bool skip_verify = false;
  // Client certificate and key, PEM (kubeconfig client-certificate-data / client-key-data).
  std::string client_cert_pem;
  std::string client_key_pem;
};

struct HttpRequest {
  std::string url;
  std::string method = "GET";
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  long timeout_ms = http_limits::kDefaultTimeoutMs;
  size_t max_body = http_limits::kMaxBodyBytes;
  int max_redirects = 0;  // 0: redirects are not followed
  bool https_only = false;
  // Refuse to connect to loopback, private (RFC 1918, ULA) and link-local addresses, judged by
  // the address the socket is about to connect to, so DNS cannot point a public name inward.
  bool refuse_private = false;
  // What the refusal says after the address: why that endpoint must be public, and the option
  // that names another.
  std::string private_hint =
      "Entra fetches the issuer from the public internet; --allow-private-issuer allows it";
  // curl's CONNECT_TO entries, "HOST:PORT:CONNECT-HOST:CONNECT-PORT": name and TLS stay those of
  // the URL while the socket goes elsewhere (tests, split-horizon debugging).
  std::vector<std::string> connect_to;
  // A kubeconfig cluster's proxy-url (http, https or socks5); "" leaves libcurl's own
  // https_proxy / no_proxy handling of the environment.
  std::string proxy;
  // An endpoint the user named explicitly (--arm-endpoint, --authority-host) never goes through a
  // proxy: the user said where it is.
  bool no_proxy = false;
  TlsTrust trust;
};

struct HttpResponse {
  long status = 0;
  std::string content_type;
  std::string body;
  std::string effective_url;
  std::string primary_ip;  // the address actually connected to
  long redirects = 0;
  std::vector<std::string> retry_after;  // Retry-After header values seen (ARM 429)
};

// kUnreadable: the request failed (DNS, connect, TLS, timeout, redirect limit, refused address);
// kLimit: the body passed max_body. A non-2xx status is a response, not an error.
Result<HttpResponse> http_fetch(const HttpRequest& request);

// The PEM text of the CA files the environment names for libcurl's users (SSL_CERT_FILE,
// CURL_CA_BUNDLE), plus ca_files; libcurl itself reads neither variable. Unreadable files are an
// error naming the file.
Result<std::vector<std::string>> extra_trust_from(const std::vector<std::string>& ca_files);

// Whether an IP address text (v4 or v6) is loopback, private, link-local or unspecified.
bool is_private_address(const std::string& ip);

// s percent-encoded for a URL query value or path segment: everything but RFC 3986's unreserved
// characters (letters, digits, - . _ ~) becomes %XX (libcurl's curl_easy_escape).
std::string url_escape(const std::string& s);

}  // namespace wid
